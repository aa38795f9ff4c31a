package rnnlab.layers;

import java.util.Objects;
import java.util.SplittableRandom;

import rnnlab.core.Matrix;

/**
 * Variational ("inverted") dropout at one place of a network (Gal &amp; Ghahramani 2016, "A theoretically grounded
 * application of dropout in recurrent neural networks"): while training, each sequence of a batch draws ONE mask
 * for the n values at this place and keeps it for every time step.
 * <pre>
 *   m[b][j] = 0 with probability p, else 1/(1−p)          B×n, the same for all t
 *   forward   yᵗ[b] = xᵗ[b] ⊙ m[b]                         E[yᵗ] = xᵗ, so evaluation uses xᵗ unchanged
 *   backward  ∂xᵗ[b] = ∂yᵗ[b] ⊙ m[b]
 * </pre>
 * A mask over time (not a new one per step) is what lets dropout sit on a recurrent state: a new mask at every step
 * would erase a different part of the memory each step, and the memory would not last (Gal &amp; Ghahramani; Zaremba
 * et al. 2014 therefore kept dropout off the recurrent connections).
 *
 * <p>Every place of one model shares a {@link Control}: dropout acts only while {@link Control#training()} is on
 * (the {@code Trainer} turns it on for its training steps and off to evaluate), and with {@link Control#hold} on
 * every place reuses the masks it drew last, so the loss is a fixed function of the parameters and can be
 * gradient-checked. Off, a place returns its input arrays themselves (nothing is copied, nothing allocated).
 */
public final class Dropout {
    /** The switch and the random source shared by all dropout places of one model. */
    public static final class Control {
        private final SplittableRandom rng;
        private boolean training, hold;

        /** Dropout off (evaluation), masks drawn from {@code seed} once training is switched on. */
        public Control(long seed) {
            rng = new SplittableRandom(seed);
        }

        /** True while dropout acts (training passes). */
        public boolean training() {
            return training;
        }

        /** Turns dropout on (training passes) or off (evaluation: every place passes its input on unchanged). */
        public void setTraining(boolean on) {
            training = on;
        }

        /** True when every place reuses its last masks instead of drawing new ones. */
        public boolean holding() {
            return hold;
        }

        /**
         * Keeps the masks of the last pass (true) or draws new ones at every pass (false, the default). Holding
         * makes the training loss a fixed function of the parameters, e.g. to check its gradient numerically.
         */
        public void hold(boolean on) {
            hold = on;
        }

        /**
         * A random stream of its own for a new place (split from this control's source in the order the places are
         * made): places never share a generator, so the two halves of a bidirectional layer, which run on two
         * threads, draw their masks independently and the same seed gives the same masks.
         */
        synchronized SplittableRandom split() {
            return rng.split();
        }
    }

    private final double rate;
    private final int size;
    private final Control control;
    private final SplittableRandom rng;
    private Matrix mask;
    private boolean drawn;       // a mask has been drawn (hold keeps it)
    private boolean applied;     // the last forward pass masked
    private Matrix[] out, dIn;   // buffers, reused while T and B stay the same

    /**
     * Dropout of rate {@code rate} on vectors of {@code size} values.
     *
     * @param rate    probability of dropping a value, 0 ≤ p &lt; 1 (0: never acts)
     * @param control the model's switch and random source
     */
    public Dropout(double rate, int size, Control control) {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("Dropout: the rate must be in [0, 1), got " + rate);
        }
        if (size <= 0) {
            throw new IllegalArgumentException("Dropout: size must be positive, got " + size);
        }
        this.rate = rate;
        this.size = size;
        this.control = Objects.requireNonNull(control, "control");
        this.rng = control.split();
    }

    public double rate() {
        return rate;
    }

    public int size() {
        return size;
    }

    /**
     * The mask for a batch of {@code rows} sequences (B×n, entries 0 or 1/(1−p)), or null when dropout does not
     * act (evaluation, or rate 0). Draws a new mask unless the control holds the last one (same B).
     */
    public Matrix mask(int rows) {
        if (rate == 0 || !control.training()) {
            return null;
        }
        if (control.holding() && drawn && mask.rows == rows) {
            return mask;
        }
        if (mask == null || mask.rows != rows) {
            mask = new Matrix(rows, size);
        }
        double keep = 1 / (1 - rate);
        for (double[] row : mask.data) {
            for (int j = 0; j < size; j++) {
                row[j] = rng.nextDouble() < rate ? 0 : keep;
            }
        }
        drawn = true;
        return mask;
    }

    /** The mask of the last pass that masked (B×n), or null if none was drawn yet; a read-only view. */
    public Matrix lastMask() {
        return drawn ? mask : null;
    }

    /**
     * yᵗ = xᵗ ⊙ m for every step, into buffers of this place; {@code xs} itself when dropout does not act. The
     * returned arrays are overwritten by the next pass.
     */
    public Matrix[] forward(Matrix[] xs) {
        Matrix m = xs.length == 0 ? null : mask(xs[0].rows);
        applied = m != null;
        if (!applied) {
            return xs;
        }
        out = buffers(out, xs.length, xs[0].rows);
        multiply(xs, m, out);
        return out;
    }

    /** ∂xᵗ = ∂yᵗ ⊙ m with the mask of the last {@link #forward}; {@code dYs} itself if that pass did not mask. */
    public Matrix[] backward(Matrix[] dYs) {
        if (!applied) {
            return dYs;
        }
        dIn = buffers(dIn, dYs.length, dYs[0].rows);
        multiply(dYs, mask, dIn);
        return dIn;
    }

    private Matrix[] buffers(Matrix[] b, int T, int rows) {
        if (b == null || b.length != T || b[0].rows != rows) {
            b = new Matrix[T];
            for (int t = 0; t < T; t++) {
                b[t] = new Matrix(rows, size);
            }
        }
        return b;
    }

    /** to[t] = from[t] ⊙ m (row b of every step times row b of m). */
    public static void multiply(Matrix[] from, Matrix m, Matrix[] to) {
        for (int t = 0; t < from.length; t++) {
            multiply(from[t], m, to[t]);
        }
    }

    /** to = from ⊙ m, element by element (to may be from). */
    public static void multiply(Matrix from, Matrix m, Matrix to) {
        for (int r = 0; r < from.rows; r++) {
            double[] f = from.data[r], k = m.data[r], o = to.data[r];
            for (int j = 0; j < f.length; j++) {
                o[j] = f[j] * k[j];
            }
        }
    }

    @Override
    public String toString() {
        return "Dropout(p=" + rate + ", n=" + size + ", same mask at every step)";
    }
}
