package rnnlab.train;

import rnnlab.core.Param;
import rnnlab.core.Params;

/**
 * Stochastic gradient descent with (heavy-ball) momentum.
 * <pre>
 *   v ← μ·v − η·g          velocity, starts at 0
 *   w ← w + v
 * </pre>
 * With μ = 0 this is plain gradient descent, w ← w − η·g.
 */
public final class Sgd extends BaseOptimizer<Sgd.Settings> {
    /** The default settings (η = 0.1, μ = 0.9); e.g. {@code Sgd.defaults().withLearningRate(0.7).withMomentum(0)}. */
    public static Settings defaults() {
        return Settings.DEFAULT;
    }

    /**
     * @param learningRate η &gt; 0
     * @param momentum     μ in [0, 1)
     */
    public record Settings(double learningRate, double momentum) implements OptimizerSettings {
        /** η = 0.1, μ = 0.9. */
        public static final Settings DEFAULT = new Settings(0.1, 0.9);

        public Settings {
            Optimizer.checkLearningRate("Sgd.Settings", learningRate);
            if (!(momentum >= 0 && momentum < 1)) {
                throw new IllegalArgumentException("Sgd.Settings: momentum must be in [0, 1), got " + momentum);
            }
        }

        public Settings withMomentum(double v) {
            return new Settings(learningRate, v);
        }

        @Override
        public Settings withLearningRate(double lr) {
            return new Settings(lr, momentum);
        }

        @Override
        public Sgd create() {
            return new Sgd(this);
        }

        @Override
        public String name() {
            return "sgd";
        }

        @Override
        public String toString() {
            return "Sgd(" + "learningRate=" + learningRate + ", "
                    + "momentum=" + momentum + ")";
        }
    }

    public Sgd(Settings settings) {
        super("Sgd", settings, 1);
    }

    @Override
    protected void update(Params params) {
        double mu = settings.momentum();
        for (Param p : params) {
            double[][] w = p.value.data, g = p.grad.data, v = state.of(p)[0].data;
            for (int r = 0; r < w.length; r++) {
                double[] wr = w[r], gr = g[r], vr = v[r];
                for (int c = 0; c < wr.length; c++) {
                    vr[c] = mu * vr[c] - lr * gr[c];   // v ← μv − ηg
                    wr[c] += vr[c];                    // w ← w + v
                }
            }
        }
    }
}
