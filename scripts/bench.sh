#!/usr/bin/env bash
# Times whole planlint commands against the floor (`git grep -c '' -- planning`:
# read every planning file once) on generated plans, side by side, and
# prints each ratio and planlint's peak memory. Each pair of commands is
# timed in rounds (BENCH_ROUNDS, default 3): a hyperfine run of both, then
# another. The ratio is the median of the rounds' ratios, each taken from
# two commands timed within seconds of each other: on a machine whose speed
# drifts, one long run of A and then one of B can be 20% apart.
#
#   scripts/bench.sh                 1,000 teams: 10,000 goals, 20,000 issues
#   scripts/bench.sh --teams 100     a smaller plan
#   scripts/bench.sh --all           also: 10x scaling, --staged/--rev beside
#                                    100,000 unrelated files, --diff-base, a
#                                    plan whose every goal breaks four rules,
#                                    the real-layout sources per byte
#                                    (generated, and the corpus's documents
#                                    copied), at two sizes each, and the
#                                    generated layouts against the same
#                                    goals in the canonical layout
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
rounds=${BENCH_ROUNDS:-3}
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

# timed DIR LABEL A B: times commands A and B (both run in DIR) in $rounds
# hyperfine runs of both, about $runs runs each in all; prints A's and B's median
# wall times (seconds; the median over the rounds) and the median of the
# rounds' ratios A/B.
timed() {
    local dir=$1 label=$2 a=$3 b=$4 k
    local per=$(((runs + rounds - 1) / rounds)) out=$results/$label
    mkdir -p "$out"
    for k in $(seq 1 "$rounds"); do
        (cd "$dir" && hyperfine --style none --warmup 1 --runs "$per" -i -N \
            --export-json "$out/$k.json" "$a" "$b" >/dev/null)
    done
    jq -rs '
        def median: sort | if length % 2 == 1 then .[(length - 1) / 2]
            else (.[length / 2 - 1] + .[length / 2]) / 2 end;
        [.[] | .results] as $r
        | "\([$r[] | .[0].median] | median) \([$r[] | .[1].median] | median) "
          + "\([$r[] | .[0].median / .[1].median] | median)"' "$out"/*.json
}

# round X: X to two decimals.
round() {
    jq -n "$1 * 100 | round / 100"
}

# compare LABEL DIR A B: times command A against command B (both run in
# DIR); prints the medians and the ratio.
compare() {
    local label=$1 dir=$2 a=$3 b=$4 time_a time_b ratio
    read -r time_a time_b ratio < <(timed "$dir" "$label" "$a" "$b")
    echo "$label: $a $(jq -n "$time_a * 1000 | floor") ms," \
        "$b $(jq -n "$time_b * 1000 | floor") ms, ratio $(round "$ratio")x"
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
read -r t_big t_main ratio < <(timed . scaling "$check $big" "$check $main")
echo "scaling: $(round "$ratio")x for 10x the plan ($t_main s -> $t_big s)"
echo "peak memory at 10x: $(peak "$big" $check)"

echo "== a $((teams / 10 * 10))-goal plan beside 100,000 unrelated files vs alone"
alone=$(plan "canonical-$((teams / 10))" --teams $((teams / 10)))
mono=$(plan "monorepo-$((teams / 10))" --teams $((teams / 10)) --unrelated 100000)
for flag in "" --staged "--rev HEAD"; do
    read -r a b ratio < <(timed . "mono${flag// /}" "$check $flag $mono" "$check $flag $alone")
    echo "${flag:-the work tree}: $(round "$ratio")x ($b s alone, $a s beside)"
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
    local label=$1 dir=$2 r_bytes r_time c_time ratio f_ratio
    r_bytes=$(bytes "$dir" contents src)
    read -r r_time c_time ratio < <(timed . "$label" "$check $dir" "$check $main")
    read -r _ _ f_ratio < <(timed . "$label-floor" \
        "git -C $dir grep -c '' -- contents src" "git -C $main grep -c '' -- planning")
    echo "$label: $(round "$ratio * $c_bytes / $r_bytes")x" \
        "the canonical layout's time per byte ($r_bytes bytes in $r_time s;" \
        "canonical $c_bytes bytes in $c_time s); the floor:" \
        "$(round "$f_ratio * $c_bytes / $r_bytes")x per byte"
}

echo "== real-layout sources per byte vs the canonical layout ($teams teams)"
for layout in posthog posthog-pages rust-project-goals; do
    per_byte "$layout" "$(plan "$layout-$teams" --teams "$teams" --layout "$layout")"
done

# A run has a fixed cost (start, repository, config, rules: about 5 ms),
# which weighs more on a smaller plan. At the canonical plan's size the
# two plans carry the same fixed cost, and the ratio is the cost per byte
# alone.
echo "== the same, each plan at about the canonical plan's size ($c_bytes bytes)"
for layout in posthog posthog-pages rust-project-goals; do
    generated=$(bytes "$plans/$layout-$teams" contents src)
    same=$(((teams * c_bytes / generated + 50) / 100 * 100))
    per_byte "$layout ($same teams)" "$(plan "$layout-$same" --teams "$same" --layout "$layout")"
done

echo "== the real documents (tests/corpus) per byte, copied to about the generated plans' size"
for layout in posthog rust-project-goals; do
    generated=$(bytes "$plans/$layout-$teams" contents src)
    one=$(bytes "$(corpus_plan "$layout" 1)" contents src)
    per_byte "$layout corpus" "$(corpus_plan "$layout" $(((generated + one / 2) / one)))"
done

echo "== the same, copied to about the canonical plan's size"
for layout in posthog rust-project-goals; do
    one=$(bytes "$(corpus_plan "$layout" 1)" contents src)
    copies=$(((c_bytes + one / 2) / one))
    per_byte "$layout corpus ($copies copies)" "$(corpus_plan "$layout" "$copies")"
done

# More than half the canonical plan's bytes are its issue export (JSON,
# cheap per byte); its goals are 40%. The generated layouts hold the same
# ten goals per team, and no issues. Without its export (and the
# stale-goal findings its goals then get), the canonical plan holds what
# they hold: the time ratio is what reading the same goals costs in each
# layout, the per-byte ratio what each layout's bytes cost.
echo "== the same goals in each layout vs the canonical plan without its issues ($teams teams)"
goals_plan=$plans/canonical-goals-$teams
if [ ! -d "$goals_plan" ]; then
    cp -r "$main" "$goals_plan"
    git -C "$goals_plan" rm -q planning/issues.json
    printf '[rules.stale-goal]\nlevel = "off"\n' >"$goals_plan/planlint.toml"
    git -C "$goals_plan" add planlint.toml
    git -C "$goals_plan" -c user.name=bench -c user.email=bench@example.com \
        commit -qm "The goals and teams alone"
fi
checked "$goals_plan"
g_bytes=$(bytes "$goals_plan" planning)
for layout in posthog posthog-pages rust-project-goals; do
    dir=$plans/$layout-$teams
    r_bytes=$(bytes "$dir" contents src)
    read -r r_time g_time ratio < <(timed . "same-$layout" "$check $dir" "$check $goals_plan")
    echo "$layout: $(round "$ratio")x the time of the same goals in the canonical layout" \
        "($r_time s against $g_time s), $(round "$ratio * $g_bytes / $r_bytes")x per byte" \
        "($r_bytes bytes against $g_bytes)"
done
