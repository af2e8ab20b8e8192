#!/usr/bin/env python3
"""Turns one JMH JSON result (and the virtual-thread details) into a Markdown table with ratios to
HikariCP and an SVG bar chart of those ratios. Usage: chart.py RESULT.json DETAILS.jsonl OUTPUT_PREFIX"""
import json
import statistics
import sys
from collections import defaultdict

POOLS = ["cistern", "hikari", "agroal", "vibur", "dbcp2"]
COLOURS = {"cistern": "#1f77b4", "hikari": "#ff7f0e", "agroal": "#2ca02c", "vibur": "#9467bd", "dbcp2": "#8c564b"}


def load(result_path):
    cases = defaultdict(dict)  # case name -> pool -> (score, error, unit)
    for run in json.load(open(result_path)):
        name = run["benchmark"].rsplit(".", 1)[1]
        params = run.get("params", {})
        size = params.get("maximumPoolSize")
        case = name if size is None else f"{name} (pool {size})"
        metric = run["primaryMetric"]
        score, error, unit = metric["score"], metric["scoreError"], metric["scoreUnit"]
        if unit == "us/op":  # single-shot virtualThreads: report as throughput so that higher is better
            error = score and error / score * (1000.0 / score)
            score, unit = 1000.0 / score, "ops/ms"
        cases[case][params["pool"]] = (score, error if error == error else 0.0, unit)
    return cases


def warmup_invocations(result_path):
    """Single-shot warm-up iterations of virtualThreads: the first that many rows of each fork are warm-up."""
    for run in json.load(open(result_path)):
        if run["benchmark"].endswith(".virtualThreads"):
            return run["warmupIterations"]
    return 0


def virtual_thread_details(details_path, warmups):
    per_pool = defaultdict(list)
    try:
        for line in open(details_path):
            row = json.loads(line)
            if row["invocation"] > warmups:  # the count restarts in every fork
                per_pool[row["pool"]].append(row)
    except FileNotFoundError:
        return {}
    summary = {}
    for pool, rows in per_pool.items():
        summary[pool] = {key: statistics.median(r[key] for r in rows)
                         for key in ("throughput_ops_per_ms", "wait_p50_us", "wait_p99_us", "timeouts", "cpu_ms", "wall_ms")}
    return summary


def markdown(cases, details):
    lines = ["| benchmark | " + " | ".join(POOLS) + " | Cistern ÷ HikariCP |", "|---|" + "---|" * (len(POOLS) + 1)]
    for case in sorted(cases):
        row = cases[case]
        cells = []
        for pool in POOLS:
            if pool in row:
                score, error, _ = row[pool]
                cells.append(f"{score:,.0f} ± {error:,.0f}" if score >= 100 else f"{score:.2f} ± {error:.2f}")
            else:
                cells.append("—")
        ratio = row["cistern"][0] / row["hikari"][0] if "cistern" in row and "hikari" in row else float("nan")
        lines.append(f"| {case} | " + " | ".join(cells) + f" | **{ratio:.2f}×** |")
    if details:
        # "bare" is no pool at all (a queue of raw connections): the most any pool could reach here.
        ceiling = details.get("bare", {}).get("throughput_ops_per_ms")
        lines += ["", "| virtualThreads (10,000 VTs, pool 16, 1 ms hold) | throughput ops/ms | share of the no-pool ceiling | wait p50 ms | wait p99 ms | timeouts | CPU ms per 10,000 | wall ms |",
                  "|---|---|---|---|---|---|---|---|"]
        for pool in POOLS + ["bare"]:
            if pool in details:
                d = details[pool]
                share = f"{d['throughput_ops_per_ms'] / ceiling:.0%}" if ceiling else "—"
                label = "bare (no pool: ceiling)" if pool == "bare" else pool
                lines.append(f"| {label} | {d['throughput_ops_per_ms']:.2f} | {share} | {d['wait_p50_us'] / 1000:.0f} | {d['wait_p99_us'] / 1000:.0f} | "
                             f"{d['timeouts']:.0f} | {d['cpu_ms']:.0f} | {d['wall_ms']:.0f} |")
    return "\n".join(lines) + "\n"


def svg(cases):
    names = sorted(cases)
    bar, gap, left, top, row_height = 14, 10, 330, 40, 5 * 14 + 10
    width, height = 900, top + len(names) * row_height + 60
    scale_max = max((cases[c][p][0] / cases[c]["hikari"][0]) for c in names for p in cases[c] if "hikari" in cases[c])
    scale = (width - left - 40) / max(scale_max, 1.0)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="12">',
           f'<text x="{left}" y="20" font-size="14">Throughput relative to HikariCP (1.0 = HikariCP; higher is better)</text>']
    for i, case in enumerate(names):
        y0 = top + i * row_height
        out.append(f'<text x="{left - 8}" y="{y0 + row_height / 2}" text-anchor="end">{case}</text>')
        for j, pool in enumerate(POOLS):
            if pool not in cases[case] or "hikari" not in cases[case]:
                continue
            ratio = cases[case][pool][0] / cases[case]["hikari"][0]
            y = y0 + j * bar
            out.append(f'<rect x="{left}" y="{y}" width="{ratio * scale:.1f}" height="{bar - 2}" fill="{COLOURS[pool]}"/>')
            out.append(f'<text x="{left + ratio * scale + 4:.1f}" y="{y + bar - 4}" font-size="10">{pool} {ratio:.2f}</text>')
    x1 = left + scale
    out.append(f'<line x1="{x1:.1f}" y1="{top - 5}" x2="{x1:.1f}" y2="{height - 50}" stroke="#444" stroke-dasharray="4 3"/>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main():
    result, details_path, prefix = sys.argv[1:4]
    cases = load(result)
    details = virtual_thread_details(details_path, warmup_invocations(result))
    table = markdown(cases, details)
    open(prefix + ".md", "w").write(table)
    open(prefix + ".svg", "w").write(svg(cases))
    print(table)
    print(f"wrote {prefix}.md and {prefix}.svg")


if __name__ == "__main__":
    main()
