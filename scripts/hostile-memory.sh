#!/usr/bin/env bash
# Peak memory and time of `planlint check` on one hostile 10 MiB file of
# each shape an attacker could pick (Markdown markup that makes many parser
# nodes, TOML and YAML of many tiny values), each the only goal file of a
# fresh repository. Prints one line a shape: its name, seconds, peak KB,
# and the rules of the diagnostics it got.
#
#   scripts/hostile-memory.sh            every shape
#   scripts/hostile-memory.sh SHAPE...   the named ones (see `shape` below)
#   PLANLINT=path/to/planlint scripts/hostile-memory.sh   another build
#
# Needs python3, jq and GNU time (`/usr/bin/time`).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${PLANLINT:-}" ]; then
    cargo build --release --quiet --bin planlint
    PLANLINT=$PWD/target/release/planlint
fi
planlint=$(realpath "$PLANLINT")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# shape NAME FILE: writes the shape's text to FILE.md, FILE.toml or FILE.yaml.
shape() {
    python3 - "$1" "$2" <<'PY'
import sys
N = 10 * 1024 * 1024 - 4096
FM = "---\nid: G-1\nteam: t\nowner: \"@a\"\nstatus: in-progress\nquarter: 2026-Q4\n---\n# T\n\n## Done when\n"
def fill(unit, head=FM, tail=""):
    return head + unit * ((N - len(head) - len(tail)) // len(unit)) + tail
md = {
    "cells": FM + "| a | b |\n|---|---|\n" + "|a" * ((N - 200) // 2) + "\n",
    "columns": FM + "|a" * ((N - 200) // 4) + "|\n" + "|-" * ((N - 200) // 4) + "|\n",
    "rows": fill("|a|b|\n"),
    "quotes": FM + ">" * (N - 200) + "a\n",
    "deep-list": FM + "- " * ((N - 200) // 2) + "a\n",
    "nested-items": fill("- - - - - - - - a\n"),
    "nested-quotes": fill("> > > > > > > > a\n"),
    "items": fill("- a\n"),
    "ordered": fill("1. a\n"),
    "tasks": fill("- [ ] a\n"),
    "headings": fill("# a\n"),
    "setext": fill("a\n=\n"),
    "paragraphs": fill("a\n\n"),
    "hard-breaks": fill("a  \n"),
    "cr-lines": fill("a\r"),
    "crlf-lines": fill("a\r\n"),
    "emphasis": fill("*a* "),
    "open-emphasis": fill("*a "),
    "strike": fill("~~a~~ "),
    "links": fill("[a](b) "),
    "open-links": fill("[a"),
    "brackets": fill("["),
    "nested-brackets": FM + "[" * ((N - 200) // 2) + "]" * ((N - 200) // 2) + "\n",
    "code-spans": fill("`a "),
    "html": fill("<TeamMember name=\"x\" /> "),
    "open-html": fill("<a "),
    "entities": fill("&amp;"),
    "autolinks": fill("<http://a> "),
    "link-definitions": fill("[a]: b\n"),
    "fences": fill("```\na\n```\n"),
    "mixed": fill("- **a:** [b](c) `d` <TeamMember name=\"e\" /> *f*\n"),
    "prose-lines": fill("abcdefghi\n"),
    "prose-paragraphs": fill("abc def ghi jkl mno pqr stu vwx\n\n"),
    "prose-items": fill("- abc def ghi jkl mno pqr stu vwx\n"),
}
data = {
    "toml-array": ("toml", "goal = [" + "1," * ((N - 20) // 2) + "1]\n"),
    "toml-tables": ("toml", fill("[[goal]]\nid=\"a\"\n", head="")),
    "toml-inline-tables": ("toml", "goal = [" + "{}," * ((N - 20) // 3) + "{}]\n"),
    "toml-dotted-keys": ("toml", fill("a.b.c.d.e.f = 1\n", head="")),
    "yaml-items": ("yaml", fill("- id: a\n", head="")),
    "yaml-flow": ("yaml", "goals: [" + "a," * ((N - 20) // 2) + "a]\n"),
    "yaml-aliases": ("yaml", "a: &a [x]\n" + fill("- *a\n", head="")),
}
name, path = sys.argv[1], sys.argv[2]
if name == "--list":
    print(" ".join(list(md) + list(data)))
elif name in md:
    open(path + ".md", "w").write(md[name])
else:
    ext, text = data[name]
    open(path + "." + ext, "w").write(text)
PY
}

shapes=("$@")
[ ${#shapes[@]} -gt 0 ] || read -ra shapes < <(shape --list -)
for name in "${shapes[@]}"; do
    repo=$work/$name
    mkdir -p "$repo/planning/goals" "$repo/planning/teams"
    printf 'id: t\nname: T\nmembers: ["@a"]\n' >"$repo/planning/teams/t.yaml"
    shape "$name" "$repo/planning/goals/g"
    git -C "$repo" init -q
    git -C "$repo" add -A
    git -C "$repo" -c user.name=bench -c user.email=bench@example.com commit -qm shape
    (cd "$repo" && /usr/bin/time -o "$work/time" -f "%e s %M KB" \
        "$planlint" check --format json >"$work/out.json" 2>/dev/null) || true
    rules=$(jq -r '[.diagnostics[].rule] | unique | join(",")' "$work/out.json")
    echo "$name: $(grep -v '^Command' "$work/time") ($rules)"
    rm -rf "$repo"
done
