package rnnlab.train;

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
            OptimizerSettings.checkEpsilon("Adagrad.Settings", epsilon);
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
        public String toString() {
            return OptimizerSettings.describe(this);
        }
    }

    public Adagrad(Settings settings) {
        super("Adagrad", settings, 1);
    }

    @Override
    protected void update(double[] w, double[] g, double[] sum, double[] unused) {
        double eps = settings.epsilon();
        for (int c = 0; c < w.length; c++) {
            sum[c] += g[c] * g[c];                            // G ← G + g²
            w[c] -= lr * g[c] / (Math.sqrt(sum[c]) + eps);    // w ← w − ηg/(√G+ε)
        }
    }
}
