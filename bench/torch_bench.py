#!/usr/bin/env python3
"""PyTorch twin of bench/harness/rnnlab/bench/TrainBench.java: the same configurations and the same training step
(forward, cross-entropy summed over every step, backpropagation through time, plain SGD), in float32 and float64,
with 1 and 2 threads. Writes one CSV line per (configuration, dtype, threads) in TrainBench's format.

Usage: python3 bench/torch_bench.py [--quick] [--only A-lecture-LSTM,B1-LSTM] [--csv FILE]
"""
import argparse
import statistics
import sys
import time

import torch
import torch.nn as nn

# name, arch, bidirectional, vocab (0 = dense input vectors), input, hidden, T, B, classes
CONFIGS = [
    ("A-lecture-LSTM", "LSTM", False, 0, 3, 4, 9, 1, 3),
    ("B1-Elman", "Elman", False, 600, 100, 100, 15, 1, 127),
    ("B1-LSTM", "LSTM", False, 600, 100, 100, 15, 1, 127),
    ("B1-BiLSTM", "LSTM", True, 600, 100, 100, 15, 1, 127),
    ("B32-Elman", "Elman", False, 600, 100, 100, 15, 32, 127),
    ("B32-LSTM", "LSTM", False, 600, 100, 100, 15, 32, 127),
    ("B32-BiLSTM", "LSTM", True, 600, 100, 100, 15, 32, 127),
    ("B32-GRU", "GRU", False, 600, 100, 100, 15, 32, 127),
    ("C-Elman", "Elman", False, 0, 128, 256, 50, 64, 100),
    ("C-LSTM", "LSTM", False, 0, 128, 256, 50, 64, 100),
]
LEARNING_RATE = 1e-3
BATCHES = 4


def flops(arch, bi, vocab, n, H, T, B, K):
    """Same analytic count as TrainBench.Config.flops()."""
    N = T * B
    G = {"LSTM": 4, "GRU": 3}.get(arch, 1)  # gates (GRU: z, r and the candidate)
    D = 2 if bi else 1
    inp = N * n * G * H * 2
    rec = N * H * G * H * 2
    head = N * D * H * K * 2
    fwd = D * (inp + rec) + head
    bwd = D * (inp + 2 * rec + (inp if vocab > 0 else 0)) + 2 * head
    return fwd + bwd


class Model(nn.Module):
    def __init__(self, arch, bi, vocab, n, H, K):
        super().__init__()
        self.emb = nn.Embedding(vocab, n) if vocab > 0 else None
        rnn = {"LSTM": nn.LSTM, "GRU": nn.GRU}.get(arch, nn.RNN)  # nn.RNN: tanh Elman
        self.rnn = rnn(n, H, bidirectional=bi)      # input (T, B, n)
        self.head = nn.Linear(H * (2 if bi else 1), K)

    def forward(self, x):
        if self.emb is not None:
            x = self.emb(x)
        h, _ = self.rnn(x)
        return self.head(h)


def run(cfg, dtype, threads, warm_sec, round_sec, rounds):
    name, arch, bi, vocab, n, H, T, B, K = cfg
    torch.set_num_threads(threads)
    torch.manual_seed(42)
    model = Model(arch, bi, vocab, n, H, K).to(dtype)
    opt = torch.optim.SGD(model.parameters(), lr=LEARNING_RATE)
    loss_fn = nn.CrossEntropyLoss(reduction="sum")
    g = torch.Generator().manual_seed(7)
    data = []
    for _ in range(BATCHES):
        if vocab > 0:
            x = torch.randint(0, vocab, (T, B), generator=g)
        else:
            x = (torch.rand(T, B, n, generator=g, dtype=torch.float64) * 2 - 1).to(dtype)
        y = torch.randint(0, K, (T * B,), generator=g)
        data.append((x, y))

    def step(k):
        x, y = data[k % BATCHES]
        opt.zero_grad()   # the default (set_to_none=True), as users write it: backward then writes fresh gradients
        out = model(x)
        loss = loss_fn(out.reshape(T * B, K), y)
        loss.backward()
        opt.step()
        return loss

    t0 = time.perf_counter()
    steps = 0
    while time.perf_counter() - t0 < warm_sec or steps < 3:
        loss = step(steps)
        steps += 1
    per_step = (time.perf_counter() - t0) / steps
    per_round = max(1, int(round_sec / per_step + 0.999))
    tps = []
    total = 0.0
    k = 0
    cpu0 = time.process_time()
    for _ in range(rounds):
        s = time.perf_counter()
        for _ in range(per_round):
            loss = step(k)
            k += 1
        dt = time.perf_counter() - s
        total += dt
        tps.append(T * B * per_round / dt)
    cpu_ms = (time.process_time() - cpu0) * 1e3 / (rounds * per_round)
    tps.sort()
    q = statistics.quantiles(tps, n=4, method="inclusive")
    med = statistics.median(tps)
    ms = total * 1e3 / (rounds * per_round)
    gf = flops(arch, bi, vocab, n, H, T, B, K) * med / (T * B) / 1e9
    dt_name = "float32" if dtype == torch.float32 else "float64"
    print(f"{name:<16} {dt_name:<8} {threads:3d} {med:12.0f} {q[0]:10.0f}-{q[2]:<10.0f} {ms:9.3f} {cpu_ms:9.3f} "
          f"{gf:8.2f}", flush=True)
    return (f"pytorch,{name},{dt_name},{threads},{med:.1f},{q[0]:.1f},{q[2]:.1f},{tps[0]:.1f},{tps[-1]:.1f},"
            f"{ms:.4f},{cpu_ms:.4f},{gf:.3f},,,{float(loss):.6g}")


def blas_in_use():
    """The BLAS library this process loaded (Debian's torch uses the system libblas.so.3: reference BLAS unless
    an optimised one such as OpenBLAS is installed, which makes a large difference)."""
    try:
        torch.mm(torch.ones(64, 64, dtype=torch.float64), torch.ones(64, 64, dtype=torch.float64))
        import os
        with open("/proc/self/maps") as f:
            libs = {line.split()[-1] for line in f if "blas" in line.lower() and "/" in line}
        return ", ".join(sorted(os.path.realpath(l) for l in libs)) or "built in"
    except OSError:
        return "unknown"


def describe():
    """One line naming this PyTorch: version, where it came from, its BLAS and the CPU capability of its kernels."""
    import os
    where = os.path.realpath(torch.__file__)
    if where.startswith("/usr/lib/python3/"):
        source = "Debian's python3-torch build (not what pip installs)"
    else:
        source = "PyPI wheel" if "site-packages" in where else f"installed at {os.path.dirname(where)}"
    cfg = torch.__config__.show()
    import re
    m = re.search(r"BLAS_INFO=([^,\s]+)", cfg)
    blas = m.group(1) if m else blas_in_use()
    try:
        cap = torch.backends.cpu.get_cpu_capability()
    except AttributeError:  # torch < 2.1
        cap = "unknown"
    onednn = "oneDNN" if torch.backends.mkldnn.is_available() else "no oneDNN"
    return f"PyTorch {torch.__version__} ({source}; BLAS {blas}; {onednn}; CPU capability {cap})"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--only", default=None)
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--csv", default=None, help="appended to")
    ap.add_argument("--no-header", action="store_true")
    a = ap.parse_args()
    warm, rnd, rounds = (0.4, 0.04, 5) if a.quick else (1.0, 0.12, 11)
    only = set(a.only.split(",")) if a.only else None
    if not a.no_header:
        print(f"{describe()} from {sys.executable} (Python {sys.version.split()[0]}), "
              f"{torch.get_num_threads()} threads by default; BLAS library loaded: {blas_in_use()}", flush=True)
        if a.csv:
            with open(a.csv + ".info", "w") as f:  # read by compare.py: names this PyTorch above the table
                f.write(describe() + "\n")
        print(f"{'config':<16} {'dtype':<8} {'thr':>3} {'tokens/s':>12} {'IQR':>21} {'ms/step':>9} {'cpu ms':>9} "
              f"{'GFLOP/s':>8}  (cpu ms: process CPU time per step)")
    lines = []
    for cfg in CONFIGS:
        if only and cfg[0] not in only:
            continue
        for dtype in (torch.float32, torch.float64):
            for th in (int(t) for t in a.threads.split(",")):
                lines.append(run(cfg, dtype, th, warm, rnd, rounds))
    if a.csv:
        import os
        fresh = not os.path.exists(a.csv)
        with open(a.csv, "a") as f:
            if fresh:
                f.write("framework,config,dtype,threads,tokens_per_s_median,tokens_per_s_q1,tokens_per_s_q3,"
                        "tokens_per_s_min,tokens_per_s_max,ms_per_step,cpu_ms_per_step,gflops,alloc_bytes_per_step,"
                        "peak_heap_mb,loss\n")
            for l in lines:
                f.write(l + "\n")


if __name__ == "__main__":
    main()
