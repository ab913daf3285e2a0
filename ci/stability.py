#!/usr/bin/env python3
"""How stable are the tuner's winners? Compares two runs of one database's export.

    arsenal tune --db s.db && arsenal tune --db s.db      # two default tunes
    arsenal export --db s.db --out s.json
    ci/stability.py s.json [RUN_A RUN_B]                  # default: the first two runs

For every (op, strategy, size) cell measured in both runs, the winner is the variant with the
lowest objective among those that passed verification; a cell is decisive when the winner's 95 %
interval lies below the runner-up's. Prints the share of cells decisive in run A whose winner is
the same in run B (and the same for cells decisive in both runs).
"""
import json
import sys
from collections import defaultdict

doc = json.load(open(sys.argv[1]))
runs = doc["runs"]
if len(sys.argv) >= 4:
    pick = [r for r in runs if r["uuid"] in sys.argv[2:4]] or [runs[int(i) - 1] for i in sys.argv[2:4]]
else:
    pick = runs[:2]
if len(pick) != 2:
    sys.exit("need two runs")


def verdicts(run):
    passed = {(v["op"], v["variant"]) for op in run["ops"] for v in op["verifications"]
              if v["status"] == "passed"}
    cells = defaultdict(list)
    for op in run["ops"]:
        for m in op["measurements"]:
            if (m["op"], m["variant"]) in passed:
                cells[(m["op"], m["strategy"], m["size"])].append(m)
    out = {}
    for key, ms in cells.items():
        ms.sort(key=lambda m: m["objective_ns"])
        winner = ms[0]
        decisive = len(ms) == 1 or winner["objective_ci_high_ns"] < ms[1]["objective_ci_low_ns"]
        out[key] = (winner["variant"], decisive)
    return out


a, b = verdicts(pick[0]), verdicts(pick[1])
common = [k for k in a if k in b]
dec_a = [k for k in common if a[k][1]]
dec_both = [k for k in dec_a if b[k][1]]
same = lambda keys: sum(a[k][0] == b[k][0] for k in keys)
print(f"cells measured in both runs: {len(common)}")
print(f"decisive in run A: {len(dec_a)}; same winner in run B: {same(dec_a)} "
      f"({100 * same(dec_a) / max(len(dec_a), 1):.1f} %)")
print(f"decisive in both: {len(dec_both)}; same winner: {same(dec_both)} "
      f"({100 * same(dec_both) / max(len(dec_both), 1):.1f} %)")
print(f"all cells, same winner: {same(common)} ({100 * same(common) / max(len(common), 1):.1f} %)")
for k in dec_a:
    if a[k][0] != b[k][0]:
        print(f"  changed: {k[0]} {k[1]} {k[2]}: {a[k][0]} -> {b[k][0]} (decisive in B: {b[k][1]})")
