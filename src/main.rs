#![forbid(unsafe_code)]

/// mimalloc instead of the system allocator: a check allocates and frees
/// millions of small strings across two threads, and with glibc's malloc that
/// was a fifth of the time; mimalloc took a 10,000-goal check to 0.8x of its
/// time and a little less memory (measured by preloading it, then built in).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(planlint::crash::catch(planlint::cli::main));
}
