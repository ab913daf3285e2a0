#!/usr/bin/env bash
# Differential fuzzing: every target of fuzz/ (cargo-fuzz, libFuzzer + AddressSanitizer) for
# FUZZ_SECONDS seconds each (default 30). Each kernel target runs every variant this CPU may run
# against the op's reference; `manifest` feeds arbitrary text to the manifest parser.
#
#     ci/fuzz.sh                      # all targets, 30 s each
#     FUZZ_SECONDS=600 ci/fuzz.sh memchr crc32c
#
# Prints one line per target with libFuzzer's execution count, and fails (exit 1) if any target
# crashes, times out or runs out of memory; the reproducing input is then under
# fuzz/artifacts/TARGET/ (replay it with `cargo +nightly fuzz run TARGET PATH` from fuzz/).
# Needs a nightly toolchain; installs cargo-fuzz when it is missing. Without either it prints
# `fuzz: SKIPPED (reason)` and exits 0. ARSENAL_DISABLE applies as everywhere (masked variants
# are not run).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
fuzz_dir="$root/fuzz"
seconds="${FUZZ_SECONDS:-30}"
all_targets=(base64_decode streamvbyte_decode lz4_decompress utf8_validate crc32c memchr manifest)
if (($# > 0)); then targets=("$@"); else targets=("${all_targets[@]}"); fi

skip() {
    echo "fuzz: SKIPPED ($1)"
    exit 0
}

if ! nightly="$(cargo +nightly --version 2>&1)"; then
    skip "no nightly toolchain: $(printf '%s\n' "$nightly" | head -n 1)"
fi

if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
    echo "fuzz: cargo-fuzz not found, installing it (cargo install cargo-fuzz --locked)"
    if ! log="$(cargo install cargo-fuzz --locked 2>&1)"; then
        skip "cargo-fuzz is not installed and could not be installed: $(printf '%s\n' "$log" \
            | grep -m 1 -E '^(error|warning: spurious)' || printf '%s\n' "$log" | tail -n 1)"
    fi
    cargo +nightly fuzz --version >/dev/null 2>&1 \
        || skip "cargo-fuzz was installed but \`cargo +nightly fuzz\` still does not run"
fi

echo "fuzz: $nightly, $(cargo +nightly fuzz --version), ${seconds} s per target"
cd "$fuzz_dir"

# One build for every target first, so a compile error is reported as such (and fails).
cargo +nightly fuzz build

# The manifest target starts from a real manifest.
mkdir -p corpus/manifest
seed="$root/examples/downstream/fixture-manifest.json"
if [[ -f "$seed" ]]; then cp "$seed" corpus/manifest/fixture-manifest.json; fi

logs="$fuzz_dir/target/fuzz-logs"
mkdir -p "$logs"
failed=()
for target in "${targets[@]}"; do
    log="$logs/$target.log"
    status=0
    cargo +nightly fuzz run "$target" -- \
        -max_total_time="$seconds" -print_final_stats=1 >"$log" 2>&1 || status=$?
    # libFuzzer ends a clean run with "Done N runs in S second(s)" (after "#N DONE ...");
    # after a crash the last status line "#N ..." is the closest count.
    runs="$(grep -oE '^Done [0-9]+ runs' "$log" | tail -n 1 | grep -oE '[0-9]+' || true)"
    if [[ -z "$runs" ]]; then
        runs="$(grep -oE '^stat::number_of_executed_units: [0-9]+' "$log" | tail -n 1 \
            | grep -oE '[0-9]+$' || true)"
    fi
    if [[ -z "$runs" ]]; then
        runs="$(grep -oE '^#[0-9]+' "$log" | tail -n 1 | tr -d '#' || true)"
        runs="${runs:-0}"
        [[ "$status" -ne 0 ]] && runs="~$runs"
    fi
    if [[ "$status" -eq 0 ]]; then
        echo "fuzz: $target: ok, $runs executions in ${seconds} s"
    else
        failed+=("$target")
        echo "fuzz: $target: FAILED (exit $status) after $runs executions; log $log"
        grep -E 'panicked at|ERROR: (AddressSanitizer|libFuzzer)|SUMMARY:|disagrees' "$log" \
            | head -n 5 | sed 's/^/    /' || true
        artifact="$(grep -oE 'Test unit written to [^ ]+' "$log" | tail -n 1 | cut -d' ' -f5- || true)"
        if [[ -n "$artifact" ]]; then
            echo "    input: $artifact"
            if command -v xxd >/dev/null; then
                xxd "$artifact" | head -n 16 | sed 's/^/    /'
            else
                od -A x -t x1z "$artifact" | head -n 16 | sed 's/^/    /'
            fi
        fi
    fi
done

if ((${#failed[@]} > 0)); then
    echo "fuzz: FAILED: ${failed[*]}"
    exit 1
fi
echo "fuzz: all ${#targets[@]} targets passed"
