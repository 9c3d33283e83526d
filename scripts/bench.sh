#!/usr/bin/env bash
# Times whole planlint commands against the floor (`git grep -c '' -- planning`:
# read every planning file once) on generated plans, side by side in one
# hyperfine run, and prints each ratio and planlint's peak memory.
#
#   scripts/bench.sh                 1,000 teams: 10,000 goals, 20,000 issues
#   scripts/bench.sh --teams 100     a smaller plan
#   scripts/bench.sh --all           also: 10x scaling, --staged/--rev beside
#                                    100,000 unrelated files, --diff-base, a
#                                    plan whose every goal breaks four rules,
#                                    the real-layout sources per byte
#                                    (generated, and the corpus's documents
#                                    copied)
#   scripts/bench.sh --markdownlint  also markdownlint-cli2 (npm) on the same files
#
# Needs hyperfine (Debian: `apt-get install hyperfine`), git, jq and GNU time
# (`/usr/bin/time`). Plans are generated once into $BENCH_DIR (default
# target/bench-plans) and reused.
set -euo pipefail
cd "$(dirname "$0")/.."

teams=1000
all=false
markdownlint=false
runs=${BENCH_RUNS:-10}
while [ $# -gt 0 ]; do
    case "$1" in
        --teams) teams=$2; shift 2 ;;
        --all) all=true; shift ;;
        --markdownlint) markdownlint=true; shift ;;
        *) echo "usage: scripts/bench.sh [--teams N] [--all] [--markdownlint]" >&2; exit 2 ;;
    esac
done

for tool in hyperfine git jq /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "bench.sh: $tool is missing" >&2; exit 2; }
done

cargo build --release --quiet --bin planlint --example genplan
planlint=$PWD/target/release/planlint
genplan=$PWD/target/release/examples/genplan
plans=${BENCH_DIR:-$PWD/target/bench-plans}
mkdir -p "$plans"
results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

# plan NAME GENPLAN-ARGS...: generates the plan once; prints its folder.
plan() {
    local name=$1
    shift
    [ -d "$plans/$name" ] || "$genplan" --out "$plans/$name" "$@" >&2
    echo "$plans/$name"
}

# corpus_plan LAYOUT COPIES: the real goal documents of LAYOUT in
# tests/corpus, copied COPIES times into one committed plan (once); prints
# its folder. Each copy gets its own folder, goal titles (or file names) and
# people, as another team's page has: identical copies would time thousands
# of duplicate-id and owner-load findings that no real plan has.
corpus_plan() {
    local layout=$1 copies=$2 dir=$plans/corpus-$1-$2 k file name period
    if [ ! -d "$dir/.git" ]; then
        rm -rf "$dir"
        mkdir -p "$dir"
        cp "examples/$layout/planlint.toml" "$dir/"
        for k in $(seq 1 "$copies"); do
            case $layout in
            posthog)
                for file in tests/corpus/posthog/contents/teams/*/objectives.mdx; do
                    name=$(basename "$(dirname "$file")")
                    mkdir -p "$dir/contents/teams/$name-$k"
                    sed -e "s/^#### /#### T$k /" -e "s/name=\"\([^\"]*\)\"/name=\"\1 $k\"/g" \
                        "$file" >"$dir/contents/teams/$name-$k/objectives.mdx"
                done
                ;;
            rust-project-goals)
                for file in tests/corpus/rust-project-goals/src/*/*.md; do
                    name=$(basename "$file" .md)
                    case $name in README | goals | not_accepted) continue ;; esac
                    period=$dir/src/$(basename "$(dirname "$file")")-$k
                    mkdir -p "$period"
                    sed -e "s/@\([A-Za-z0-9_-]*\)/@\1-$k/g" "$file" >"$period/$name-$k.md"
                done
                ;;
            esac
        done
        git -C "$dir" init -q
        git -C "$dir" add -A
        git -C "$dir" -c user.name=bench -c user.email=bench@example.com commit -qm "Corpus copies"
    fi
    echo "$dir"
}

# compare LABEL DIR A B: times command A against command B (both run in DIR)
# in one hyperfine run; prints the medians and A/B.
compare() {
    local label=$1 dir=$2 a=$3 b=$4
    local json=$results/$label.json
    (cd "$dir" && hyperfine --style none --warmup 1 --runs "$runs" -i -N \
        --export-json "$json" "$a" "$b" >/dev/null)
    jq -r --arg name "$label" '
        .results as $r
        | "\($name): \($r[0].command) \($r[0].median * 1000 | floor) ms, "
          + "\($r[1].command) \($r[1].median * 1000 | floor) ms, "
          + "ratio \($r[0].median / $r[1].median * 100 | round / 100)x"' "$json"
}

# pair LABEL A B: the median wall times (seconds) of commands A and B,
# timed side by side in one hyperfine run (so a machine that drifts between
# runs does not skew their ratio); prints "A B".
pair() {
    local json=$results/$1.json
    hyperfine --style none --warmup 1 --runs "$runs" -i -N \
        --export-json "$json" "$2" "$3" >/dev/null
    jq -r '"\(.results[0].median) \(.results[1].median)"' "$json"
}

# peak DIR CMD...: peak resident memory of one run, in MB.
peak() {
    local dir=$1
    shift
    (cd "$dir" && /usr/bin/time -v "$@" 2>&1 >/dev/null) |
        awk '/Maximum resident set size/ { printf "%.0f MB\n", $NF / 1024 }'
}

# bytes DIR PATHSPEC...: bytes of the committed files the pathspecs match.
bytes() {
    local dir=$1
    shift
    (cd "$dir" && git ls-files -z -- "$@" | xargs -0 cat | wc -c)
}

check="$planlint check --format json"

# checked DIR: what a check of DIR read, so that a file it refused (too
# large, unreadable) shows as a count short of the plan's, not as speed.
checked() {
    { $check "$1" || true; } | jq -r '.summary | "checked \(.files) files: \(.teams) teams, \(.goals) goals, \(.issues) issues"'
}
main=$(plan "canonical-$teams" --teams "$teams")
echo "== $teams teams, $((teams * 10)) goals, $((teams * 20)) issues (nproc: $(nproc))"
checked "$main"
compare floor "$main" "$check" "git grep -c '' -- planning"
echo "peak memory: $(peak "$main" $check)"

if $markdownlint; then
    tools=$(mktemp -d)
    npm install --silent --no-save --no-audit --no-fund --prefix "$tools" markdownlint-cli2@0.20.0
    compare markdownlint "$main" \
        "$tools/node_modules/.bin/markdownlint-cli2 planning/**/*.md" "$check"
    echo "markdownlint-cli2 peak memory: $(peak "$main" \
        "$tools/node_modules/.bin/markdownlint-cli2" 'planning/**/*.md')"
    rm -rf "$tools"
fi

$all || exit 0

echo "== scaling: $((teams * 10)) teams vs $teams"
big=$(plan "canonical-$((teams * 10))" --teams $((teams * 10)))
checked "$big"
read -r t_big t_main < <(pair scaling "$check $big" "$check $main")
echo "scaling: $(jq -n "$t_big / $t_main * 100 | round / 100")x for 10x the plan ($t_main s -> $t_big s)"
echo "peak memory at 10x: $(peak "$big" $check)"

echo "== a $((teams / 10 * 10))-goal plan beside 100,000 unrelated files vs alone"
alone=$(plan "canonical-$((teams / 10))" --teams $((teams / 10)))
mono=$(plan "monorepo-$((teams / 10))" --teams $((teams / 10)) --unrelated 100000)
for flag in "" --staged "--rev HEAD"; do
    read -r a b < <(pair "mono${flag// /}" "$check $flag $mono" "$check $flag $alone")
    echo "${flag:-the work tree}: $(jq -n "$a / $b * 100 | round / 100")x ($b s alone, $a s beside)"
done

echo "== --diff-base changing one goal vs a plain check"
diff_plan=$(plan "diff-$teams" --teams "$teams")
if [ "$(git -C "$diff_plan" rev-list --count HEAD)" = 1 ]; then
    sed -i 's/^status: proposed$/status: committed/' "$diff_plan/planning/goals/2026-q3/g-0.md"
    git -C "$diff_plan" -c user.name=bench -c user.email=bench@example.com \
        commit -q -am "One goal changes"
fi
compare diff-base "$diff_plan" "$check --diff-base HEAD~1" "$check"

echo "== a plan where every goal breaks four rules vs the floor ($teams teams)"
# The generated goals are well-formed: 6,200 findings. Here every goal is
# in progress, owned by one person and has no done criteria or adoption
# step: 46,000 findings, each a diagnostic to make, sort and write.
findings_plan=$plans/findings-$teams
if [ ! -d "$findings_plan" ]; then
    cp -r "$main" "$findings_plan"
    find "$findings_plan/planning/goals" -name '*.md' -exec sed -i \
        -e 's/^status: .*/status: in-progress/' -e 's/^owner: .*/owner: "@x"/' \
        -e '/^## Done when/,/^## Adoption/d' {} +
    git -C "$findings_plan" -c user.name=bench -c user.email=bench@example.com \
        commit -q -am "Every goal breaks four rules"
fi
echo "findings: $(cd "$findings_plan" && $check | jq '.diagnostics | length')"
compare findings "$findings_plan" "$check" "git grep -c '' -- planning"
echo "peak memory: $(peak "$findings_plan" $check)"

# per_byte LABEL DIR: DIR's time per byte (its contents/ and src/ files)
# against the canonical plan's, timed side by side in one hyperfine run;
# then the same for the floor (reading the files), which shows what the
# layout's file sizes cost whatever reads them.
c_bytes=$(bytes "$main" planning)
per_byte() {
    local label=$1 dir=$2 r_bytes r_time c_time f_r_time f_c_time
    r_bytes=$(bytes "$dir" contents src)
    read -r r_time c_time < <(pair "$label" "$check $dir" "$check $main")
    read -r f_r_time f_c_time < <(pair "$label-floor" \
        "git -C $dir grep -c '' -- contents src" "git -C $main grep -c '' -- planning")
    echo "$label: $(jq -n "($r_time / $r_bytes) / ($c_time / $c_bytes) * 100 | round / 100")x" \
        "the canonical layout's time per byte ($r_bytes bytes in $r_time s;" \
        "canonical $c_bytes bytes in $c_time s); the floor:" \
        "$(jq -n "($f_r_time / $r_bytes) / ($f_c_time / $c_bytes) * 100 | round / 100")x per byte"
}

echo "== real-layout sources per byte vs the canonical layout ($teams teams)"
for layout in posthog posthog-pages rust-project-goals; do
    per_byte "$layout" "$(plan "$layout-$teams" --teams "$teams" --layout "$layout")"
done

echo "== the real documents (tests/corpus) per byte, copied to about the generated plans' size"
for layout in posthog rust-project-goals; do
    generated=$(bytes "$plans/$layout-$teams" contents src)
    one=$(bytes "$(corpus_plan "$layout" 1)" contents src)
    per_byte "$layout corpus" "$(corpus_plan "$layout" $(((generated + one / 2) / one)))"
done
