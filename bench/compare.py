#!/usr/bin/env python3
"""Merges the CSVs of one bench/run invocation into the ratio table RNN Lab / PyTorch (standard library only).

Usage: python3 bench/compare.py OUT.md RNNLAB.csv [TORCH.csv ...]
"""
import csv
import sys

# The performance issue's goals: RNN Lab's better precision mode (the faster of its double and float32 rows) against
# PyTorch float32, best thread count each, and RNN Lab double against PyTorch float64 at least GOAL_F64 everywhere.
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
    lines.append("| config | RNN Lab f64 1T | RNN Lab f64 2T | RNN Lab f32 1T | RNN Lab f32 2T | PyTorch f32 1T | "
                 "PyTorch f32 2T | PyTorch f64 1T | PyTorch f64 2T | RNN Lab f64 / PyTorch f32 (best/best) | "
                 "RNN Lab f32 / PyTorch f32 (best/best) | **better mode / PyTorch f32** | "
                 "RNN Lab f64 / PyTorch f64 (best/best) | goal | 1T ratio in CPU time (f64 / PyTorch f32) |")
    lines.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|")
    for cfg in order:
        j1, j2 = tps(rows, "rnnlab", cfg, "float64", 1), tps(rows, "rnnlab", cfg, "float64", 2)
        s1, s2 = tps(rows, "rnnlab", cfg, "float32", 1), tps(rows, "rnnlab", cfg, "float32", 2)
        f1, f2 = tps(rows, "pytorch", cfg, "float32", 1), tps(rows, "pytorch", cfg, "float32", 2)
        d1, d2 = tps(rows, "pytorch", cfg, "float64", 1), tps(rows, "pytorch", cfg, "float64", 2)

        def ratio(a, b):
            return a / b if a and b else None

        def best(*xs):
            xs = [x for x in xs if x]
            return max(xs) if xs else None

        bb32 = ratio(best(j1, j2), best(f1, f2))
        bbf = ratio(best(s1, s2), best(f1, f2))
        better = best(bb32, bbf)
        bb64 = ratio(best(j1, j2), best(d1, d2))
        goal = GOALS.get(cfg.split("-")[0])
        verdict = "–"
        if goal is not None and better is not None:
            verdict = f"≥ {goal:g}× " + ("met" if better >= goal else "**missed**")
        if bb64 is not None:
            verdict += f"; f64 ≥ {GOAL_F64:g}× " + ("met" if bb64 >= GOAL_F64 else "**missed**")
        cpu_ratio = ratio(cpu(rows, "pytorch", cfg, "float32", 1), cpu(rows, "rnnlab", cfg, "float64", 1))
        lines.append(f"| {cfg} | {fmt(j1)} | {fmt(j2)} | {fmt(s1)} | {fmt(s2)} | {fmt(f1)} | {fmt(f2)} | {fmt(d1)} | "
                     f"{fmt(d2)} | {fmt(bb32, 2)} | {fmt(bbf, 2)} | **{fmt(better, 2)}** | {fmt(bb64, 2)} | "
                     f"{verdict} | {fmt(cpu_ratio, 2)} |")
    # the FP64 FMA peak of one core that bench/run measured (or was given), from the RNN Lab rows; float32 has twice
    # the lanes per vector, so its peak is twice that
    peaks = [float(r["peak_gflops_per_core"]) for r in rows.values() if r.get("peak_gflops_per_core")]
    peak = peaks[0] if peaks else None

    def share(r):
        if not peak:
            return "–"
        per_core = peak * (2 if r["dtype"] == "float32" else 1)
        return f"{100 * float(r['gflops']) / (per_core * int(r['threads'])):.1f}%"

    detail = ["", "| framework | config | dtype | threads | tokens/s median | IQR | min..max | ms/step | CPU ms/step | "
              "process CPU ms/step | GFLOP/s | % of peak | alloc B/step | peak heap MB |",
              "|---|---|---|---:|---:|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    for key in sorted(rows, key=lambda k: (order.index(k[1]), k[0] != "rnnlab", k[2], k[3])):
        r = rows[key]
        detail.append(f"| {key[0]} | {key[1]} | {key[2]} | {key[3]} | {float(r['tokens_per_s_median']):,.0f} | "
                      f"{float(r['tokens_per_s_q1']):,.0f}–{float(r['tokens_per_s_q3']):,.0f} | "
                      f"{float(r['tokens_per_s_min']):,.0f}..{float(r['tokens_per_s_max']):,.0f} | "
                      f"{float(r['ms_per_step']):.3f} | {r.get('cpu_ms_per_step') or '–'} | "
                      f"{r.get('process_cpu_ms_per_step') or '–'} | {float(r['gflops']):.2f} | {share(r)} | "
                      f"{r['alloc_bytes_per_step'] or '–'} | {r['peak_heap_mb'] or '–'} |")
    text = "\n".join(lines)
    if not have_torch:
        text += "\n\n(PyTorch was not importable: RNN Lab columns only.)"
    if peak:
        text += (f"\n\n% of peak: GFLOP/s ÷ (threads × the FMA peak of one core: {peak:g} GFLOP/s in float64, "
                 f"{2 * peak:g} in float32)")
    text += "\n" + "\n".join(detail) + "\n"
    with open(out, "w") as f:
        f.write(text)
    print(text)


if __name__ == "__main__":
    main()
