#![forbid(unsafe_code)]

fn main() {
    std::process::exit(planlint::crash::catch(planlint::cli::main));
}
