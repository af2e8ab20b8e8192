#!/usr/bin/env python3
"""Draws FleetScenario's held-connections CSV as an SVG: one panel per case, one line per member, the
connections each held over time, with the server's 17 slots for the role marked.
Usage: fleet_chart.py HELD.csv OUTPUT.svg"""
import csv
import sys
from collections import defaultdict

COLOURS = ["#1f77b4", "#ff7f0e", "#2ca02c"]
W, H, PAD = 300, 180, 36
SLOTS = 17


def main(path, out):
    cases = defaultdict(list)  # case -> [(t_ms, [held...])]
    with open(path) as f:
        for row in csv.DictReader(f):
            cases[row["case"]].append((int(row["t_ms"]), [int(row[k]) for k in ("member1", "member2", "member3")]))
    names = list(cases)
    width = PAD + len(names) * (W + PAD)
    svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{H + 2 * PAD}" font-family="sans-serif"'
           ' font-size="11">']
    for n, name in enumerate(names):
        x0, y0 = PAD + n * (W + PAD), PAD
        rows = cases[name]
        t_max = max(t for t, _ in rows) or 1
        y_max = max(SLOTS, max(max(h) for _, h in rows)) + 1
        sx = lambda t: x0 + W * t / t_max
        sy = lambda v: y0 + H - H * v / y_max
        svg.append(f'<text x="{x0}" y="{y0 - 10}" font-weight="bold">{name}</text>')
        svg.append(f'<rect x="{x0}" y="{y0}" width="{W}" height="{H}" fill="none" stroke="#999"/>')
        svg.append(f'<line x1="{x0}" y1="{sy(SLOTS)}" x2="{x0 + W}" y2="{sy(SLOTS)}" stroke="#d62728"'
                   ' stroke-dasharray="4 3"/>')
        svg.append(f'<text x="{x0 + 4}" y="{sy(SLOTS) - 3}" fill="#d62728">17 slots for the role</text>')
        for tick in range(0, y_max + 1, 5):
            svg.append(f'<text x="{x0 - 4}" y="{sy(tick) + 4}" text-anchor="end">{tick}</text>')
        svg.append(f'<text x="{x0 + W}" y="{y0 + H + 14}" text-anchor="end">{t_max / 1000:.0f} s</text>')
        for m in range(3):
            points = " ".join(f"{sx(t):.1f},{sy(h[m]):.1f}" for t, h in rows)
            svg.append(f'<polyline points="{points}" fill="none" stroke="{COLOURS[m]}" stroke-width="1.5"/>')
            svg.append(f'<text x="{x0 + 6 + 70 * m}" y="{y0 + H + 26}" fill="{COLOURS[m]}">member {m + 1}</text>')
    svg.append("</svg>")
    with open(out, "w") as f:
        f.write("\n".join(svg) + "\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
