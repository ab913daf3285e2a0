#!/usr/bin/env python3
"""Tables of criterion medians, one per bench group, with each variant's ratio to the best peer.

    cargo bench -p arsenal --bench ops -- search.memchr   # (any filter) then:
    ci/bench-table.py [--ceiling] [GROUP_PREFIX ...]   # e.g. search.memchr hash.xxh3_64

Reads target/criterion (or $CARGO_TARGET_DIR/criterion). Ids are `op/variant/size`; a peer is a
variant named `crate:…`, `std:…`/`std`, `libc` or `rayon:…`. The ratio is the best peer's median
time over the variant's (above 1: the variant is faster). Throughput is computed from criterion's
recorded throughput (bytes: GB/s, elements: M/s).

With --ceiling (after `cargo bench -p arsenal --bench ops -- ceiling.` in the same session), every byte
rate is also given as a share of the read bandwidth measured at the nearest size (the best
`ceiling.read` variant there), and every rate of a `linalg.sgemm` group (flops) as a share of the
best `ceiling.fma_f32` rate.
"""
import json
import math
import os
import sys
from collections import defaultdict

root = os.path.join(os.environ.get("CARGO_TARGET_DIR", "target"), "criterion")
args = sys.argv[1:]
with_ceiling = "--ceiling" in args
prefixes = [a for a in args if a != "--ceiling"]
PEER = ("crate:", "std", "libc", "rayon:")

cells = defaultdict(dict)  # group -> {(variant, size): (median_ns, throughput)}
for dirpath, _, files in os.walk(root):
    if not dirpath.endswith(os.sep + "new") or "benchmark.json" not in files:
        continue
    bench = json.load(open(os.path.join(dirpath, "benchmark.json")))
    est = json.load(open(os.path.join(dirpath, "estimates.json")))
    group = bench["group_id"]
    if prefixes and not any(group.startswith(p) for p in prefixes) and not group.startswith("ceiling."):
        continue
    variant, size = bench.get("function_id"), bench.get("value_str")
    if variant is None or size is None:
        continue
    cells[group][(variant, size)] = (est["median"]["point_estimate"], bench.get("throughput"))


def per_second(ns, throughput):
    if not throughput:
        return None
    return next(iter(throughput.values())) / ns * 1e9


read_ceiling = {}  # size -> best bytes/s
for (v, s), (ns, tp) in cells.get("ceiling.read", {}).items():
    rate_ = per_second(ns, tp)
    if rate_:
        read_ceiling[int(s)] = max(rate_, read_ceiling.get(int(s), 0))
fma_peak = max((per_second(ns, tp) or 0 for (ns, tp) in cells.get("ceiling.fma_f32", {}).values()),
               default=0)


def share(group, size, ns, throughput):
    """The figure as a % of its ceiling, or ''."""
    if not with_ceiling or group.startswith("ceiling.") or not throughput:
        return ""
    rate_ = per_second(ns, throughput)
    kind = next(iter(throughput))
    if group.startswith("linalg.sgemm") and fma_peak:
        return f", {100 * rate_ / fma_peak:.0f} % of FMA peak"
    if kind == "Bytes" and read_ceiling:
        near = min(read_ceiling, key=lambda c: abs(math.log(c / max(int(size), 1))))
        return f", {100 * rate_ / read_ceiling[near]:.0f} % of read"
    return ""


def size_key(s):
    try:
        return int(s)
    except ValueError:
        return s


def rate(ns, throughput):
    if not throughput:
        return ""
    kind, amount = next(iter(throughput.items()))
    per_s = amount / ns * 1e9
    if kind == "Bytes":
        return f"{per_s / 1e9:.1f} GB/s"
    return f"{per_s / 1e6:.1f} M/s"


def fmt_ns(ns):
    for scale, unit in ((1e6, "ms"), (1e3, "µs")):
        if ns >= scale:
            return f"{ns / scale:.2f} {unit}"
    return f"{ns:.2f} ns"


for group in sorted(cells):
    if prefixes and not any(group.startswith(p) for p in prefixes):
        continue
    data = cells[group]
    sizes = sorted({s for _, s in data}, key=size_key)
    variants = sorted({v for v, _ in data})
    print(f"\n### {group}\n")
    print("| variant | " + " | ".join(sizes) + " |")
    print("|---|" + "---|" * len(sizes))
    best_peer = {}
    for s in sizes:
        peers = [data[(v, s)][0] for v in variants if v.startswith(PEER) and (v, s) in data]
        best_peer[s] = min(peers) if peers else None
    for v in variants:
        row = []
        for s in sizes:
            if (v, s) not in data:
                row.append("–")
                continue
            ns, tp = data[(v, s)]
            ratio = f" ({best_peer[s] / ns:.2f}×)" if best_peer[s] else ""
            row.append(f"{fmt_ns(ns)}, {rate(ns, tp)}{ratio}{share(group, s, ns, tp)}")
        print(f"| {v} | " + " | ".join(row) + " |")
