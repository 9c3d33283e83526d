#!/usr/bin/env bash
# Runs every fuzz target in turn for SECONDS each (default 240) on one core,
# then prints libFuzzer's final statistics per target. New inputs go to
# fuzz/corpus-new/<target>/ (not committed); the committed seeds are read only.
# Crashes and timeouts land in fuzz/artifacts/<target>/.
#
# usage: fuzz/scripts/run-all.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-240}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    mapfile -t targets < <(cargo +nightly fuzz list)
fi
mkdir -p logs
# The config and pipeline targets make a temporary folder per input; on a
# disk that costs more than the run itself, so use memory when there is some.
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
    export TMPDIR=/dev/shm
fi
for target in "${targets[@]}"; do
    mkdir -p "corpus-new/$target"
    # One process is one job: libFuzzer's -jobs=N would fork N workers.
    cargo +nightly fuzz run --sanitizer none --debug-assertions "$target" \
        "corpus-new/$target" "corpus/$target" -- \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 >"logs/$target.log" 2>&1 || echo "$target: FAILED (see fuzz/logs/$target.log)"
    echo "== $target"
    grep -E '^#[0-9]+.*(DONE|pulse)' "logs/$target.log" | tail -1
    grep -E '^stat::(number_of_executed_units|average_exec_per_sec|new_units_added|peak_rss_mb)' "logs/$target.log" || true
done
