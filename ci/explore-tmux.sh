#!/usr/bin/env bash
# End-to-end check of `arsenal explore` in a real terminal: tmux runs it at 80×24 on a fresh short
# tune, keys are sent with send-keys and each screen is read back with capture-pane.
#
#   ci/explore-tmux.sh
#
# Prints SKIPPED and exits 0 where tmux is missing (Debian: apt-get install tmux): a skip is not a
# pass. Prints the captured main screen, so a CI log shows what a user sees.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v tmux >/dev/null 2>&1; then
    echo "explore-tmux: SKIPPED (no tmux on this machine; apt-get install tmux)"
    exit 0
fi

target=${CARGO_TARGET_DIR:-target}
cargo build --release -p arsenal-cli --locked --quiet
arsenal=$(realpath "$target/release/arsenal")
work=$(mktemp -d)
session="arsenal-explore-ci-$$"
# An isolated tmux server (its own socket), so no other tmux session is touched.
tmx() { tmux -S "$work/tmux.sock" "$@"; }
cleanup() {
    tmx kill-server 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

fail() {
    echo "explore-tmux: FAILED: $*" >&2
    echo "--- screen ---" >&2
    tmx capture-pane -p -t "$session" >&2 2>/dev/null || true
    exit 1
}

# Waits up to 10 s for the screen to show $1.
wait_for() {
    for _ in $(seq 100); do
        if tmx capture-pane -p -t "$session" 2>/dev/null | grep -qF -- "$1"; then
            return 0
        fi
        sleep 0.1
    done
    fail "the screen never showed '$1'"
}

# Waits up to 5 s for the explorer to exit.
wait_exit() {
    for _ in $(seq 50); do
        if ! tmx has-session -t "$session" 2>/dev/null; then
            return 0
        fi
        sleep 0.1
    done
    fail "q did not quit"
}

start() {
    tmx new-session -d -s "$session" -x 80 -y 24 "$*"
}

echo "explore-tmux: a missing database says how to tune"
start "$arsenal" explore --db "$work/missing.db"
wait_for "There is no database at"
wait_for "arsenal tune --db"
tmx send-keys -t "$session" q
wait_exit

echo "explore-tmux: tuning search.memchr for 4 s"
"$arsenal" tune --ops search.memchr --budget 4 --db "$work/arsenal.db" --no-manifest >/dev/null

start "$arsenal" explore --db "$work/arsenal.db"
wait_for "Ops (1)"
for needle in "search.memchr · throughput" "bands:" "median" "95% CI" "★" "? help"; do
    wait_for "$needle"
done
screen=$(tmx capture-pane -p -t "$session")
echo "--- arsenal explore, 80×24 ---"
echo "$screen"
echo "------------------------------"

tmx send-keys -t "$session" l
wait_for "p99 per call, lower is better"
tmx send-keys -t "$session" e
wait_for "Why: search.memchr latency"
wait_for "decision"
tmx send-keys -t "$session" Escape
tmx send-keys -t "$session" '?'
wait_for "Keys"
tmx send-keys -t "$session" Escape
tmx send-keys -t "$session" /
tmx send-keys -t "$session" zzz
wait_for "no op matches"
tmx send-keys -t "$session" Escape
wait_for "Ops (1)"
tmx send-keys -t "$session" r
wait_for "Runs in"
tmx send-keys -t "$session" Escape
tmx send-keys -t "$session" q
wait_exit
echo "explore-tmux: passed"
