#!/usr/bin/env bash
# The cost of Arsenal's dispatch at 16-byte inputs, from the downstream example's bench
# (examples/downstream/benches/wiring.rs; default release flags): the hard-wired entry over a direct
# call of the variant it wires (should be 1.00), and the runtime-dispatch entry's extra ns per call
# over a direct call of its choice. The bench times each pair interleaved, in alternating batches
# of a few microseconds, so the host's slow and fast spells fall on both of a pair alike; one
# process's figure is then tight, but figures still move by a few percent from one process to the
# next, so the bench runs in ROUNDS processes (default 9) and each figure is the median over them.
# Where `setarch` exists the bench runs with address-space randomisation off: at 8 ns a call,
# where the loops land relative to each other (branch-predictor aliasing) moves one entry by up to
# 40 % from one layout to the next, and the rounds should measure the dispatch, not the layout.
#
#   ci/dispatch-cost.sh          # ROUNDS=… to change the number of processes
set -euo pipefail
cd "$(dirname "$0")/../examples/downstream"
rounds=${ROUNDS:-9}
fixed=()
if command -v setarch >/dev/null 2>&1 && setarch "$(uname -m)" -R true 2>/dev/null; then
    fixed=(setarch "$(uname -m)" -R)
fi
bench=$(cargo bench -q --bench wiring --no-run --message-format=json |
    python3 -c 'import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "wiring" and m.get("executable"):
        print(m["executable"])')
if [ -z "$bench" ]; then
    echo "error: cargo built no wiring bench executable" >&2
    exit 1
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for round in $(seq 1 "$rounds"); do
    if ! "${fixed[@]}" "$bench" --bench >>"$log" 2>&1; then
        cat "$log" >&2
        exit 1
    fi
done
python3 - "$log" <<'PY'
import re, statistics, sys
ratios, extra = [], []
for line in open(sys.argv[1]):
    print(line.rstrip())
    if m := re.search(r"wired / direct ([0-9.]+)", line):
        ratios.append(float(m.group(1)))
    if m := re.search(r"runtime extra ([-+0-9.]+) ns", line):
        extra.append(float(m.group(1)))
print(f"median over {len(ratios)} processes: wired / direct {statistics.median(ratios):.3f} "
      f"(processes {min(ratios):.3f}–{max(ratios):.3f}), runtime dispatch extra "
      f"{statistics.median(extra):+.2f} ns per call")
PY
