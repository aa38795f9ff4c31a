package rnnlab.train;

import rnnlab.core.Param;
import rnnlab.core.Params;

/**
 * Adagrad: every weight gets its own learning rate, divided by the root of the sum of all its past squared
 * gradients (Duchi et al. 2011).
 * <pre>
 *   G ← G + g²                   per element, starts at 0
 *   w ← w − η·g / (√G + ε)
 * </pre>
 */
public final class Adagrad extends BaseOptimizer<Adagrad.Settings> {
    /** The default settings (η = 0.1, ε = 1e-8); e.g. {@code Adagrad.defaults().withLearningRate(0.05)}. */
    public static Settings defaults() {
        return Settings.DEFAULT;
    }

    /**
     * @param learningRate η &gt; 0
     * @param epsilon      ε &gt; 0, keeps the division finite
     */
    public record Settings(double learningRate, double epsilon) implements OptimizerSettings {
        /** η = 0.1, ε = 1e-8. */
        public static final Settings DEFAULT = new Settings(0.1, 1e-8);

        public Settings {
            Optimizer.checkLearningRate("Adagrad.Settings", learningRate);
            if (!(epsilon > 0) || !Double.isFinite(epsilon)) {
                throw new IllegalArgumentException("Adagrad.Settings: epsilon must be positive, got " + epsilon);
            }
        }

        public Settings withEpsilon(double v) {
            return new Settings(learningRate, v);
        }

        @Override
        public Settings withLearningRate(double lr) {
            return new Settings(lr, epsilon);
        }

        @Override
        public Adagrad create() {
            return new Adagrad(this);
        }

        @Override
        public String name() {
            return "adagrad";
        }

        @Override
        public String toString() {
            return "Adagrad(" + "learningRate=" + learningRate + ", "
                    + "epsilon=" + epsilon + ")";
        }
    }

    public Adagrad(Settings settings) {
        super("Adagrad", settings, 1);
    }

    @Override
    protected void update(Params params) {
        double eps = settings.epsilon();
        for (Param p : params) {
            double[][] w = p.value.data, g = p.grad.data, sum = state.of(p)[0].data;
            for (int r = 0; r < w.length; r++) {
                double[] wr = w[r], gr = g[r], sr = sum[r];
                for (int c = 0; c < wr.length; c++) {
                    sr[c] += gr[c] * gr[c];                           // G ← G + g²
                    wr[c] -= lr * gr[c] / (Math.sqrt(sr[c]) + eps);  // w ← w − ηg/(√G+ε)
                }
            }
        }
    }
}
