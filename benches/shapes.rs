//! `cargo bench --bench shapes`: the input shapes an attacker would pick to
//! make a run superlinear (one long list, thousands of labelled lines, a
//! heading of nested parentheses), each read at two sizes, four times apart.
//! A linear reader takes about four times as long at the larger size; a
//! quadratic one, sixteen. The unit tests read the same shapes for
//! correctness; timing them is this bench's job, not the test suite's.

use divan::Bencher;
use planlint::extract::{self, FieldNames, FileRole};
use planlint::parse::SourceFile;

fn main() {
    divan::main();
}

/// Markdown goal documents built from one repeated piece.
fn shape(name: &str, lines: usize) -> String {
    match name {
        "bold-labels" => "**Owner:** @a\n".repeat(lines),
        "labels" => "Owner: @a\n".repeat(lines),
        "open-parens" => format!("# {}\n", "(a: ".repeat(lines)),
        "owner-parts" => format!("# {}\n", "(Owner: x) ".repeat(lines)),
        "components" => format!("- Owner: {}\n", "<TeamMember name=\"x\" />, ".repeat(lines)),
        "names" => format!("Owner: {}\n", "**@a** and ".repeat(lines)),
        "metadata-rows" => "| Owner | @a |\n".repeat(lines),
        "sections" => "## Why\n- x\n".repeat(lines / 2),
        _ => String::new(),
    }
}

#[divan::bench(
    args = ["bold-labels", "labels", "open-parens", "owner-parts", "components", "names", "metadata-rows", "sections"],
    consts = [10_000, 40_000],
    sample_count = 3
)]
fn read_goal_document<const LINES_OF: usize>(bencher: Bencher, name: &str) {
    let file = SourceFile {
        path: "goal.md".to_string(),
        bytes: shape(name, LINES_OF).into_bytes(),
    };
    let names = FieldNames::default();
    bencher.bench(|| extract::read_file(&file, &FileRole::Goal, &names));
}
