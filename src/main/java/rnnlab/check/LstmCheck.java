package rnnlab.check;

import static rnnlab.check.Mistake.*;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import rnnlab.core.Activation;
import rnnlab.core.Matrix;

/**
 * Checks for a student's LSTM cell (homework 3): the step forward (unrolled from a zero state, so a mistake in the
 * memory path shows at the time step where it first matters, and one step from a non-zero state), the lecture's
 * examples p.19 and p.20–25, the optional peepholes (p.30) and the step backward with all four gates. A failure
 * names the quantity and its gate, the unit, the time step, expected versus got and the likely {@link Mistake}.
 */
public final class LstmCheck {
    private LstmCheck() {}

    /** Seed of the cases. */
    public static final long SEED = 13L;

    static final String[] BLOCKS = {"cell input z", "input gate zi", "forget gate zf", "output gate zo"};

    private static final List<Mistake> FORWARD_MISTAKES = List.of(LSTM_GATE_ORDER, LSTM_MEMORY_WRONG_GATE,
            LSTM_FORGET_INVERTED, LSTM_OUTPUT_OLD_MEMORY, LSTM_OUTPUT_MISSING_ACTIVATION);
    private static final List<Mistake> BACKWARD_MISTAKES = List.of(LSTM_MISSING_SIGMOID_PRIME_INPUT,
            LSTM_MISSING_SIGMOID_PRIME_FORGET, LSTM_MISSING_SIGMOID_PRIME_OUTPUT, LSTM_MISSING_TANH_PRIME_CELL,
            LSTM_DC_WRONG_GATE, LSTM_DC_NEXT_IGNORED, GRADIENT_OVERWRITTEN, BIAS_GRAD_NOT_SUMMED);

    /** Seeded tanh LSTM weights (n inputs, H cells), entries in ±0.8; with peepholes when {@code peephole}. */
    public static LstmWeights randomWeights(int n, int H, boolean peephole, long seed) {
        var rng = new SplittableRandom(seed);
        return new LstmWeights(Ops.random(n, 4 * H, 0.8, rng), Ops.random(H, 4 * H, 0.8, rng),
                peephole ? Ops.random(H, 4 * H, 0.8, rng) : null, Ops.random(1, 4 * H, 0.5, rng),
                Activation.TANH, Activation.TANH);
    }

    /**
     * The lecture's cell (p.20–25): one cell, inputs (x₁, x₂, x₃), linear g and h, sigmoid gates.
     * z = x₁; zi = 100·x₂ − 10; zf = 100·x₂ + 10; zo = 100·x₃ − 10.
     */
    public static LstmWeights lectureWeights() {
        Matrix W = new Matrix(3, 4), U = new Matrix(1, 4);
        W.set(0, 0, 1);        // z  = x1
        W.set(1, 1, 100);      // zi = 100 x2 - 10
        W.set(1, 2, 100);      // zf = 100 x2 + 10
        W.set(2, 3, 100);      // zo = 100 x3 - 10
        return new LstmWeights(W, U, null, Matrix.row(0, -10, 10, -10), Activation.LINEAR, Activation.LINEAR);
    }

    /** The 5-step sequence of p.20–25: (3,1,0), (4,1,0), (2,0,0), (1,0,1), (3,−1,0). */
    public static Matrix[] lectureSequence() {
        return rows(new double[][] {{3, 1, 0}, {4, 1, 0}, {2, 0, 0}, {1, 0, 1}, {3, -1, 0}});
    }

    /** The 9-step sequence of p.19 (x₂ = 1 adds x₁ to memory, x₂ = −1 resets it, x₃ = 1 outputs it). */
    public static Matrix[] memorySequence() {
        double[] x1 = {1, 3, 2, 4, 2, 1, 3, 6, 1}, x2 = {0, 1, 0, 1, 0, 0, -1, 1, 0}, x3 = {0, 0, 0, 0, 0, 1, 0, 0, 1};
        double[][] v = new double[9][];
        for (int t = 0; t < 9; t++) {
            v[t] = new double[] {x1[t], x2[t], x3[t]};
        }
        return rows(v);
    }

    private static Matrix[] rows(double[][] v) {
        Matrix[] xs = new Matrix[v.length];
        for (int t = 0; t < v.length; t++) {
            xs[t] = Matrix.row(v[t]);
        }
        return xs;
    }

    /** The reference step (what the checks expect): g(z), the gates, c and h for the given input and state. */
    public static LstmStep reference(Matrix x, Matrix hPrev, Matrix cPrev, LstmWeights w) {
        return LstmMath.step(x, hPrev, cPrev, w, null);
    }

    // ---- forward --------------------------------------------------------------------------------------------------

    record SeqCase(Matrix[] xs, Matrix h0, Matrix c0, LstmWeights w, boolean gates) {}

    /** Checks the step forward: 3 steps from a zero state (unrolled with your step), then one step from a non-zero state. */
    public static Verdict stepForward(LstmStepForward step) {
        return forward("LSTM step forward", step, false);
    }

    /** Checks the step forward with peepholes (p.30): the four transforms also read cᵗ⁻¹ through P. */
    public static Verdict stepForwardPeephole(LstmStepForward step) {
        return forward("LSTM step forward with peepholes", step, true);
    }

    private static Verdict forward(String name, LstmStepForward step, boolean peephole) {
        var rng = new SplittableRandom(SEED + (peephole ? 5 : 0));
        var cases = new ArrayList<Diagnoser.Case<SeqCase>>();
        int B = 2, n = 3, H = 2, T = 3;
        Matrix[] xs = new Matrix[T];
        for (int t = 0; t < T; t++) {
            xs[t] = Ops.random(B, n, 1.5, rng);
        }
        cases.add(new Diagnoser.Case<>(String.format(Locale.ROOT,
                "case 1 of 2: your step unrolled over T=%d steps from h⁰ = c⁰ = 0 (B=%d sentences, n=%d, H=%d cells)", T, B, n, H),
                new SeqCase(xs, new Matrix(B, H), new Matrix(B, H), randomWeights(n, H, peephole, SEED + 1), true)));
        cases.add(new Diagnoser.Case<>("case 2 of 2: one step from a non-zero hᵗ⁻¹ and cᵗ⁻¹ (B=3 sentences, n=2, H=3 cells)",
                new SeqCase(new Matrix[] {Ops.random(3, 2, 1.5, rng)}, Ops.random(3, 3, 0.9, rng), Ops.random(3, 3, 2, rng),
                        randomWeights(2, 3, peephole, SEED + 2), true)));
        return new Diagnoser(name, "g(z), the gates, c and h")
                .locator((q, v, r, c) -> "sentence " + (r + 1) + " (row " + r + "), cell " + c)
                .check(cases, c -> unrolled(c, (x, h, cc) -> step.forward(x.copy(), h.copy(), cc.copy(), c.w().copy())),
                        (c, m) -> unrolled(c, (x, h, cc) -> LstmMath.step(x, h, cc, c.w(), m)), FORWARD_MISTAKES);
    }

    interface Step3 {
        LstmStep apply(Matrix x, Matrix h, Matrix c);
    }

    private static Map<String, Matrix> unrolled(SeqCase c, Step3 step) {
        var out = new LinkedHashMap<String, Matrix>();
        Matrix h = c.h0(), cell = c.c0();
        int T = c.xs().length;
        for (int t = 0; t < T; t++) {
            LstmStep s = step.apply(c.xs()[t], h, cell);
            if (s == null) {
                throw new IllegalStateException("your step returned null");
            }
            String at = T > 1 ? " at time step t=" + (t + 1) : "";
            if (c.gates()) {
                out.put("g(z)" + at, s.g());
                out.put("input gate i = σ(zi)" + at, s.i());
                out.put("forget gate f = σ(zf)" + at, s.f());
                out.put("output gate o = σ(zo)" + at, s.o());
            }
            out.put("memory c" + at, s.c());
            out.put((c.gates() ? "output h" : "output y") + at, s.h());
            h = s.h();
            cell = s.c();
        }
        return out;
    }

    /**
     * The lecture's examples with the slide weights (linear g and h, exact sigmoid gates): p.20–25 gives memory
     * 3, 7, 7, 7, 0 and y ≈ 0, 0, 0, 7, 0; the 9-step sequence of p.19 gives y ≈ 7 at t=6 and ≈ 6 at t=9.
     */
    public static Verdict lectureExamples(LstmStepForward step) {
        var w = lectureWeights();
        var cases = List.of(
                new Diagnoser.Case<>("p.20–25: x = (3,1,0), (4,1,0), (2,0,0), (1,0,1), (3,−1,0), memory starts at 0",
                        new SeqCase(lectureSequence(), new Matrix(1, 1), new Matrix(1, 1), w, false)),
                new Diagnoser.Case<>("p.19: the 9-step sequence (x₂ = 1 adds x₁, x₂ = −1 resets, x₃ = 1 outputs)",
                        new SeqCase(memorySequence(), new Matrix(1, 1), new Matrix(1, 1), w, false)));
        return new Diagnoser("LSTM lecture examples (p.19, p.20–25)", "the memory and the outputs")
                .locator((q, v, r, c) -> "the one cell")
                .check(cases, c -> unrolled(c, (x, h, cc) -> step.forward(x.copy(), h.copy(), cc.copy(), c.w().copy())),
                        (c, m) -> unrolled(c, (x, h, cc) -> LstmMath.step(x, h, cc, c.w(), m)), FORWARD_MISTAKES);
    }

    // ---- backward -------------------------------------------------------------------------------------------------

    record BackCase(Matrix dh, Matrix dcNext, Matrix x, Matrix hPrev, Matrix cPrev, LstmStep s, LstmWeights w,
                    LstmGrads start) {}

    /** Checks the step backward: ∂L/∂hᵗ⁻¹, ∂L/∂cᵗ⁻¹ and ∂W, ∂U, ∂b (added to non-zero buffers), on three cases. */
    public static Verdict stepBackward(LstmStepBackward back) {
        int[][] sizes = {{2, 3, 2}, {3, 2, 3}, {1, 2, 2}};
        var cases = new ArrayList<Diagnoser.Case<BackCase>>();
        for (int k = 0; k < sizes.length; k++) {
            int B = sizes[k][0], n = sizes[k][1], H = sizes[k][2];
            var rng = new SplittableRandom(SEED + 20 + k);
            var w = randomWeights(n, H, false, SEED + 30 + k);
            Matrix x = Ops.random(B, n, 1.5, rng), hPrev = Ops.random(B, H, 0.9, rng), cPrev = Ops.random(B, H, 2, rng);
            LstmStep s = LstmMath.step(x, hPrev, cPrev, w, null);
            var start = new LstmGrads(Ops.random(n, 4 * H, 0.3, rng), Ops.random(H, 4 * H, 0.3, rng),
                    Ops.random(1, 4 * H, 0.3, rng));
            cases.add(new Diagnoser.Case<>(String.format(Locale.ROOT,
                    "case %d of 3: one step t with ∂L/∂hᵗ and ∂L/∂cᵗ⁺¹ given, B=%d sentences, n=%d, H=%d cells, non-zero hᵗ⁻¹ and cᵗ⁻¹",
                    k + 1, B, n, H), new BackCase(Ops.random(B, H, 1, rng), Ops.random(B, H, 1, rng), x, hPrev, cPrev, s, w, start)));
        }
        double numeric = numericError(cases.get(0).input());
        return new Diagnoser("LSTM step backward", "∂L/∂hᵗ⁻¹, ∂L/∂cᵗ⁻¹, ∂L/∂W, ∂L/∂U, ∂L/∂b")
                .locator(LstmCheck::where)
                .blocks(BLOCKS)
                .referenceNote(String.format(Locale.ROOT, "reference cell; the numeric gradient agrees with it to %.0e", numeric))
                .explain("∂L/∂hPrev", "∂L/∂hᵗ⁻¹").explain("∂L/∂cPrev", "∂L/∂cᵗ⁻¹ (the memory's gradient sent to the previous step)")
                .check(cases, c -> {
                    var g = c.start().copy();
                    var r = back.backward(c.dh().copy(), c.dcNext().copy(), c.x().copy(), c.hPrev().copy(), c.cPrev().copy(),
                            copy(c.s()), c.w().copy(), g);
                    return grads(r, g);
                }, (c, m) -> {
                    var g = c.start().copy();
                    return grads(LstmMath.stepBackward(c.dh(), c.dcNext(), c.x(), c.hPrev(), c.cPrev(), c.s(), c.w(), g, m), g);
                }, BACKWARD_MISTAKES);
    }

    private static String where(String q, Matrix v, int r, int c) {
        if (q.equals("∂L/∂W") || q.equals("∂L/∂U") || q.equals("∂L/∂b")) {
            int H = v.cols / 4;
            String row = q.equals("∂L/∂W") ? "row " + r + " (input x[" + r + "]), " : q.equals("∂L/∂U") ? "row " + r + " (hᵗ⁻¹ unit " + r + "), " : "";
            return row + "column " + c + " = " + BLOCKS[c / H] + " block, cell " + (c % H);
        }
        return "sentence " + (r + 1) + " (row " + r + "), cell " + c;
    }

    private static Map<String, Matrix> grads(LstmStepBackward.Result r, LstmGrads g) {
        var m = new LinkedHashMap<String, Matrix>();
        m.put("∂L/∂b", g.db);                   // first: its columns name the gate directly
        m.put("∂L/∂W", g.dW);
        m.put("∂L/∂U", g.dU);
        m.put("∂L/∂hPrev", r == null ? null : r.dhPrev());
        m.put("∂L/∂cPrev", r == null ? null : r.dcPrev());
        return m;
    }

    private static LstmStep copy(LstmStep s) {
        return new LstmStep(s.g().copy(), s.i().copy(), s.f().copy(), s.o().copy(), s.c().copy(), s.h().copy());
    }

    private static double numericError(BackCase c) {
        var g = new LstmGrads(c.w());
        var r = LstmMath.stepBackward(c.dh(), c.dcNext(), c.x(), c.hPrev(), c.cPrev(), c.s(), c.w(), g, null);
        java.util.function.Supplier<Double> loss = () -> {
            LstmStep s = LstmMath.step(c.x(), c.hPrev(), c.cPrev(), c.w(), null);
            return ElmanCheck.dot(c.dh(), s.h()) + ElmanCheck.dot(c.dcNext(), s.c());
        };
        return Numeric.maxRelError(loss, List.of(c.w().W(), c.w().U(), c.w().b(), c.hPrev(), c.cPrev()),
                List.of(g.dW, g.dU, g.db, r.dhPrev(), r.dcPrev()));
    }
}
