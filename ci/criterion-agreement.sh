#!/usr/bin/env bash
# Does the tuner measure what criterion measures? One kernel at one size, both ways, on this host:
# criterion's median time per call against the tuner's median time per call (throughput). They
# must agree within 5 %, as the median ratio over ROUNDS alternating pairs (default 3). Not run
# by CI (it is a measurement): run it by hand on a quiet machine.
#
#   ci/criterion-agreement.sh [OP VARIANT SIZE BENCH]     # default: search.memchr avx2 4096 ops
set -euo pipefail
cd "$(dirname "$0")/.."

op=${1:-search.memchr}
variant=${2:-avx2}
size=${3:-4096}
bench=${4:-ops}
target=${CARGO_TARGET_DIR:-target}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

rounds=${ROUNDS:-3}
# Criterion and the tuner take turns, `rounds` times, so drift of a shared machine hits both alike;
# each pair gives one ratio, and the median ratio is the figure.
for round in $(seq 1 "$rounds"); do
    echo "== round $round/$rounds: criterion $op/$variant/$size (cargo bench, default release flags)"
    if ! cargo bench -q -p arsenal --bench "$bench" -- "^$op/$variant/$size\$" >"$work/bench.log" 2>&1; then
        cat "$work/bench.log" >&2
        exit 1
    fi
    cp "$target/criterion/$op/$variant/$size/new/estimates.json" "$work/criterion-$round.json"
    echo "== round $round/$rounds: arsenal tune --ops $op --strategy throughput --sizes $size"
    cargo run -q --release -p arsenal-cli -- tune --ops "$op" --strategy throughput \
        --sizes "$size" --budget 15 --no-manifest --db "$work/agreement-$round.db" --json \
        >"$work/tune-$round.json"
done

python3 - "$work" "$rounds" "$op" "$variant" <<'PY'
import json, statistics, sys
work, rounds, op, variant = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
ratios = []
for r in range(1, rounds + 1):
    criterion = json.load(open(f"{work}/criterion-{r}.json"))["median"]["point_estimate"]
    doc = json.load(open(f"{work}/tune-{r}.json"))
    cell = next(c for o in doc["ops"] if o["op"] == op for c in o["cells"])
    tuner = next(x for x in cell["results"] if x["variant"] == variant)["median_ns"]
    ratios.append(tuner / criterion)
    print(f"round {r}: criterion median {criterion:.2f} ns/call, tuner median {tuner:.2f} "
          f"ns/call, tuner/criterion {tuner / criterion:.3f}")
ratio = statistics.median(ratios)
print(f"median tuner/criterion over {rounds} rounds: {ratio:.3f}")
if abs(ratio - 1) > 0.05:
    print("DISAGREE: more than 5 % apart")
    sys.exit(1)
print("agree within 5 %")
PY
