#!/usr/bin/env bash
# A fleet build: merges a manifest tuned on this host (a short tune of two ops, then
# `search.memrchr` pinned so the test knows what this host's table serves) with a fixture for
# another CPU vendor and model whose bands differ, builds examples/downstream against the fleet,
# and runs its `fleet` test: this CPU's table runs; with SSE2 masked (every x86_64 table lists it)
# no table serves the CPU and every entry is runtime dispatch. Prints `arsenal::host_table()`. A
# fleet whose other table names a variant no op declares fails the build, naming the table.
#
#   ci/fleet.sh
set -euo pipefail
cd "$(dirname "$0")/.."
target=$(realpath -m "${CARGO_TARGET_DIR:-target}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --locked -q -p arsenal-cli
arsenal="$target/debug/arsenal"

"$arsenal" tune --ops search.memchr,search.memrchr --budget 45 --sizes 64,4096 \
    --db "$work/here.db" --no-manifest >/dev/null
"$arsenal" manifest --db "$work/here.db" --pin search.memrchr=scalar --out "$work/here.json" \
    >/dev/null

# Another vendor and model than this host's: search.memrchr on `swar` everywhere, search.memchr
# on `scalar` below 64 bytes.
python3 - "$work/here.json" "$work/other.json" <<'PY'
import json, sys
here = json.load(open(sys.argv[1]))
other = dict(here)
vendor, family, model = (("GenuineIntel", 6, 143) if here["host"]["vendor"] == "AuthenticAMD"
                         else ("AuthenticAMD", 25, 17))
other["host"] = dict(here["host"], vendor=vendor, family=family, model=model,
                     fingerprint="fixture", brand="fixture: another CPU, choices by hand",
                     features=["sse2", "ssse3", "sse4.1", "sse4.2", "popcnt", "avx", "avx2"])
swar = [{"below": None, "variant": "swar", "decisive": True}]
other["ops"] = {
    "search.memrchr": {"throughput": swar, "latency": swar},
    "search.memchr": {"throughput": [{"below": 64, "variant": "scalar", "decisive": True},
                                     {"below": None, "variant": "runtime", "decisive": False}]},
}
json.dump(other, open(sys.argv[2], "w"), indent=1)
PY
"$arsenal" manifest --merge "$work/here.json" "$work/other.json" --out "$work/fleet.json"

cd examples/downstream
export ARSENAL_MANIFEST="$work/fleet.json" ARSENAL_EXPECT_MEMRCHR=scalar
# Its own target directory: the committed fixture's build stays as it is.
fleet=(cargo test --locked --target-dir "$target/fleet" --test fleet -- --nocapture)
ARSENAL_EXPECT_FLEET=this-host "${fleet[@]}"
ARSENAL_EXPECT_FLEET=none ARSENAL_DISABLE=sse2 "${fleet[@]}"

# A table of the fleet naming an unknown variant fails the build, naming the table.
python3 - "$work/other.json" "$work/bad.json" <<'PY'
import json, sys
other = json.load(open(sys.argv[1]))
other["ops"]["search.memrchr"]["latency"] = [{"below": None, "variant": "no-such", "decisive": True}]
json.dump(other, open(sys.argv[2], "w"))
PY
"$arsenal" manifest --merge "$work/here.json" "$work/bad.json" --out "$work/bad-fleet.json" >/dev/null
if ARSENAL_MANIFEST="$work/bad-fleet.json" cargo check --locked --target-dir "$target/fleet" \
    --tests 2>"$work/bad.log"; then
    echo "error: a fleet naming an unknown variant built" >&2
    exit 1
fi
grep -q 'table 2 (.*): op `search.memrchr` latency: unknown variant `no-such`' "$work/bad.log" || {
    cat "$work/bad.log" >&2
    echo "error: the failed build does not name the table, op and variant" >&2
    exit 1
}
echo "a fleet naming an unknown variant fails the build, naming the table"
