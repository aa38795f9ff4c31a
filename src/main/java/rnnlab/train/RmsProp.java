package rnnlab.train;

import rnnlab.core.Param;
import rnnlab.core.Params;

/**
 * RMSProp (Hinton, Coursera lecture 6e): like Adagrad, but the squared gradients are averaged with exponential
 * forgetting, so the effective learning rate does not shrink forever — useful on the rough error surface of an RNN
 * (lecture Part II p.35).
 * <pre>
 *   r ← ρ·r + (1−ρ)·g²          per element, starts at 0
 *   w ← w − η·g / (√r + ε)
 * </pre>
 */
public final class RmsProp extends BaseOptimizer<RmsProp.Settings> {
    /** The default settings (η = 0.005, ρ = 0.9, ε = 1e-8); e.g. {@code RmsProp.defaults().withRho(0.95)}. */
    public static Settings defaults() {
        return Settings.DEFAULT;
    }

    /**
     * @param learningRate η &gt; 0
     * @param rho          ρ in [0, 1), how much of the old average is kept
     * @param epsilon      ε &gt; 0
     */
    public record Settings(double learningRate, double rho, double epsilon) implements OptimizerSettings {
        /** η = 0.005, ρ = 0.9, ε = 1e-8. */
        public static final Settings DEFAULT = new Settings(0.005, 0.9, 1e-8);

        public Settings {
            Optimizer.checkLearningRate("RmsProp.Settings", learningRate);
            if (!(rho >= 0 && rho < 1)) {
                throw new IllegalArgumentException("RmsProp.Settings: rho must be in [0, 1), got " + rho);
            }
            if (!(epsilon > 0) || !Double.isFinite(epsilon)) {
                throw new IllegalArgumentException("RmsProp.Settings: epsilon must be positive, got " + epsilon);
            }
        }

        public Settings withRho(double v) {
            return new Settings(learningRate, v, epsilon);
        }

        public Settings withEpsilon(double v) {
            return new Settings(learningRate, rho, v);
        }

        @Override
        public Settings withLearningRate(double lr) {
            return new Settings(lr, rho, epsilon);
        }

        @Override
        public RmsProp create() {
            return new RmsProp(this);
        }

        @Override
        public String name() {
            return "rmsprop";
        }

        @Override
        public String toString() {
            return "RmsProp(" + "learningRate=" + learningRate + ", "
                    + "rho=" + rho + ", "
                    + "epsilon=" + epsilon + ")";
        }
    }

    public RmsProp(Settings settings) {
        super("RmsProp", settings, 1);
    }

    @Override
    protected void update(Params params) {
        double rho = settings.rho(), eps = settings.epsilon();
        for (Param p : params) {
            double[][] w = p.value.data, g = p.grad.data, ms = state.of(p)[0].data;
            for (int r = 0; r < w.length; r++) {
                double[] wr = w[r], gr = g[r], mr = ms[r];
                for (int c = 0; c < wr.length; c++) {
                    mr[c] = rho * mr[c] + (1 - rho) * gr[c] * gr[c];  // r ← ρr + (1−ρ)g²
                    wr[c] -= lr * gr[c] / (Math.sqrt(mr[c]) + eps);   // w ← w − ηg/(√r+ε)
                }
            }
        }
    }
}
