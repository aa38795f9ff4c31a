package rnnlab.train;

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
            OptimizerSettings.checkFraction("RmsProp.Settings", "rho", rho);
            OptimizerSettings.checkEpsilon("RmsProp.Settings", epsilon);
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
        public String toString() {
            return OptimizerSettings.describe(this);
        }
    }

    public RmsProp(Settings settings) {
        super("RmsProp", settings, 1);
    }

    @Override
    protected void update(double[] w, double[] g, double[] ms, double[] unused) {
        double rho = settings.rho(), eps = settings.epsilon();
        for (int c = 0; c < w.length; c++) {
            ms[c] = rho * ms[c] + (1 - rho) * g[c] * g[c];  // r ← ρr + (1−ρ)g²
            w[c] -= lr * g[c] / (Math.sqrt(ms[c]) + eps);   // w ← w − ηg/(√r+ε)
        }
    }
}
