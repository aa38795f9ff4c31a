package rnnlab.train;

import rnnlab.core.Param;
import rnnlab.core.Params;

/**
 * Adam (Kingma &amp; Ba 2015): momentum on the gradient and RMSProp's running average of its square, both
 * bias-corrected for their zero start.
 * <pre>
 *   t ← t + 1
 *   m ← β₁·m + (1−β₁)·g           first moment, starts at 0
 *   v ← β₂·v + (1−β₂)·g²          second moment, starts at 0
 *   m̂ = m / (1−β₁ᵗ)    v̂ = v / (1−β₂ᵗ)
 *   w ← w − η·m̂ / (√v̂ + ε)
 * </pre>
 */
public final class Adam extends BaseOptimizer<Adam.Settings> {
    /** The default settings (η = 0.01, β₁ = 0.9, β₂ = 0.999, ε = 1e-8); change one with {@code withLearningRate(…)}, {@code withBeta1(…)}, …. */
    public static Settings defaults() {
        return Settings.DEFAULT;
    }

    /**
     * @param learningRate η &gt; 0
     * @param beta1        β₁ in [0, 1)
     * @param beta2        β₂ in [0, 1)
     * @param epsilon      ε &gt; 0
     */
    public record Settings(double learningRate, double beta1, double beta2, double epsilon)
            implements OptimizerSettings {
        /** η = 0.01, β₁ = 0.9, β₂ = 0.999, ε = 1e-8: the training default of this library. */
        public static final Settings DEFAULT = new Settings(0.01, 0.9, 0.999, 1e-8);

        public Settings {
            Optimizer.checkLearningRate("Adam.Settings", learningRate);
            if (!(beta1 >= 0 && beta1 < 1)) {
                throw new IllegalArgumentException("Adam.Settings: beta1 must be in [0, 1), got " + beta1);
            }
            if (!(beta2 >= 0 && beta2 < 1)) {
                throw new IllegalArgumentException("Adam.Settings: beta2 must be in [0, 1), got " + beta2);
            }
            if (!(epsilon > 0) || !Double.isFinite(epsilon)) {
                throw new IllegalArgumentException("Adam.Settings: epsilon must be positive, got " + epsilon);
            }
        }

        public Settings withBeta1(double v) {
            return new Settings(learningRate, v, beta2, epsilon);
        }

        public Settings withBeta2(double v) {
            return new Settings(learningRate, beta1, v, epsilon);
        }

        public Settings withEpsilon(double v) {
            return new Settings(learningRate, beta1, beta2, v);
        }

        @Override
        public Settings withLearningRate(double lr) {
            return new Settings(lr, beta1, beta2, epsilon);
        }

        @Override
        public Adam create() {
            return new Adam(this);
        }

        @Override
        public String name() {
            return "adam";
        }

        @Override
        public String toString() {
            return "Adam(" + "learningRate=" + learningRate + ", "
                    + "beta1=" + beta1 + ", "
                    + "beta2=" + beta2 + ", "
                    + "epsilon=" + epsilon + ")";
        }
    }

    public Adam(Settings settings) {
        super("Adam", settings, 2);
    }

    @Override
    protected void update(Params params) {
        double b1 = settings.beta1(), b2 = settings.beta2(), eps = settings.epsilon();
        double c1 = 1 - Math.pow(b1, steps), c2 = 1 - Math.pow(b2, steps); // bias corrections
        for (Param p : params) {
            double[][] w = p.value.data, g = p.grad.data;
            double[][] m = state.of(p)[0].data, v = state.of(p)[1].data;
            for (int r = 0; r < w.length; r++) {
                double[] wr = w[r], gr = g[r], mr = m[r], vr = v[r];
                for (int c = 0; c < wr.length; c++) {
                    mr[c] = b1 * mr[c] + (1 - b1) * gr[c];           // m ← β₁m + (1−β₁)g
                    vr[c] = b2 * vr[c] + (1 - b2) * gr[c] * gr[c];   // v ← β₂v + (1−β₂)g²
                    wr[c] -= lr * (mr[c] / c1) / (Math.sqrt(vr[c] / c2) + eps); // w ← w − η m̂/(√v̂+ε)
                }
            }
        }
    }
}
