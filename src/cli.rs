//! The command line: wires source → parse → model → rules → report.

/// Runs planlint and returns the process exit code.
pub fn main() -> i32 {
    0
}
