package rnnlab.train;

/**
 * Stochastic gradient descent with (heavy-ball) momentum.
 * <pre>
 *   v ← μ·v − η·g          velocity, starts at 0
 *   w ← w + v
 * </pre>
 * With μ = 0 this is plain gradient descent, computed as exactly that, w ← w − η·g (no velocity is kept), so a row
 * whose gradient is zero stays as it is and a row-tracked parameter ({@link rnnlab.core.Param#rowTracked}) has only
 * its marked rows visited.
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
            OptimizerSettings.checkFraction("Sgd.Settings", "momentum", momentum);
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
        public String toString() {
            return OptimizerSettings.describe(this);
        }
    }

    public Sgd(Settings settings) {
        super("Sgd", settings, settings.momentum() == 0 ? 0 : 1);
    }

    @Override
    protected boolean zeroGradientKeepsRow() {
        return settings.momentum() == 0;
    }

    @Override
    protected void update(double[] w, double[] g, double[] v, double[] unused) {
        double mu = settings.momentum();
        if (mu == 0) {
            // w − η·g itself: μ·v − η·g with v = 0 gives the same number except for a zero's sign, and a NaN or
            // infinite gradient would stay in v for ever (0·NaN = NaN)
            for (int c = 0; c < w.length; c++) {
                w[c] -= lr * g[c];
            }
            return;
        }
        for (int c = 0; c < w.length; c++) {
            v[c] = mu * v[c] - lr * g[c];   // v ← μv − ηg
            w[c] += v[c];                   // w ← w + v
        }
    }

    @Override
    protected void updateAndZero(double[] w, double[] g, double[] v, double[] unused) {
        if (settings.momentum() != 0) {
            super.updateAndZero(w, g, v, unused);
            return;
        }
        for (int c = 0; c < w.length; c++) {    // w ← w − η·g and g ← 0 in one pass
            w[c] -= lr * g[c];
            g[c] = 0.0;
        }
    }
}
