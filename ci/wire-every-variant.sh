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
# size up to 200 bytes or elements (and sgemm up to n = 64), so each band is reached. An op whose
# contract is quality (its variants' outputs differ) takes one variant for every size and both
# strategies, as every build does: its first one.
python3 - "$work/list.json" examples/downstream/fixture-manifest.json "$work/every-variant.json" "$work/mixed.json" <<'PY'
import copy, json, sys
ops, fixture, out, mixed = json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), sys.argv[3], sys.argv[4]

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
    if op["contract"].startswith("quality"):
        manifest["ops"][op["op"]] = {"throughput": bands(names[:1]), "latency": bands(names[:1])}
        continue
    manifest["ops"][op["op"]] = {"throughput": bands(names), "latency": bands(names[::-1])}
json.dump(manifest, open(out, "w"), indent=1)
# The same, with two variants for each op whose contract is quality: a build must refuse it.
quality = [op for op in ops if op["contract"].startswith("quality")]
for op in quality:
    names = [v["name"] for v in op["variants"]][:2]
    manifest["ops"][op["op"]] = {"throughput": bands(names), "latency": bands(names)}
json.dump(manifest, open(mixed, "w"), indent=1)
open(mixed + ".ops", "w").write("".join(op["op"] + "\n" for op in quality))
print(f"{len(ops)} ops, {sum(len(o['variants']) for o in ops)} variants wired in both strategies "
      f"(each of the {len(quality)} ops whose contract is quality: one variant)")
PY

cd examples/downstream
export ARSENAL_MANIFEST="$work/every-variant.json" ARSENAL_EXPECT_EVERY_VARIANT=1
# Its own target directory: the committed fixture's build stays as it is.
every=(cargo test --locked --target-dir "$target/every-variant" --test every_band)
"${every[@]}"
ARSENAL_DISABLE=avx512f,avx2 "${every[@]}"

# The manifest wiring two variants of an op whose contract is quality fails the build, naming it.
if ARSENAL_MANIFEST="$work/mixed.json" cargo check --locked --target-dir "$target/every-variant" \
    --tests 2>"$work/mixed.log"; then
    echo "error: a manifest wiring two variants of a quality op built" >&2
    exit 1
fi
while read -r op; do
    grep -q "op \`$op\` has a contract of quality" "$work/mixed.log" || {
        cat "$work/mixed.log" >&2
        echo "error: the failed build does not name $op" >&2
        exit 1
    }
done <"$work/mixed.json.ops"
echo "a manifest wiring two variants of a quality op fails the build, naming it"
