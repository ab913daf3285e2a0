#!/usr/bin/env bash
# Hard-wires every variant of every op: builds examples/downstream against a manifest whose bands
# (generated here from `arsenal list --json`) name each variant of each op in both strategies,
# then runs its `every_band` test as it is and with AVX-512 and AVX2 masked. So every variant's
# wired call compiles in a real downstream build, is called, and agrees with runtime dispatch.
#
#   ci/wire-every-variant.sh
set -euo pipefail
cd "$(dirname "$0")/.."
target=$(realpath -m "${CARGO_TARGET_DIR:-target}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --locked -q -p arsenal-cli
"$target/debug/arsenal" list --json >"$work/list.json"

# Band i of an op with k variants covers sizes [8i, 8i + 8) in the op's units (the last one is
# unbounded); the latency plan takes the variants in the reverse order. The test calls every
# size up to 200 bytes or elements (and sgemm up to n = 64), so each band is reached.
python3 - "$work/list.json" examples/downstream/fixture-manifest.json "$work/every-variant.json" <<'PY'
import json, sys
ops, fixture, out = json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), sys.argv[3]

def bands(names):
    return [
        {"below": 8 * (i + 1) if i + 1 < len(names) else None, "variant": n, "decisive": True}
        for i, n in enumerate(names)
    ]

manifest = {k: v for k, v in fixture.items() if k != "ops"}
manifest["host"]["brand"] = "generated: every variant of every op, not measured"
manifest["ops"] = {}
for op in ops:
    names = [v["name"] for v in op["variants"]]
    manifest["ops"][op["op"]] = {"throughput": bands(names), "latency": bands(names[::-1])}
json.dump(manifest, open(out, "w"), indent=1)
print(f"{len(ops)} ops, {sum(len(o['variants']) for o in ops)} variants wired in both strategies")
PY

cd examples/downstream
export ARSENAL_MANIFEST="$work/every-variant.json" ARSENAL_EXPECT_EVERY_VARIANT=1
# Its own target directory: the committed fixture's build stays as it is.
every=(cargo test --locked --target-dir "$target/every-variant" --test every_band)
"${every[@]}"
ARSENAL_DISABLE=avx512f,avx2 "${every[@]}"
