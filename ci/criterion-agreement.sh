#!/usr/bin/env bash
# Does the tuner measure what criterion measures? One kernel at one size, both ways, on this host:
# criterion's median time per call against the tuner's median time per call (throughput). They
# must agree within 5 %. Not run by CI (it is a measurement): run it by hand on a quiet machine.
#
#   ci/criterion-agreement.sh [OP VARIANT SIZE BENCH]     # default: search.memchr avx2 4096 memchr
set -euo pipefail
cd "$(dirname "$0")/.."

op=${1:-search.memchr}
variant=${2:-avx2}
size=${3:-4096}
bench=${4:-memchr}
target=${CARGO_TARGET_DIR:-target}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== criterion: $op/$variant/$size (cargo bench, default release flags)"
cargo bench -q -p arsenal --bench "$bench" -- --warm-up-time 2 --measurement-time 10 \
    "^$op/$variant/$size\$" >/dev/null
estimates="$target/criterion/$op/$variant/$size/new/estimates.json"

echo "== tuner: arsenal tune --ops $op --strategy throughput --sizes $size"
cargo run -q --release -p arsenal-cli -- tune --ops "$op" --strategy throughput --sizes "$size" \
    --budget 15 --no-manifest --db "$work/agreement.db" --json >"$work/tune.json"

python3 - "$estimates" "$work/tune.json" "$op" "$variant" <<'PY'
import json, sys
estimates, tune, op, variant = sys.argv[1:]
criterion = json.load(open(estimates))["median"]["point_estimate"]
doc = json.load(open(tune))
cell = next(c for o in doc["ops"] if o["op"] == op for c in o["cells"])
tuner = next(r for r in cell["results"] if r["variant"] == variant)["median_ns"]
ratio = tuner / criterion
print(f"criterion median {criterion:.2f} ns/call, tuner median {tuner:.2f} ns/call, "
      f"tuner/criterion {ratio:.3f}")
if abs(ratio - 1) > 0.05:
    print("DISAGREE: more than 5 % apart")
    sys.exit(1)
print("agree within 5 %")
PY
