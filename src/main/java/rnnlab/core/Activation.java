package rnnlab.core;

/**
 * Element-wise activation functions a = f(z) and their derivatives.
 *
 * <p>The derivative takes both the input z and the output a = f(z), because for sigmoid and tanh it is cheapest
 * from the output: σ'(z) = a(1−a), tanh'(z) = 1−a².
 *
 * <p>{@link #STEP} is the idealised gate the lecture draws (exactly 0 or 1, slide p.20–25). It has no useful
 * derivative (0 almost everywhere), so use it to reproduce the slide's numbers, never to train.
 */
public enum Activation {
    /** f(z) = z. The lecture's toy RNN (p.9–11) and LSTM example (g and h in p.20–25) are linear. */
    LINEAR {
        @Override public double apply(double z) { return z; }
        @Override public double derivative(double z, double a) { return 1.0; }
    },
    /** f(z) = 1 / (1 + e^(−z)): "mimics open and close" of a gate (p.17). */
    SIGMOID {
        @Override public double apply(double z) {
            // two branches keep exp() from overflowing for large |z|
            if (z >= 0) {
                return 1.0 / (1.0 + Math.exp(-z));
            }
            double e = Math.exp(z);
            return e / (1.0 + e);
        }
        @Override public double derivative(double z, double a) { return a * (1.0 - a); }
    },
    /** f(z) = tanh(z). */
    TANH {
        // Kernels.tanh: within a few ulp of Math.tanh, which is a slow native call on JDK 17 (docs/design-notes.md)
        @Override public double apply(double z) { return Kernels.tanh(z); }
        @Override public double derivative(double z, double a) { return 1.0 - a * a; }
    },
    /** f(z) = max(0, z). */
    RELU {
        @Override public double apply(double z) { return z > 0 ? z : 0.0; }
        @Override public double derivative(double z, double a) { return z > 0 ? 1.0 : 0.0; }
    },
    /** f(z) = 1 if z &gt; 0 else 0: the slide's idealised gate. Derivative 0: not for training. */
    STEP {
        @Override public double apply(double z) { return z > 0 ? 1.0 : 0.0; }
        @Override public double derivative(double z, double a) { return 0.0; }
    };

    /** f(z). */
    public abstract double apply(double z);

    /** f'(z), given z and a = f(z). */
    public abstract double derivative(double z, double a);

    /** out[c] = f(z[c]) for c in [from, to). */
    public void apply(double[] z, double[] out, int from, int to) {
        switch (this) {
            case LINEAR -> System.arraycopy(z, from, out, from, to - from);
            case TANH -> Kernels.tanh(z, out, from, to);
            case SIGMOID -> Kernels.sigmoid(z, out, from, to);
            default -> {
                for (int c = from; c < to; c++) {
                    out[c] = apply(z[c]);
                }
            }
        }
    }

    /**
     * out = softmax(in) = exp(in − max) / Σ exp(in − max): a probability vector (the max is subtracted so exp never
     * overflows). Not element-wise, so not an enum constant; shared by the output layer and the Jordan memory.
     */
    public static void softmax(double[] in, double[] out) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : in) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (int j = 0; j < in.length; j++) {
            out[j] = Math.exp(in[j] - max);
            sum += out[j];
        }
        for (int j = 0; j < in.length; j++) {
            out[j] /= sum;
        }
    }
}
