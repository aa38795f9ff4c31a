#!/usr/bin/env python3
"""Merges the CSVs of one bench/run invocation into the ratio table RNN Lab / PyTorch (standard library only).

Usage: python3 bench/compare.py OUT.md RNNLAB.csv [TORCH.csv ...]
"""
import csv
import sys

# The performance issue's goals: RNN Lab (double) against PyTorch float32, best thread count each, and against
# PyTorch float64 at least GOAL_F64 everywhere.
GOALS = {"A": 100.0, "B1": 3.0, "B32": 1.2, "C": 1.0}
GOAL_F64 = 1.5


def load(paths):
    rows = {}
    order = []
    for p in paths:
        with open(p) as f:
            for r in csv.DictReader(f):
                key = (r["framework"], r["config"], r["dtype"], int(r["threads"]))
                rows[key] = r
                if r["config"] not in order:
                    order.append(r["config"])
    return rows, order


def tps(rows, fw, cfg, dtype, th):
    r = rows.get((fw, cfg, dtype, th))
    return float(r["tokens_per_s_median"]) if r else None


def cpu(rows, fw, cfg, dtype, th):
    r = rows.get((fw, cfg, dtype, th))
    return float(r["cpu_ms_per_step"]) if r and r.get("cpu_ms_per_step") else None


def fmt(x, digits=0):
    if x is None:
        return "–"
    return f"{x:,.{digits}f}"


def main():
    out, paths = sys.argv[1], sys.argv[2:]
    rows, order = load(paths)
    have_torch = any(k[0] == "pytorch" for k in rows)
    lines = []
    for p in paths:
        try:
            with open(p + ".info") as f:
                lines.append(f"Compared with: {f.read().strip()}  ")
        except OSError:
            pass
    if lines:
        lines.append("")
    lines.append("| config | RNN Lab 1T | RNN Lab 2T | PyTorch f32 1T | PyTorch f32 2T | PyTorch f64 1T | "
                 "PyTorch f64 2T | ratio 1T (f32) | ratio 2T (f32) | **best/best (f32)** | best/best (f64) | goal | "
                 "1T ratio in CPU time (f32) |")
    lines.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|")
    for cfg in order:
        j1, j2 = tps(rows, "rnnlab", cfg, "float64", 1), tps(rows, "rnnlab", cfg, "float64", 2)
        f1, f2 = tps(rows, "pytorch", cfg, "float32", 1), tps(rows, "pytorch", cfg, "float32", 2)
        d1, d2 = tps(rows, "pytorch", cfg, "float64", 1), tps(rows, "pytorch", cfg, "float64", 2)

        def ratio(a, b):
            return a / b if a and b else None

        def best(*xs):
            xs = [x for x in xs if x]
            return max(xs) if xs else None

        bb32 = ratio(best(j1, j2), best(f1, f2))
        bb64 = ratio(best(j1, j2), best(d1, d2))
        goal = GOALS.get(cfg.split("-")[0])
        verdict = "–"
        if goal is not None and bb32 is not None:
            verdict = f"≥ {goal:g}× " + ("met" if bb32 >= goal else "**missed**")
        if bb64 is not None:
            verdict += f"; f64 ≥ {GOAL_F64:g}× " + ("met" if bb64 >= GOAL_F64 else "**missed**")
        cpu_ratio = ratio(cpu(rows, "pytorch", cfg, "float32", 1), cpu(rows, "rnnlab", cfg, "float64", 1))
        lines.append(f"| {cfg} | {fmt(j1)} | {fmt(j2)} | {fmt(f1)} | {fmt(f2)} | {fmt(d1)} | {fmt(d2)} | "
                     f"{fmt(ratio(j1, f1), 2)} | {fmt(ratio(j2, f2), 2)} | **{fmt(bb32, 2)}** | {fmt(bb64, 2)} | "
                     f"{verdict} | {fmt(cpu_ratio, 2)} |")
    detail = ["", "| framework | config | dtype | threads | tokens/s median | IQR | min..max | ms/step | CPU ms/step | "
              "GFLOP/s | alloc B/step | peak heap MB |", "|---|---|---|---:|---:|---|---|---:|---:|---:|---:|---:|"]
    for key in sorted(rows, key=lambda k: (order.index(k[1]), k[0] != "rnnlab", k[2], k[3])):
        r = rows[key]
        detail.append(f"| {key[0]} | {key[1]} | {key[2]} | {key[3]} | {float(r['tokens_per_s_median']):,.0f} | "
                      f"{float(r['tokens_per_s_q1']):,.0f}–{float(r['tokens_per_s_q3']):,.0f} | "
                      f"{float(r['tokens_per_s_min']):,.0f}..{float(r['tokens_per_s_max']):,.0f} | "
                      f"{float(r['ms_per_step']):.3f} | {r.get('cpu_ms_per_step') or '–'} | {float(r['gflops']):.2f} | "
                      f"{r['alloc_bytes_per_step'] or '–'} | {r['peak_heap_mb'] or '–'} |")
    text = "\n".join(lines)
    if not have_torch:
        text += "\n\n(PyTorch was not importable: RNN Lab columns only.)"
    text += "\n" + "\n".join(detail) + "\n"
    with open(out, "w") as f:
        f.write(text)
    print(text)


if __name__ == "__main__":
    main()
