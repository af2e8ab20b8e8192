#!/usr/bin/env python3
"""Per-fork table of a PostgresBenchmark JMH run: each fork's mean throughput (ops/ms) per pool and case,
and Cistern's worst and median fork against raw connections (the floor), HikariCP and Agroal."""
import json
import statistics
import sys
from collections import defaultdict

runs = json.load(open(sys.argv[1]))
forks = defaultdict(dict)  # case -> pool -> [per-fork means]
for run in runs:
    case = run["benchmark"].rsplit(".", 1)[1]
    pool = run["params"]["pool"]
    forks[case][pool] = [statistics.mean(f) for f in run["primaryMetric"]["rawData"]]

pools = ["raw", "cistern", "hikari", "agroal", "cistern-pgbouncer"]
print("| case | " + " | ".join(f"{p} (forks)" for p in pools) + " | Cistern median ÷ raw | worst Cistern fork ÷ raw median | Cistern median ÷ HikariCP | worst Cistern fork ÷ HikariCP median | Cistern median ÷ Agroal |")
print("|---|" + "---|" * (len(pools) + 5))
for case in sorted(forks):
    row = forks[case]
    cells = [", ".join(f"{v:.2f}" for v in row.get(p, [])) or "-" for p in pools]
    med = {p: statistics.median(row[p]) for p in row}
    c = row.get("cistern")
    def ratio(a, b):
        return f"{a / b:.3f}" if a and b else "-"
    print(f"| {case} | " + " | ".join(cells) + f" | {ratio(med.get('cistern'), med.get('raw'))} | {ratio(min(c), med.get('raw'))}"
          f" | {ratio(med.get('cistern'), med.get('hikari'))} | {ratio(min(c), med.get('hikari'))} | {ratio(med.get('cistern'), med.get('agroal'))} |")
