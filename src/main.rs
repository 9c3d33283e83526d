#![forbid(unsafe_code)]

/// mimalloc instead of the system allocator: a check allocates and frees
/// millions of small strings across two threads, and with glibc's malloc that
/// was a fifth of the time; mimalloc took a 10,000-goal check to 0.8x of its
/// time and a little less memory (measured by preloading it, then built in).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    avoid_huge_pages();
    std::process::exit(planlint::crash::catch(planlint::cli::main));
}

/// Asks the kernel for no transparent huge pages. Where they are on for every
/// process, mimalloc's half-used memory is backed by 2 MB pages: a
/// 10,000-goal check held about 40 MB more memory with them and was no
/// faster. Called before any thread starts, so every thread inherits it. An
/// optimisation only: a kernel without the flag makes it fail, and the run
/// goes on.
fn avoid_huge_pages() {
    #[cfg(target_os = "linux")]
    let _ = nix::sys::prctl::set_thp_disable(true);
}
