#!/usr/bin/env python3
"""Per-fork table of a `run.sh forks` JMH result: for every case, Cistern's fork medians against the
medians of HikariCP, Agroal and Agroal validating on borrow, and whether the targets hold in every fork
(Cistern >= 1.3x HikariCP's median in each fork, Cistern's median >= Agroal's). Takes one or more JMH
JSON files; a case run with pool=driver (the stub driver's own connection, no pool) shows it as the ceiling."""
import json
import statistics
import sys
from collections import defaultdict


def case_name(entry):
    name = entry["benchmark"].rsplit(".", 1)[-1]
    size = entry.get("params", {}).get("maximumPoolSize")
    return f"{name} (pool {size})" if size else name


def main(paths):
    results = []
    for path in paths:
        with open(path) as f:
            results.extend(json.load(f))
    forks = defaultdict(dict)  # case -> pool -> [median per fork]
    for entry in results:
        pool = entry["params"]["pool"]
        raw = entry["primaryMetric"]["rawData"]
        forks[case_name(entry)][pool] = [statistics.median(iterations) for iterations in raw]
    print("| case | Cistern fork medians (ops/ms) | HikariCP | Agroal | Agroal validating | no pool (driver) | worst Cistern fork ÷ HikariCP | Cistern ÷ Agroal (medians) | targets |")
    print("|---|---|---|---|---|---|---|---|---|")
    for case in sorted(forks):
        pools = forks[case]
        cistern = pools.get("cistern", [])
        med = {p: statistics.median(v) for p, v in pools.items() if v}
        worst = min(cistern) / med["hikari"] if cistern and "hikari" in med else float("nan")
        vs_agroal = med["cistern"] / med["agroal"] if "cistern" in med and "agroal" in med else float("nan")
        met = worst >= 1.3 and vs_agroal >= 1.0
        fork_text = ", ".join(f"{v:,.0f}" for v in cistern)
        def m(p):
            return f"{med[p]:,.0f} ({min(pools[p]):,.0f}–{max(pools[p]):,.0f})" if p in med else "–"
        print(f"| {case} | {fork_text} | {m('hikari')} | {m('agroal')} | {m('agroal-validating')} | {m('driver')} | "
              f"{worst:.2f}× | {vs_agroal:.2f}× | {'met' if met else '**not met**'} |")


if __name__ == "__main__":
    main(sys.argv[1:])
