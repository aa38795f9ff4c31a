package rnnlab.models;

import java.util.Arrays;
import java.util.SplittableRandom;

import rnnlab.cells.RecurrentLayer;
import rnnlab.core.Matrix;
import rnnlab.core.Params;
import rnnlab.layers.AdditiveAttention;

/**
 * The pooling step of a many-to-one model ({@link Pooling}): forward from the body's per-step outputs to one B×m
 * vector per sequence, backward from its gradient to per-step gradients. Buffers are sized when B changes; a pass
 * of the same shape allocates nothing. Attention pooling has parameters (named {@code Wk}, {@code b}, {@code v}).
 */
public final class SequencePooling {
    /** Size of the attention layer's scoring units when not given. */
    public static final int DEFAULT_ATTENTION_SIZE = 16;

    private final Pooling kind;
    private final int size;
    private final AdditiveAttention attention;
    private final Params params;
    private int[][] argmax = new int[0][];
    private final Matrix[] one = new Matrix[1];

    /**
     * @param size          m, the body's output size
     * @param attentionSize units of the attention's scoring layer (used by ATTENTION only)
     */
    public SequencePooling(Pooling kind, int size, int attentionSize, SplittableRandom rng) {
        this.kind = java.util.Objects.requireNonNull(kind, "kind");
        if (size <= 0) {
            throw new IllegalArgumentException("SequencePooling: size must be positive, got " + size);
        }
        this.size = size;
        this.attention = kind == Pooling.ATTENTION ? new AdditiveAttention(size, 0, attentionSize, rng) : null;
        this.params = attention != null ? attention.params() : new Params();
    }

    /** m, the size of the vectors pooled. */
    public int size() {
        return size;
    }

    public Pooling kind() {
        return kind;
    }

    /** The attention layer (ATTENTION only; null otherwise). */
    public AdditiveAttention attention() {
        return attention;
    }

    /** Trainable parameters (empty unless ATTENTION). */
    public Params params() {
        return params;
    }

    private static int n(int[] lengths, int T, int r) {
        return lengths == null ? T : lengths[r];
    }

    /** v = pool(out[0 … T−1]) for every sequence, written into {@code into} (B×m). */
    public void forward(RecurrentLayer body, Matrix[] out, int[] lengths, Matrix into) {
        int T = out.length, B = into.rows;
        into.requireShape("SequencePooling: pooled output", out[0].rows, size);
        switch (kind) {
            case LAST -> body.gatherLast(out, lengths, into);
            case MEAN -> {
                for (int r = 0; r < B; r++) {
                    double[] v = into.data[r];
                    Arrays.fill(v, 0.0);
                    int n = n(lengths, T, r);
                    for (int t = 0; t < n; t++) {
                        double[] h = out[t].data[r];
                        for (int j = 0; j < size; j++) {
                            v[j] += h[j];
                        }
                    }
                    for (int j = 0; j < size; j++) {
                        v[j] /= n;                                    // v = (1/T) Σ h
                    }
                }
            }
            case MAX -> {
                if (argmax.length != B) {
                    argmax = new int[B][size];
                }
                for (int r = 0; r < B; r++) {
                    double[] v = into.data[r];
                    int[] at = argmax[r];
                    System.arraycopy(out[0].data[r], 0, v, 0, size);
                    Arrays.fill(at, 0);
                    int n = n(lengths, T, r);
                    for (int t = 1; t < n; t++) {
                        double[] h = out[t].data[r];
                        for (int j = 0; j < size; j++) {
                            if (h[j] > v[j]) {                        // vⱼ = maxₜ hᵗⱼ (first one on ties)
                                v[j] = h[j];
                                at[j] = t;
                            }
                        }
                    }
                }
            }
            case ATTENTION -> into.copyFrom(attention.forward(null, out, lengths)[0]); // v = Σ α h
        }
    }

    /** Writes ∂L/∂out[t] for ∂L/∂v = {@code dPooled} into {@code dOut}, which the caller has zeroed. */
    public void backward(RecurrentLayer body, Matrix dPooled, int[] lengths, Matrix[] dOut) {
        int T = dOut.length, B = dPooled.rows;
        switch (kind) {
            case LAST -> body.scatterLast(dPooled, lengths, dOut);
            case MEAN -> {
                for (int r = 0; r < B; r++) {
                    int n = n(lengths, T, r);
                    double[] d = dPooled.data[r];
                    for (int t = 0; t < n; t++) {
                        double[] g = dOut[t].data[r];
                        for (int j = 0; j < size; j++) {
                            g[j] += d[j] / n;
                        }
                    }
                }
            }
            case MAX -> {
                for (int r = 0; r < B; r++) {
                    double[] d = dPooled.data[r];
                    for (int j = 0; j < size; j++) {
                        dOut[argmax[r][j]].data[r][j] += d[j];        // only the winning step gets the gradient
                    }
                }
            }
            case ATTENTION -> {
                one[0] = dPooled;
                attention.backward(one);
                Matrix[] dk = attention.keyGradients();
                for (int t = 0; t < T; t++) {
                    for (int r = 0; r < B; r++) {
                        double[] g = dOut[t].data[r], k = dk[t].data[r];
                        for (int j = 0; j < size; j++) {
                            g[j] += k[j];
                        }
                    }
                }
            }
        }
    }

    /**
     * How much each valid step of sequence {@code r} contributed in the last forward pass: the attention weights α
     * (ATTENTION), 1/T each (MEAN), the share of units whose maximum was at that step (MAX), 1 at the last step
     * (LAST; for a bidirectional body the backward half reads step 1).
     */
    public double[] weights(int r, int[] lengths, int T) {
        int n = n(lengths, T, r);
        double[] w = new double[n];
        switch (kind) {
            case LAST -> w[n - 1] = 1;
            case MEAN -> Arrays.fill(w, 1.0 / n);
            case MAX -> {
                for (int j = 0; j < size; j++) {
                    w[argmax[r][j]] += 1.0 / size;
                }
            }
            case ATTENTION -> w = attention.weightsOf(r)[0];
        }
        return w;
    }

    @Override
    public String toString() {
        return "pooling " + kind.label() + (attention != null ? " (" + attention + ")" : "");
    }
}
