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
# bytes a steady RNN Lab step may allocate (as the allocation tests): more means compiled code boxes vectors, which
# sessions 12 and 13 met only in some fresh JVMs of a full run (compile order), never in the tests
MAX_ALLOC_BYTES = 4096
# the configurations the issue sets goals for; others (B32-GRU) are measured side by side without a verdict
GOAL_CONFIGS = {"A-lecture-LSTM", "B1-Elman", "B1-LSTM", "B1-BiLSTM", "B32-Elman", "B32-LSTM", "B32-BiLSTM",
                "C-Elman", "C-LSTM"}


def load(paths):
    """Rows per (framework, config, dtype, threads), in file order: with bench/run --repeat N the k-th row of a key
    was measured in pass k."""
    rows = {}
    order = []
    for p in paths:
        with open(p) as f:
            for r in csv.DictReader(f):
                key = (r["framework"], r["config"], r["dtype"], int(r["threads"]))
                rows.setdefault(key, []).append(r)
                if r["config"] not in order:
                    order.append(r["config"])
    return rows, order


def field(rows, fw, cfg, dtype, th, name, k):
    """The figure `name` of pass k (0-based), or None when that pass has no such row or no such figure."""
    rs = rows.get((fw, cfg, dtype, th))
    if not rs or k >= len(rs) or not rs[k].get(name):
        return None
    return float(rs[k][name])


def median(xs):
    xs = sorted(x for x in xs if x is not None)
    if not xs:
        return None
    n = len(xs)
    return xs[n // 2] if n % 2 else (xs[n // 2 - 1] + xs[n // 2]) / 2


def fmt(x, digits=0):
    if x is None:
        return "–"
    return f"{x:,.{digits}f}"


def main():
    out, paths = sys.argv[1], sys.argv[2:]
    rows, order = load(paths)
    have_torch = any(k[0] == "pytorch" for k in rows)
    passes = max(len(rs) for rs in rows.values())
    lines = []
    for p in paths:
        try:
            with open(p + ".info") as f:
                lines.append(f"Compared with: {f.read().strip()}  ")
        except OSError:
            pass
    if lines:
        lines.append("")
    if passes > 1:
        lines.append(f"{passes} passes over every configuration (bench/run --repeat {passes}): tokens/s are medians "
                     "over the passes; a ratio is formed within each pass and given as its median (range) over them.")
        lines.append("")
    lines.append("| config | RNN Lab f64 1T | RNN Lab f64 2T | RNN Lab f32 1T | RNN Lab f32 2T | PyTorch f32 1T | "
                 "PyTorch f32 2T | PyTorch f64 1T | PyTorch f64 2T | RNN Lab f64 / PyTorch f32 (best/best) | "
                 "RNN Lab f32 / PyTorch f32 (best/best) | **better mode / PyTorch f32** | "
                 "RNN Lab f64 / PyTorch f64 (best/best) | goal | 1T ratio in CPU time (f64 / PyTorch f32) |")
    lines.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|")
    def ratio(a, b):
        return a / b if a and b else None

    def best(*xs):
        xs = [x for x in xs if x]
        return max(xs) if xs else None

    def spread(xs, digits=2):
        """The median of a ratio over the passes, and with several passes its range."""
        m = median(xs)
        xs = [x for x in xs if x is not None]
        if m is None or len(xs) < 2:
            return fmt(m, digits)
        return f"{fmt(m, digits)} ({fmt(min(xs), digits)}–{fmt(max(xs), digits)})"

    for cfg in order:
        cols = {}  # name -> figure per pass
        per_pass = {"bb32": [], "bbf": [], "better": [], "bb64": [], "cpu": []}
        for k in range(passes):
            def t(fw, dtype, th):
                return field(rows, fw, cfg, dtype, th, "tokens_per_s_median", k)
            j1, j2 = t("rnnlab", "float64", 1), t("rnnlab", "float64", 2)
            s1, s2 = t("rnnlab", "float32", 1), t("rnnlab", "float32", 2)
            f1, f2 = t("pytorch", "float32", 1), t("pytorch", "float32", 2)
            d1, d2 = t("pytorch", "float64", 1), t("pytorch", "float64", 2)
            for name, v in zip(("j1", "j2", "s1", "s2", "f1", "f2", "d1", "d2"), (j1, j2, s1, s2, f1, f2, d1, d2)):
                cols.setdefault(name, []).append(v)
            # a ratio is formed within one pass: both of its sides were measured within the same minutes
            bb32 = ratio(best(j1, j2), best(f1, f2))
            bbf = ratio(best(s1, s2), best(f1, f2))
            per_pass["bb32"].append(bb32)
            per_pass["bbf"].append(bbf)
            per_pass["better"].append(best(bb32, bbf))
            per_pass["bb64"].append(ratio(best(j1, j2), best(d1, d2)))
            per_pass["cpu"].append(ratio(field(rows, "pytorch", cfg, "float32", 1, "cpu_ms_per_step", k),
                                         field(rows, "rnnlab", cfg, "float64", 1, "cpu_ms_per_step", k)))
        better, bb64 = median(per_pass["better"]), median(per_pass["bb64"])
        goal = GOALS.get(cfg.split("-")[0]) if cfg in GOAL_CONFIGS else None
        verdict = "–" if cfg in GOAL_CONFIGS else "no goal"
        if goal is not None and better is not None:
            verdict = f"≥ {goal:g}× " + ("met" if better >= goal else "**missed**")
        if bb64 is not None and cfg in GOAL_CONFIGS:
            verdict += f"; f64 ≥ {GOAL_F64:g}× " + ("met" if bb64 >= GOAL_F64 else "**missed**")
        figures = " | ".join(fmt(median(cols[n])) for n in ("j1", "j2", "s1", "s2", "f1", "f2", "d1", "d2"))
        lines.append(f"| {cfg} | {figures} | {spread(per_pass['bb32'])} | {spread(per_pass['bbf'])} | "
                     f"**{spread(per_pass['better'])}** | {spread(per_pass['bb64'])} | {verdict} | "
                     f"{spread(per_pass['cpu'])} |")
    # the FP64 FMA peak of one core that bench/run measured (or was given), from the RNN Lab rows; float32 has twice
    # the lanes per vector, so its peak is twice that
    peaks = [float(r["peak_gflops_per_core"]) for rs in rows.values() for r in rs if r.get("peak_gflops_per_core")]
    peak = peaks[0] if peaks else None

    def share(r):
        if not peak:
            return "–"
        per_core = peak * (2 if r["dtype"] == "float32" else 1)
        return f"{100 * float(r['gflops']) / (per_core * int(r['threads'])):.1f}%"

    many = passes > 1
    detail = ["", "| framework | config | dtype | threads | " + ("pass | " if many else "") +
              "tokens/s median | IQR | min..max | ms/step | CPU ms/step | "
              "process CPU ms/step | GFLOP/s | % of peak | alloc B/step | peak heap MB |",
              "|---|---|---|---:|" + ("---:|" if many else "") + "---:|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    for key in sorted(rows, key=lambda k: (order.index(k[1]), k[0] != "rnnlab", k[2], k[3])):
        for k, r in enumerate(rows[key]):
            detail.append(f"| {key[0]} | {key[1]} | {key[2]} | {key[3]} | " + (f"{k + 1} | " if many else "") +
                          f"{float(r['tokens_per_s_median']):,.0f} | "
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
    text += "\n\n" + allocation_verdict(rows) + "\n" + "\n".join(detail) + "\n"
    with open(out, "w") as f:
        f.write(text)
    print(text)


def allocation_verdict(rows):
    """One line on the RNN Lab rows' bytes per steady step: each row ran in a fresh JVM with background compilation,
    so a row over MAX_ALLOC_BYTES is a build that boxes vectors in that JVM's compile order."""
    over, seen = [], 0
    for key, rs in rows.items():
        if key[0] != "rnnlab":
            continue
        for k, r in enumerate(rs):
            if not r.get("alloc_bytes_per_step"):
                continue
            seen += 1
            b = float(r["alloc_bytes_per_step"])
            if b > MAX_ALLOC_BYTES:
                over.append(f"{key[1]} {key[2]} {key[3]}T pass {k + 1}: {b:,.0f} B")
    if not seen:
        return "Allocation: no RNN Lab row reported its bytes per step."
    if not over:
        return (f"Allocation: every RNN Lab row ({seen}; each configuration runs in a fresh JVM per pass) allocated at most {MAX_ALLOC_BYTES:,} B "
                f"per steady step.")
    return (f"**Allocation: {len(over)} of {seen} RNN Lab rows allocated more than {MAX_ALLOC_BYTES:,} B per step** "
            f"(compiled code boxes vectors in those JVMs; find it with an allocation profile of that row): "
            + "; ".join(over) + ".")


if __name__ == "__main__":
    main()
