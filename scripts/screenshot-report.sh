#!/bin/sh
# Draws the HTML report of a plan and screenshots it in headless Chromium
# (Debian's `chromium` package), for the README's picture.
#
#   scripts/screenshot-report.sh [PLAN_DIR] [OUT_PNG] [WIDTHxHEIGHT]
#
# Defaults: the report fixture (tests/fixtures/report), docs/report.png,
# 900x1500. The page loads nothing from the network; Chromium runs with a
# throwaway profile and its background networking off.
set -eu

here=$(cd "$(dirname "$0")/.." && pwd)
plan=${1:-"$here/tests/fixtures/report"}
out=${2:-"$here/docs/report.png"}
size=${3:-900x1500}
chromium=${CHROMIUM:-chromium}

command -v "$chromium" >/dev/null 2>&1 || {
    echo "screenshot-report: $chromium not found; apt-get install -y chromium" >&2
    exit 2
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

cargo build --quiet --manifest-path "$here/Cargo.toml"
"$here/target/debug/planlint" report --format html "$plan" >"$work/report.html"

case "$out" in /*) ;; *) out="$PWD/$out" ;; esac
"$chromium" --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run \
    --user-data-dir="$work/profile" --hide-scrollbars \
    --window-size="$(echo "$size" | tr x ,)" \
    --screenshot="$out" "file://$work/report.html" 2>"$work/chromium.log" || {
    cat "$work/chromium.log" >&2
    exit 1
}
test -s "$out"
echo "wrote $out"
