package rnnlab.train;

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
            OptimizerSettings.checkFraction("Adam.Settings", "beta1", beta1);
            OptimizerSettings.checkFraction("Adam.Settings", "beta2", beta2);
            OptimizerSettings.checkEpsilon("Adam.Settings", epsilon);
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
        public String toString() {
            return OptimizerSettings.describe(this);
        }
    }

    public Adam(Settings settings) {
        super("Adam", settings, 2);
    }

    /** The bias corrections 1−β₁ᵗ and 1−β₂ᵗ of this step. */
    private double c1, c2;

    @Override
    protected void beginStep() {
        c1 = 1 - Math.pow(settings.beta1(), steps);
        c2 = 1 - Math.pow(settings.beta2(), steps);
    }

    @Override
    protected void update(double[] w, double[] g, double[] m, double[] v) {
        double b1 = settings.beta1(), b2 = settings.beta2(), eps = settings.epsilon();
        for (int c = 0; c < w.length; c++) {
            m[c] = b1 * m[c] + (1 - b1) * g[c];           // m ← β₁m + (1−β₁)g
            v[c] = b2 * v[c] + (1 - b2) * g[c] * g[c];    // v ← β₂v + (1−β₂)g²
            w[c] -= lr * (m[c] / c1) / (Math.sqrt(v[c] / c2) + eps); // w ← w − η m̂/(√v̂+ε)
        }
    }
}
