#!/usr/bin/env python3
"""Golden values for RNN Lab's tests, from an independent NumPy implementation.

Writes src/test/resources/golden/rnn-golden.txt: weights, inputs, initial states, output gradients, and the
outputs and every gradient that exact BPTT gives, for a tanh LSTM, a GRU and a Jordan network (softmax memory).
GoldenValuesTest feeds the same weights and inputs to the Java layers (fast and reference) and requires 1e-12.

The project does not need NumPy: only this script does, and its output is checked in. To regenerate:

    python3 -m venv /tmp/npvenv && /tmp/npvenv/bin/pip install numpy
    /tmp/npvenv/bin/python scripts/golden-values.py

Conventions (those of RNN Lab): a batch is B rows; x_t is B x n; weights map rows, y = x @ W. Gate blocks are stacked
by columns in the lecture's order: LSTM [z | zi | zf | zo], GRU [z | r | n].
"""
import os
import sys

import numpy as np

B, T, N, H, K = 2, 4, 3, 4, 5
rng = np.random.default_rng(20240611)


def u(*shape, scale=1.0):
    return rng.uniform(-scale, scale, size=shape)


def sigmoid(v):
    return 1.0 / (1.0 + np.exp(-v))


def softmax(v):
    e = np.exp(v - v.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def lstm(p, xs, h0, c0, douts):
    """Forward then backward of a tanh LSTM without peepholes; returns outputs and gradients."""
    W, U, b = p["W"], p["U"], p["b"]
    hs, cs, cache = [h0], [c0], []
    for x in xs:
        pre = x @ W + hs[-1] @ U + b
        z, zi, zf, zo = (pre[:, k * H:(k + 1) * H] for k in range(4))
        g, i, f, o = np.tanh(z), sigmoid(zi), sigmoid(zf), sigmoid(zo)
        c = g * i + cs[-1] * f
        h = np.tanh(c) * o
        cache.append((x, hs[-1], cs[-1], g, i, f, o, c))
        hs.append(h)
        cs.append(c)
    grads = {k: np.zeros_like(v) for k, v in p.items()}
    dh_next, dc_next = np.zeros((B, H)), np.zeros((B, H))
    dxs = [None] * len(xs)
    for t in reversed(range(len(xs))):
        x, hp, cp, g, i, f, o, c = cache[t]
        dh = douts[t] + dh_next
        tc = np.tanh(c)
        do = dh * tc
        dc = dc_next + dh * o * (1 - tc ** 2)
        dg, di, df = dc * i, dc * g, dc * cp
        d = np.hstack([dg * (1 - g ** 2), di * i * (1 - i), df * f * (1 - f), do * o * (1 - o)])
        grads["W"] += x.T @ d
        grads["U"] += hp.T @ d
        grads["b"] += d.sum(axis=0, keepdims=True)
        dxs[t] = d @ W.T
        dh_next = d @ U.T
        dc_next = dc * f
    return hs[1:], grads, dxs, {"h0": dh_next, "c0": dc_next}


def gru(p, xs, h0, douts):
    W, Uzr, Un, b = p["W"], p["Uzr"], p["Un"], p["b"]
    hs, cache = [h0], []
    for x in xs:
        hp = hs[-1]
        xw = x @ W
        zr = sigmoid(xw[:, :2 * H] + hp @ Uzr + b[:, :2 * H])
        z, r = zr[:, :H], zr[:, H:]
        n = np.tanh(xw[:, 2 * H:] + (r * hp) @ Un + b[:, 2 * H:])
        h = z * hp + (1 - z) * n
        cache.append((x, hp, z, r, n))
        hs.append(h)
    grads = {k: np.zeros_like(v) for k, v in p.items()}
    dh_next = np.zeros((B, H))
    dxs = [None] * len(xs)
    for t in reversed(range(len(xs))):
        x, hp, z, r, n = cache[t]
        dh = douts[t] + dh_next
        dz = dh * (hp - n) * z * (1 - z)
        dn = dh * (1 - z) * (1 - n ** 2)
        drh = dn @ Un.T
        dr = drh * hp * r * (1 - r)
        dzr = np.hstack([dz, dr])
        d = np.hstack([dz, dr, dn])
        grads["W"] += x.T @ d
        grads["Uzr"] += hp.T @ dzr
        grads["Un"] += (r * hp).T @ dn
        grads["b"] += d.sum(axis=0, keepdims=True)
        dxs[t] = d @ W.T
        dh_next = dh * z + drh * r + dzr @ Uzr.T
    return hs[1:], grads, dxs, {"h0": dh_next}


def jordan(p, xs, o0, douts):
    """Jordan network: memory m = softmax(previous output scores o); tanh hidden units."""
    Wi, Wh, b, Wo, bo = p["Wi"], p["Wh"], p["b"], p["Wo"], p["bo"]
    os_, cache = [o0], []
    for x in xs:
        m = softmax(os_[-1])
        h = np.tanh(x @ Wi + m @ Wh + b)
        o = h @ Wo + bo
        cache.append((x, m, h))
        os_.append(o)
    grads = {k: np.zeros_like(v) for k, v in p.items()}
    do_next = np.zeros((B, K))
    dxs = [None] * len(xs)
    for t in reversed(range(len(xs))):
        x, m, h = cache[t]
        do = douts[t] + do_next
        grads["Wo"] += h.T @ do
        grads["bo"] += do.sum(axis=0, keepdims=True)
        d = (do @ Wo.T) * (1 - h ** 2)
        grads["Wh"] += m.T @ d
        grads["Wi"] += x.T @ d
        grads["b"] += d.sum(axis=0, keepdims=True)
        dxs[t] = d @ Wi.T
        dm = d @ Wh.T
        do_next = m * (dm - (dm * m).sum(axis=1, keepdims=True))  # softmax Jacobian
    return os_[1:], grads, dxs, {"o0": do_next}


def main():
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "test", "resources", "golden",
                       "rnn-golden.txt")
    lines = ["# Written by scripts/golden-values.py with NumPy " + np.__version__ + "; do not edit by hand.",
             "# name rows cols values (row by row); B=%d T=%d n=%d H=%d K=%d" % (B, T, N, H, K)]

    def put(name, m):
        m = np.atleast_2d(m)
        lines.append(" ".join([name, str(m.shape[0]), str(m.shape[1])] + [repr(float(v)) for v in m.ravel()]))

    def emit(net, params, xs, states, douts, result):
        outs, grads, dxs, dstates = result
        for k, v in params.items():
            put(net + ".param." + k, v)
        for k, v in states.items():
            put(net + ".state." + k, v)
        for t in range(T):
            put(net + ".x." + str(t), xs[t])
            put(net + ".dout." + str(t), douts[t])
            put(net + ".out." + str(t), outs[t])
            put(net + ".dx." + str(t), dxs[t])
        for k, v in grads.items():
            put(net + ".grad." + k, v)
        for k, v in dstates.items():
            put(net + ".grad." + k, v)

    xs = [u(B, N) for _ in range(T)]
    p = {"W": u(N, 4 * H), "U": u(H, 4 * H), "b": u(1, 4 * H)}
    h0, c0, douts = u(B, H, scale=0.8), u(B, H, scale=0.8), [u(B, H) for _ in range(T)]
    emit("lstm", p, xs, {"h0": h0, "c0": c0}, douts, lstm(p, xs, h0, c0, douts))

    p = {"W": u(N, 3 * H), "Uzr": u(H, 2 * H), "Un": u(H, H), "b": u(1, 3 * H)}
    h0, douts = u(B, H, scale=0.8), [u(B, H) for _ in range(T)]
    emit("gru", p, xs, {"h0": h0}, douts, gru(p, xs, h0, douts))

    p = {"Wi": u(N, H), "Wh": u(K, H), "b": u(1, H), "Wo": u(H, K), "bo": u(1, K)}
    o0, douts = u(B, K, scale=0.8), [u(B, K) for _ in range(T)]
    emit("jordan", p, xs, {"o0": o0}, douts, jordan(p, xs, o0, douts))

    with open(out, "w") as f:
        f.write("\n".join(lines) + "\n")
    print("wrote", os.path.normpath(out), "(%d tensors)" % (len(lines) - 2), file=sys.stderr)


if __name__ == "__main__":
    main()
