package rnnlab.core;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * Numeric gradient checking: compares the analytic gradient from backpropagation with centred differences
 * <pre>
 *   numeric = (L(x + ε) − L(x − ε)) / 2ε                                    (order 2)
 *   numeric = (−L(x+2ε) + 8L(x+ε) − 8L(x−ε) + L(x−2ε)) / 12ε                 (order 4, the default)
 *   relative error = |a − n| / max(|a| + |n|, 1e-8)
 * </pre>
 * Why order 4 by default: in double, the second-order difference has a rounding error of about 1e-16·|L|/ε and a
 * truncation error of about ε²·|L'''|; at best (ε ≈ 1e-5) that is ~1e-10 absolute, so an entry whose gradient is
 * 1e-6 cannot be checked to a relative 1e-6. The fourth-order stencil's truncation error is ε⁴·|L⁽⁵⁾|, so ε = 1e-3
 * brings the absolute error near 1e-12; ε = 2e-3 measured best over the test grid (measurements in
 * {@code docs/design-notes.md}).
 *
 * <p>The check probes every entry of every tensor given (parameters, inputs, initial states), or a seeded sample
 * of entries. The values are restored exactly after each probe.
 *
 * <pre>
 *   GradCheckReport r = GradCheck.check(objective, tensors, GradCheck.Options.full());
 *   r.assertBelow(1e-6);
 * </pre>
 */
public final class GradCheck {
    /** Tolerance for whole sequences (CS231n uses ≈1e-6 for sequence backward). */
    public static final double SEQUENCE_TOLERANCE = 1e-6;
    /** Tolerance for one time step (≈1e-7). */
    public static final double STEP_TOLERANCE = 1e-7;

    private GradCheck() {}

    /**
     * How to probe.
     *
     * @param epsilon  the step ε of the difference (2e-3 for the default fourth-order stencil; about 1e-5 for
     *                 order 2, where it balances truncation and rounding in double)
     * @param samples  entries probed per tensor; 0 means all of them
     * @param seed     seed for choosing the sampled entries
     * @param order    2 for the classic centred difference, 4 for the five-point centred stencil
     */
    public record Options(double epsilon, int samples, long seed, int order) {
        public Options {
            if (order != 2 && order != 4) {
                throw new IllegalArgumentException("GradCheck.Options: order must be 2 or 4, got " + order);
            }
            if (!(epsilon > 0) || epsilon > 1e-2) {
                throw new IllegalArgumentException("GradCheck.Options: epsilon must be in (0, 1e-2], got " + epsilon);
            }
            if (samples < 0) {
                throw new IllegalArgumentException("GradCheck.Options: samples must be ≥ 0 (0 = all), got " + samples);
            }
        }

        /** Every entry, fourth-order stencil, ε = 2e-3. */
        public static Options full() {
            return new Options(2e-3, 0, Init.DEFAULT_SEED, 4);
        }

        /** {@code n} random entries per tensor (seeded), fourth-order stencil, ε = 2e-3. */
        public static Options sampled(int n, long seed) {
            return new Options(2e-3, n, seed, 4);
        }

        /** The classic two-point centred difference with step ε (e.g. 1e-5), every entry. */
        public static Options secondOrder(double epsilon) {
            return new Options(epsilon, 0, Init.DEFAULT_SEED, 2);
        }
    }

    /** Checks the gradients of {@code objective} with respect to each tensor. */
    /**
     * Checks a sequence model on one batch: its {@code params}, the vectors {@code inputs} of every step (none if
     * null) and the initial {@code states}. {@code loss} is a forward pass; {@code lossAndGradient} a forward and
     * backward pass, after which {@code inputGradients} gives ∂L/∂xᵗ (the model's arrays; they are copied).
     */
    public static GradCheckReport checkSequence(Params params, Matrix[] inputs, List<Param> states, DoubleSupplier loss,
                                                DoubleSupplier lossAndGradient, Supplier<Matrix[]> inputGradients,
                                                Options options) {
        List<Param> tensors = new ArrayList<>(params.list());
        List<Matrix> inputGrads = new ArrayList<>();
        for (int t = 0; inputs != null && t < inputs.length; t++) {
            Matrix g = new Matrix(inputs[t].rows, inputs[t].cols);
            inputGrads.add(g);
            tensors.add(new Param("x", inputs[t], g, t));
        }
        tensors.addAll(Param.prefixed("rnn.", states));
        Objective objective = new Objective() {
            @Override
            public double loss() {
                return loss.getAsDouble();
            }

            @Override
            public double gradients() {
                double l = lossAndGradient.getAsDouble();
                Matrix[] dInputs = inputGradients.get();
                for (int t = 0; t < inputGrads.size(); t++) {
                    inputGrads.get(t).copyFrom(dInputs[t]);
                }
                return l;
            }
        };
        return check(objective, tensors, options);
    }

    public static GradCheckReport check(Objective objective, List<Param> tensors, Options options) {
        double loss = objective.gradients();
        double resolution = resolution(loss, options);
        List<Matrix> analytic = new ArrayList<>();
        for (Param p : tensors) {
            analytic.add(p.grad.copy()); // later loss() calls must not disturb the analytic values
        }
        SplittableRandom rng = new SplittableRandom(options.seed());
        List<GradCheckReport.Entry> entries = new ArrayList<>();
        for (int k = 0; k < tensors.size(); k++) {
            Param p = tensors.get(k);
            Matrix a = analytic.get(k);
            int n = p.size();
            if (n == 0) {
                continue;
            }
            int probes = options.samples() == 0 ? n : Math.min(n, options.samples());
            double worst = -1, worstResolved = 0;
            int worstR = 0, worstC = 0;
            double worstA = 0, worstN = 0;
            for (int s = 0; s < probes; s++) {
                int flat = options.samples() == 0 ? s : rng.nextInt(n);
                int r = flat / p.value.cols, c = flat % p.value.cols;
                double[] row = p.value.data[r];
                double num = numeric(objective, row, c, options);
                double an = a.data[r][c];
                double rel = relativeError(an, num);
                if (!(Math.abs(an - num) <= resolution)) {
                    worstResolved = Math.max(worstResolved, Double.isNaN(rel) ? Double.POSITIVE_INFINITY : rel);
                }
                if (rel > worst || Double.isNaN(rel)) {
                    worst = Double.isNaN(rel) ? Double.POSITIVE_INFINITY : rel;
                    worstR = r;
                    worstC = c;
                    worstA = an;
                    worstN = num;
                }
            }
            entries.add(new GradCheckReport.Entry(p.name, p.value.shape(), probes, worst, worstR, worstC,
                    p.timeStep, worstA, worstN, worstResolved));
        }
        return new GradCheckReport(entries, options, resolution);
    }

    /**
     * The smallest absolute difference between analytic and numeric values that the difference quotient can
     * resolve in double precision for a loss of this size: its rounding noise, about ulp(L)/ε (times 1.5 for the
     * fourth-order stencil), with a safety factor of 8. Below it, "numeric" is noise, not a measurement.
     */
    public static double resolution(double loss, Options options) {
        double ulp = Math.ulp(Math.max(Math.abs(loss), Double.MIN_NORMAL));
        return 8 * ulp / options.epsilon() * (options.order() == 4 ? 1.5 : 1.0);
    }

    /** The centred difference of L in entry {@code row[c]}; the value is restored exactly. */
    static double numeric(Objective objective, double[] row, int c, Options options) {
        double old = row[c], e = options.epsilon();
        row[c] = old + e;
        double p1 = objective.loss();
        row[c] = old - e;
        double m1 = objective.loss();
        if (options.order() == 2) {
            row[c] = old;
            return (p1 - m1) / (2 * e);
        }
        row[c] = old + 2 * e;
        double p2 = objective.loss();
        row[c] = old - 2 * e;
        double m2 = objective.loss();
        row[c] = old;
        return (8 * (p1 - m1) - (p2 - m2)) / (12 * e); // differences first: equal losses give exactly 0
    }

    /** |a − n| / max(|a| + |n|, 1e-8). */
    public static double relativeError(double a, double n) {
        return Math.abs(a - n) / Math.max(Math.abs(a) + Math.abs(n), 1e-8);
    }
}
