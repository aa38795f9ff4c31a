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
public final class Sgd implements Optimizer {
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

    private final Settings settings;
    private final OptimizerState state = new OptimizerState("Sgd", 1);
    private double lr;
    private long steps;

    public Sgd(Settings settings) {
        this.settings = settings;
        this.lr = settings.learningRate();
    }

    @Override
    public void step(Params params) {
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
        steps++;
    }

    @Override
    public double learningRate() {
        return lr;
    }

    @Override
    public void setLearningRate(double learningRate) {
        lr = Optimizer.checkLearningRate("Sgd", learningRate);
    }

    @Override
    public Settings settings() {
        return settings;
    }

    @Override
    public long steps() {
        return steps;
    }

    @Override
    public void reset() {
        state.clear();
        steps = 0;
        lr = settings.learningRate();
    }

    @Override
    public String toString() {
        return settings + " now at learning rate " + lr + " after " + steps + " steps";
    }
}
