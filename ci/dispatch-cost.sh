#!/usr/bin/env bash
# The cost of Arsenal's dispatch at 16-byte inputs, from the downstream example's criterion bench
# (examples/downstream/benches/wiring.rs; default release flags): the hard-wired entry over a direct
# call of the variant it wires (should be 1.00), and the runtime-dispatch entry's extra ns per call
# over a direct call of its choice. On a shared machine one bench run drifts by more than the 1 %
# asked of the first figure, so the bench runs ROUNDS times (default 7) and each figure is the
# median over the rounds of the pair measured side by side in that round. Where `setarch` exists
# the bench runs with address-space randomisation off: at 7 ns a call, where the loops land
# relative to each other (branch-predictor aliasing) moves one entry by up to 40 % from one process
# to the next, so with randomisation on the rounds measure the layout lottery, not the dispatch.
#
#   ci/dispatch-cost.sh          # ROUNDS=… to change the number of rounds
set -euo pipefail
cd "$(dirname "$0")/../examples/downstream"
rounds=${ROUNDS:-7}
fixed=()
if command -v setarch >/dev/null 2>&1 && setarch "$(uname -m)" -R true 2>/dev/null; then
    fixed=(setarch "$(uname -m)" -R)
fi
criterion=${CARGO_TARGET_DIR:-target}/criterion/search.memchr
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for round in $(seq 1 "$rounds"); do
    echo "== round $round/$rounds"
    if ! "${fixed[@]}" cargo bench -q --bench wiring -- --measurement-time 3 >"$log" 2>&1; then
        cat "$log" >&2
        exit 1
    fi
    for id in wired_16 direct-scalar_16 runtime_16; do
        cp "$criterion/$id/new/estimates.json" "$criterion/$id.round-$round.json"
    done
    direct=$(ls -d "$criterion"/direct-*_16 | grep -v direct-scalar_16 | head -1)
    cp "$direct/new/estimates.json" "$criterion/direct-choice.round-$round.json"
done
python3 - "$criterion" "$rounds" <<'PY'
import json, statistics, sys
root, rounds = sys.argv[1], int(sys.argv[2])
def median_ns(name, r):
    return json.load(open(f"{root}/{name}.round-{r}.json"))["median"]["point_estimate"]
ratios, extra = [], []
for r in range(1, rounds + 1):
    wired, scalar = median_ns("wired_16", r), median_ns("direct-scalar_16", r)
    runtime, choice = median_ns("runtime_16", r), median_ns("direct-choice", r)
    ratios.append(wired / scalar)
    extra.append(runtime - choice)
    print(f"round {r}: wired {wired:.2f} ns, direct scalar {scalar:.2f} ns, ratio {wired / scalar:.3f}; "
          f"runtime {runtime:.2f} ns, direct choice {choice:.2f} ns, extra {runtime - choice:+.2f} ns")
print(f"median over {rounds} rounds: wired / direct {statistics.median(ratios):.3f}, "
      f"runtime dispatch extra {statistics.median(extra):+.2f} ns per call")
PY
