#!/usr/bin/env bash
# Renders an Arsenal HTML report in a real browser (headless Chromium) to a PNG, to see that the
# page, its inline SVG charts and its CSS display with nothing fetched.
#
#   ci/render-report.sh [REPORT_DIR] [OUT.png]
#
# Without REPORT_DIR, makes one: a short tune of search.* into a temporary database, twice (so
# the report has a baseline section), then `arsenal report --baseline`. Writes OUT.png (default
# target/report.png). Prints SKIPPED and exits 0 where Chromium is missing (Debian: apt-get
# install chromium): a skip is not a pass.
set -euo pipefail
cd "$(dirname "$0")/.."

browser=""
for candidate in chromium chromium-browser google-chrome; do
    if command -v "$candidate" >/dev/null 2>&1; then
        browser=$(command -v "$candidate")
        break
    fi
done
if [ -z "$browser" ]; then
    echo "render-report: SKIPPED (no chromium on this machine; apt-get install chromium)"
    exit 0
fi

target=${CARGO_TARGET_DIR:-target}
out=${2:-$target/report.png}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

dir=${1:-}
if [ -z "$dir" ]; then
    cargo build --release -p arsenal-cli --locked --quiet
    arsenal="$target/release/arsenal"
    # 15 s: verification and pricing take 6-8 s of a tune here, and the cells' first passes ~3 s;
    # at 4 s the runs measured nothing and the page had no chart to render.
    "$arsenal" tune --ops 'search.*' --budget 15 --db "$work/arsenal.db" --no-manifest >/dev/null
    "$arsenal" tune --ops 'search.*' --budget 15 --db "$work/arsenal.db" --no-manifest >/dev/null
    dir="$work/report"
    "$arsenal" report --db "$work/arsenal.db" --out "$dir" --baseline 1
fi
page="$dir/index.html"
[ -s "$page" ] || { echo "render-report: $page is missing or empty" >&2; exit 1; }

mkdir -p "$(dirname "$out")"
rm -f "$out"
# --disable-background-networking and friends: the page must render with no network at all.
"$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$work/profile" --hide-scrollbars \
    --screenshot="$out" --window-size=1400,4000 "file://$(realpath "$page")" \
    >"$work/chromium.log" 2>&1 || { cat "$work/chromium.log" >&2; exit 1; }

bytes=$(stat -c %s "$out" 2>/dev/null || echo 0)
if [ "$bytes" -lt 20000 ]; then
    echo "render-report: $out is only $bytes bytes: the page did not render" >&2
    exit 1
fi
echo "render-report: rendered $page to $out ($bytes bytes)"
