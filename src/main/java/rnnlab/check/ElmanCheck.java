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
 * Checks for a student's Elman layer (homework 1, 2 and 4): step forward, unrolling, the lecture's toy example
 * (p.9–11), step backward, BPTT and truncated BPTT. Each runs the student's code on small seeded cases (several
 * batch, input and hidden sizes, non-zero memory) and compares every output and gradient with the reference
 * equations; backward checks also compare the reference with numeric gradients. A failure names the quantity,
 * the entry (sentence, unit), the time step, expected versus got, and the most likely catalogued {@link Mistake}.
 *
 * <pre>
 *   ElmanCheck.stepForward((x, hPrev, w) -&gt; ...)            // ✔ one line, or the diagnostic block
 *   ElmanCheck.bptt(myBptt).require()                       // in a graded cell: throws CheckFailed when wrong
 * </pre>
 */
public final class ElmanCheck {
    private ElmanCheck() {}

    /** Seed of the cases: the same cases every run, so a diagnostic is reproducible. */
    public static final long SEED = 12L;

    private static final int[][] SIZES = {{2, 3, 4}, {3, 2, 3}, {1, 4, 2}};  // B, n, H

    private static final List<Mistake> FORWARD_MISTAKES = List.of(MISSING_ACTIVATION, TRANSPOSED_WH,
            MISSING_RECURRENT_TERM, MISSING_BIAS, BIAS_OUTSIDE_ACTIVATION);
    private static final List<Mistake> UNROLL_MISTAKES = List.of(UNROLL_OFF_BY_ONE, UNROLL_MEMORY_NOT_CARRIED,
            MISSING_ACTIVATION, TRANSPOSED_WH, MISSING_RECURRENT_TERM, MISSING_BIAS, BIAS_OUTSIDE_ACTIVATION);
    private static final List<Mistake> BACKWARD_MISTAKES = List.of(MISSING_TANH_DERIVATIVE, TRANSPOSED_WH_BACKWARD,
            GRADIENT_OVERWRITTEN, BIAS_GRAD_NOT_SUMMED, DWH_WITH_CURRENT_STATE);
    private static final List<Mistake> BPTT_MISTAKES = List.of(BPTT_NO_RECURRENT_TERM, BPTT_ZEROED_EACH_STEP,
            BPTT_WRONG_DIRECTION, MISSING_TANH_DERIVATIVE, TRANSPOSED_WH_BACKWARD, GRADIENT_OVERWRITTEN,
            BIAS_GRAD_NOT_SUMMED, DWH_WITH_CURRENT_STATE);
    private static final List<Mistake> TRUNCATION_MISTAKES = List.of(TRUNCATION_IGNORED, TRUNCATION_OFF_BY_ONE,
            BPTT_NO_RECURRENT_TERM, BPTT_ZEROED_EACH_STEP, BPTT_WRONG_DIRECTION, MISSING_TANH_DERIVATIVE,
            TRANSPOSED_WH_BACKWARD, GRADIENT_OVERWRITTEN, BIAS_GRAD_NOT_SUMMED, DWH_WITH_CURRENT_STATE);

    /** Seeded tanh weights of the given sizes (n inputs, H hidden units), entries in ±0.8. */
    public static ElmanWeights randomWeights(int n, int H, long seed) {
        var rng = new SplittableRandom(seed);
        return new ElmanWeights(Ops.random(n, H, 0.8, rng), Ops.random(H, H, 0.8, rng), Ops.random(1, H, 0.5, rng),
                Activation.TANH);
    }

    /** The reference step (what the checks expect): hᵗ = σ(x·Wi + hPrev·Wh + b). */
    public static Matrix reference(Matrix x, Matrix hPrev, ElmanWeights w) {
        return ElmanMath.step(x, hPrev, w, null);
    }

    /** The reference backward step (what the checks expect): adds into {@code grads}, returns ∂L/∂hᵗ⁻¹. */
    public static Matrix referenceBackward(Matrix dh, Matrix x, Matrix hPrev, Matrix h, ElmanWeights w, ElmanGrads grads) {
        return ElmanMath.stepBackward(dh, x, hPrev, h, w, grads, null);
    }

    // ---- forward ------------------------------------------------------------------------------------------------

    record StepCase(Matrix x, Matrix hPrev, ElmanWeights w) {}

    /** Checks one forward step hᵗ = σ(x·Wi + hPrev·Wh + b) on three seeded cases with non-zero memory. */
    public static Verdict stepForward(ElmanStep step) {
        var cases = new ArrayList<Diagnoser.Case<StepCase>>();
        for (int k = 0; k < SIZES.length; k++) {
            int B = SIZES[k][0], n = SIZES[k][1], H = SIZES[k][2];
            var rng = new SplittableRandom(SEED + k);
            cases.add(new Diagnoser.Case<>(String.format(Locale.ROOT,
                    "case %d of %d: B=%d sentences, n=%d inputs, H=%d hidden units, one step from a non-zero memory hPrev",
                    k + 1, SIZES.length, B, n, H),
                    new StepCase(Ops.random(B, n, 1, rng), Ops.random(B, H, 0.9, rng), randomWeights(n, H, SEED + 10 + k))));
        }
        return new Diagnoser("Elman step forward", "hᵗ")
                .explain("h", "the new hidden state h = σ(x·Wi + hPrev·Wh + b)")
                .locator(SENTENCE_UNIT)
                .check(cases, c -> Map.of("h", step.forward(c.x().copy(), c.hPrev().copy(), c.w().copy())),
                        (c, m) -> Map.of("h", ElmanMath.step(c.x(), c.hPrev(), c.w(), m)), FORWARD_MISTAKES);
    }

    record SeqCase(Matrix[] xs, Matrix h0, ElmanWeights w) {}

    /** Checks the unrolled layer: hs[t] over a 4-step sequence from a non-zero h⁰, two seeded cases. */
    public static Verdict unroll(ElmanUnroll unroll) {
        var cases = new ArrayList<Diagnoser.Case<SeqCase>>();
        for (int k = 0; k < 2; k++) {
            int B = SIZES[k][0], n = SIZES[k][1], H = SIZES[k][2], T = 4;
            var rng = new SplittableRandom(SEED + 20 + k);
            Matrix[] xs = new Matrix[T];
            for (int t = 0; t < T; t++) {
                xs[t] = Ops.random(B, n, 1, rng);
            }
            cases.add(new Diagnoser.Case<>(String.format(Locale.ROOT,
                    "case %d of 2: a sequence of T=%d steps, B=%d sentences, n=%d, H=%d, non-zero initial memory h⁰",
                    k + 1, T, B, n, H), new SeqCase(xs, Ops.random(B, H, 0.9, rng), randomWeights(n, H, SEED + 30 + k))));
        }
        return new Diagnoser("Elman layer unrolled over time", "h¹ … hᵀ")
                .locator(SENTENCE_UNIT)
                .check(cases, c -> byTime("h", unroll.forward(Ops.copies(c.xs()), c.h0().copy(), c.w().copy()), c.xs().length),
                        (c, m) -> byTime("h", ElmanMath.unroll(c.xs(), c.h0(), c.w(), m), c.xs().length),
                        UNROLL_MISTAKES);
    }

    /**
     * The lecture's toy network (p.9–11): all weights 1, no bias, linear units, memory starts at 0, output
     * y = h₁ + h₂. Inputs [1,1], [1,1], [2,2] give y = 4, 12, 32; the reversed order gives 8, 20, 44.
     * Runs the student's step on both orders.
     */
    public static Verdict lectureToyExample(ElmanStep step) {
        var w = toyWeights();
        var cases = List.of(
                new Diagnoser.Case<>("the slide's order: x = [1,1], [1,1], [2,2] (p.9–11), memory starts at [0,0]",
                        new SeqCase(new Matrix[] {Matrix.row(1, 1), Matrix.row(1, 1), Matrix.row(2, 2)}, new Matrix(1, 2), w)),
                new Diagnoser.Case<>("the reversed order: x = [2,2], [1,1], [1,1], memory starts at [0,0]",
                        new SeqCase(new Matrix[] {Matrix.row(2, 2), Matrix.row(1, 1), Matrix.row(1, 1)}, new Matrix(1, 2), w)));
        return new Diagnoser("Lecture toy RNN (p.9–11)", "the outputs y¹, y², y³")
                .locator((q, v, r, c) -> "output unit " + (c + 1))
                .check(cases, c -> toyOutputs(c, (x, h) -> step.forward(x.copy(), h.copy(), c.w().copy())),
                        (c, m) -> toyOutputs(c, (x, h) -> ElmanMath.step(x, h, c.w(), m)), FORWARD_MISTAKES);
    }

    /** The toy network's weights: 2 inputs, 2 hidden units, all weights 1, no bias, linear. */
    public static ElmanWeights toyWeights() {
        return new ElmanWeights(Matrix.filled(2, 2, 1), Matrix.filled(2, 2, 1), new Matrix(1, 2), Activation.LINEAR);
    }

    private static Map<String, Matrix> toyOutputs(SeqCase c, java.util.function.BinaryOperator<Matrix> step) {
        var out = new LinkedHashMap<String, Matrix>();
        Matrix h = c.h0();
        Matrix Wo = Matrix.filled(2, 2, 1);
        for (int t = 0; t < c.xs().length; t++) {
            h = step.apply(c.xs()[t], h);
            out.put("y" + sup(t + 1), Ops.mul(h, Wo));
        }
        return out;
    }

    // ---- backward -----------------------------------------------------------------------------------------------

    record BackCase(Matrix dh, Matrix x, Matrix hPrev, Matrix h, ElmanWeights w, ElmanGrads start) {}

    /**
     * Checks one backward step: ∂L/∂hᵗ⁻¹ and the three parameter gradients, which must be ADDED to the (non-zero)
     * gradients already in the buffers.
     */
    public static Verdict stepBackward(ElmanStepBackward back) {
        var cases = new ArrayList<Diagnoser.Case<BackCase>>();
        for (int k = 0; k < SIZES.length; k++) {
            int B = SIZES[k][0], n = SIZES[k][1], H = SIZES[k][2];
            var rng = new SplittableRandom(SEED + 40 + k);
            var w = randomWeights(n, H, SEED + 50 + k);
            Matrix x = Ops.random(B, n, 1, rng), hPrev = Ops.random(B, H, 0.9, rng);
            Matrix h = ElmanMath.step(x, hPrev, w, null);
            var start = new ElmanGrads(Ops.random(n, H, 0.3, rng), Ops.random(H, H, 0.3, rng), Ops.random(1, H, 0.3, rng));
            cases.add(new Diagnoser.Case<>(String.format(Locale.ROOT,
                    "case %d of %d: one step t, B=%d sentences, n=%d, H=%d; the gradient buffers already hold earlier steps' sums",
                    k + 1, SIZES.length, B, n, H), new BackCase(Ops.random(B, H, 1, rng), x, hPrev, h, w, start)));
        }
        var first = cases.get(0).input();
        double numeric = numericStepError(first);
        return new Diagnoser("Elman step backward", "∂L/∂hᵗ⁻¹, ∂L/∂Wi, ∂L/∂Wh, ∂L/∂b")
                .locator(GRADIENT_LOCATOR)
                .referenceNote(String.format(Locale.ROOT, "reference cell; the numeric gradient agrees with it to %.0e", numeric))
                .explain("∂L/∂hPrev", "∂L/∂hᵗ⁻¹ (what this step sends back to the previous one)")
                .check(cases, c -> {
                    var g = c.start().copy();
                    Matrix dPrev = back.backward(c.dh().copy(), c.x().copy(), c.hPrev().copy(), c.h().copy(), c.w().copy(), g);
                    return grads("∂L/∂hPrev", dPrev, g);
                }, (c, m) -> {
                    var g = c.start().copy();
                    Matrix dPrev = ElmanMath.stepBackward(c.dh(), c.x(), c.hPrev(), c.h(), c.w(), g, m);
                    return grads("∂L/∂hPrev", dPrev, g);
                }, BACKWARD_MISTAKES);
    }

    record BpttCase(Matrix[] dOut, Matrix[] xs, Matrix h0, Matrix[] hs, ElmanWeights w, int k) {}

    /** Checks full BPTT on sequences of T = 1, 2, 3, 4 steps (the first T that fails locates the time step). */
    public static Verdict bptt(ElmanBptt bptt) {
        return sequenceBackward("Elman BPTT", bptt, 0, BPTT_MISTAKES);
    }

    /** Checks truncated BPTT with chunks of k = 2 steps on sequences of T = 1 … 5 steps. */
    public static Verdict truncatedBptt(ElmanBptt bptt) {
        return sequenceBackward("Elman truncated BPTT (k = 2)", bptt, 2, TRUNCATION_MISTAKES);
    }

    private static Verdict sequenceBackward(String name, ElmanBptt bptt, int k, List<Mistake> mistakes) {
        int B = 2, n = 3, H = 3, maxT = k > 0 ? 5 : 4;
        var rng = new SplittableRandom(SEED + 60 + k);
        var w = randomWeights(n, H, SEED + 70);
        Matrix h0 = Ops.random(B, H, 0.9, rng);
        Matrix[] xsAll = new Matrix[maxT], dAll = new Matrix[maxT];
        for (int t = 0; t < maxT; t++) {
            xsAll[t] = Ops.random(B, n, 1, rng);
            dAll[t] = Ops.random(B, H, 1, rng);
        }
        var cases = new ArrayList<Diagnoser.Case<BpttCase>>();
        for (int T = 1; T <= maxT; T++) {
            Matrix[] xs = java.util.Arrays.copyOf(xsAll, T), d = java.util.Arrays.copyOf(dAll, T);
            Matrix[] hs = ElmanMath.unroll(xs, h0, w, null);
            String where = T == 1 ? "a sequence of T=1 step (no gradient flows between steps yet)"
                    : "a sequence of T=" + T + " steps; shorter sequences were right, so the error is in what flows from step t="
                    + T + " back to the earlier steps";
            cases.add(new Diagnoser.Case<>(where + String.format(Locale.ROOT, " (B=%d, n=%d, H=%d, non-zero h⁰%s)",
                    B, n, H, k > 0 ? ", chunks of k=" + k : ""), new BpttCase(d, xs, h0, hs, w, k)));
        }
        double numeric = k > 0 ? Double.NaN : numericBpttError(cases.get(cases.size() - 1).input());
        return new Diagnoser(name, "∂L/∂h⁰, ∂L/∂Wi, ∂L/∂Wh, ∂L/∂b")
                .locator(GRADIENT_LOCATOR)
                .referenceNote(k > 0 ? "reference cell" : String.format(Locale.ROOT,
                        "reference cell; the numeric gradient agrees with it to %.0e", numeric))
                .explain("∂L/∂h0", "∂L/∂h⁰ (the gradient that reaches the initial memory)")
                .check(cases, c -> {
                    var g = new ElmanGrads(c.w());
                    Matrix dh0 = bptt.backward(Ops.copies(c.dOut()), Ops.copies(c.xs()), c.h0().copy(), Ops.copies(c.hs()),
                            c.w().copy(), g, c.k());
                    return grads("∂L/∂h0", dh0, g);
                }, (c, m) -> {
                    var g = new ElmanGrads(c.w());
                    Matrix dh0 = ElmanMath.bptt(c.dOut(), c.xs(), c.h0(), c.hs(), c.w(), g, c.k(), m);
                    return grads("∂L/∂h0", dh0, g);
                }, mistakes);
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    static final Diagnoser.Locator SENTENCE_UNIT = (q, v, r, c) -> "sentence " + (r + 1) + " (row " + r + "), hidden unit " + c;

    static final Diagnoser.Locator GRADIENT_LOCATOR = (q, v, r, c) -> switch (q) {
        case "∂L/∂Wi" -> "row " + r + " (input x[" + r + "]), column " + c + " (hidden unit " + c + ")";
        case "∂L/∂Wh" -> "row " + r + " (memory unit " + r + "), column " + c + " (hidden unit " + c + ")";
        case "∂L/∂b" -> "hidden unit " + c;
        default -> "sentence " + (r + 1) + " (row " + r + "), unit " + c;
    };

    private static Map<String, Matrix> grads(String stateName, Matrix dState, ElmanGrads g) {
        var m = new LinkedHashMap<String, Matrix>();
        m.put(stateName, dState);
        m.put("∂L/∂Wi", g.dWi);
        m.put("∂L/∂Wh", g.dWh);
        m.put("∂L/∂b", g.db);
        return m;
    }

    static Map<String, Matrix> byTime(String name, Matrix[] ms, int T) {
        var out = new LinkedHashMap<String, Matrix>();
        for (int t = 0; t < T; t++) {
            out.put(name + sup(t + 1) + " (time step t=" + (t + 1) + ")", ms == null || t >= ms.length ? null : ms[t]);
        }
        return out;
    }

    static String sup(int t) {
        String digits = "⁰¹²³⁴⁵⁶⁷⁸⁹";
        var sb = new StringBuilder();
        for (char ch : Integer.toString(t).toCharArray()) {
            sb.append(digits.charAt(ch - '0'));
        }
        return sb.toString();
    }

    /** Largest relative error between the reference step gradients and centred differences of L = Σ dh ⊙ h. */
    private static double numericStepError(BackCase c) {
        var g = new ElmanGrads(c.w());
        Matrix dPrev = ElmanMath.stepBackward(c.dh(), c.x(), c.hPrev(), c.h(), c.w(), g, null);
        java.util.function.Supplier<Double> loss = () -> dot(c.dh(), ElmanMath.step(c.x(), c.hPrev(), c.w(), null));
        return Math.max(Numeric.maxRelError(loss, List.of(c.w().Wi(), c.w().Wh(), c.w().b(), c.hPrev()),
                List.of(g.dWi, g.dWh, g.db, dPrev)), 0);
    }

    private static double numericBpttError(BpttCase c) {
        var g = new ElmanGrads(c.w());
        Matrix dh0 = ElmanMath.bptt(c.dOut(), c.xs(), c.h0(), c.hs(), c.w(), g, 0, null);
        java.util.function.Supplier<Double> loss = () -> {
            Matrix[] hs = ElmanMath.unroll(c.xs(), c.h0(), c.w(), null);
            double s = 0;
            for (int t = 0; t < hs.length; t++) {
                s += dot(c.dOut()[t], hs[t]);
            }
            return s;
        };
        return Numeric.maxRelError(loss, List.of(c.w().Wi(), c.w().Wh(), c.w().b(), c.h0()), List.of(g.dWi, g.dWh, g.db, dh0));
    }

    static double dot(Matrix a, Matrix b) {
        double s = 0;
        for (int i = 0; i < a.rows; i++) {
            for (int j = 0; j < a.cols; j++) {
                s += a.data[i][j] * b.data[i][j];
            }
        }
        return s;
    }
}
