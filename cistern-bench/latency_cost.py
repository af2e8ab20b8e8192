#!/usr/bin/env python3
"""Per-fork table of a `run.sh latency` JMH result: for each connectionCycle case, Cistern's fork medians
with latency recording off and on, and on/off as the ratio of the medians and of the worst 'on' fork to the
'off' median (the target: at least 0.95 at 1 and 8 threads)."""
import json
import statistics
import sys
from collections import defaultdict


def main(path):
    with open(path) as f:
        results = json.load(f)
    forks = defaultdict(dict)
    for entry in results:
        name = entry["benchmark"].rsplit(".", 1)[-1]
        case = f"{name} (pool {entry['params']['maximumPoolSize']})"
        forks[case][entry["params"]["pool"]] = [statistics.median(i) for i in entry["primaryMetric"]["rawData"]]
    print("| case | latency off: fork medians (ops/ms) | latency on: fork medians | on ÷ off (medians) | worst on fork ÷ off median |")
    print("|---|---|---|---|---|")
    for case in sorted(forks):
        off, on = forks[case].get("cistern", []), forks[case].get("cistern-latency", [])
        if not off or not on:
            continue
        ratio = statistics.median(on) / statistics.median(off)
        worst = min(on) / statistics.median(off)
        fmt = lambda values: ", ".join(f"{v:,.0f}" for v in values)
        print(f"| {case} | {fmt(off)} | {fmt(on)} | {ratio:.2f} | {worst:.2f} |")


if __name__ == "__main__":
    main(sys.argv[1])
