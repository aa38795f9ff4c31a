package rnnlab.layers;

import java.util.SplittableRandom;

import rnnlab.core.Init;
import rnnlab.core.Matrix;
import rnnlab.core.Param;
import rnnlab.core.Params;

/**
 * Trainable word vectors: id → row of E, optionally with a context window of neighbouring words concatenated
 * (as the classic RNN slot-filling papers do, e.g. Mesnil et al. 2013).
 * <pre>
 *   E  V×d                       xᵗ = [E[id(t−w)] ; … ; E[id(t)] ; … ; E[id(t+w)]]    size d·(2w+1)
 *   positions outside the sentence read a zero vector; ∂E[id] += ∂xᵗ (the matching slice)
 * </pre>
 * A one-hot input (1-of-N, lecture p.4) times a weight matrix is the same as picking a row, so an embedding is
 * exactly the lecture's 1-of-N input layer, computed without the zeros.
 */
public final class Embedding {
    private final int vocab, dim, window;
    private final Params params = new Params();
    /** The word vectors E (V×d). */
    public final Param E;
    private Matrix[] xs;
    private int[][] ids;
    private int[] lengths;

    /** An embedding of {@code vocab} ids into {@code dim} values, context window {@code window} on each side. */
    public Embedding(int vocab, int dim, int window, SplittableRandom rng) {
        if (vocab <= 0 || dim <= 0 || window < 0) {
            throw new IllegalArgumentException("Embedding: need vocab > 0, dim > 0, window ≥ 0; got " + vocab + ", "
                    + dim + ", " + window);
        }
        Matrix.requireMemory("Embedding(vocab=" + vocab + ", dim=" + dim + "): word vectors and their gradients",
                2L * vocab * dim);
        this.vocab = vocab;
        this.dim = dim;
        this.window = window;
        // row-tracked: a batch's gradient is in the rows of its words only, so zeroing it and plain SGD visit those
        E = params.add(Param.rowTracked("E", vocab, dim));
        Init.uniform(E.value, 0.1, rng);
    }

    public int vocabularySize() {
        return vocab;
    }

    /** Size of each output vector: d·(2w+1). */
    public int outputSize() {
        return dim * (2 * window + 1);
    }

    public int window() {
        return window;
    }

    public Params params() {
        return params;
    }

    /**
     * Looks up a padded batch of ids.
     *
     * @param ids     [B][T] word ids, rows padded after their length (any valid id, e.g. 0)
     * @param lengths valid steps per row, or null for all T
     * @return xs[t] B×outputSize(), owned by this layer
     */
    public Matrix[] forward(int[][] ids, int[] lengths) {
        int B = ids.length;
        if (B == 0 || ids[0].length == 0) {
            throw new IllegalArgumentException("Embedding: empty batch or empty sequence; give at least one word");
        }
        int T = ids[0].length;
        if (xs == null || xs.length != T || xs[0].rows != B) {
            xs = new Matrix[T];
            for (int t = 0; t < T; t++) {
                xs[t] = new Matrix(B, outputSize());
            }
        }
        for (int r = 0; r < B; r++) {
            if (ids[r].length != T) {
                throw new IllegalArgumentException("Embedding: row " + r + " has " + ids[r].length
                        + " ids but row 0 has " + T + "; pad every row to the same length");
            }
            int n = lengths == null ? T : lengths[r];
            for (int t = 0; t < T; t++) {
                double[] x = xs[t].data[r];
                for (int k = -window; k <= window; k++) {
                    int p = t + k, off = (k + window) * dim;
                    if (p < 0 || p >= n || t >= n) {
                        java.util.Arrays.fill(x, off, off + dim, 0.0);
                        continue;
                    }
                    int id = ids[r][p];
                    if (id < 0 || id >= vocab) {
                        throw new IllegalArgumentException("Embedding: id " + id + " at sequence " + r + ", step "
                                + (p + 1) + " is outside the vocabulary 0.." + (vocab - 1));
                    }
                    System.arraycopy(E.value.data[id], 0, x, off, dim);
                }
            }
        }
        this.ids = ids;
        this.lengths = lengths;
        return xs;
    }

    /**
     * {@link #forward} into float rows, for a float32 recurrent layer that reads its inputs as floats
     * ({@link rnnlab.cells.RecurrentLayer#forwardFloat}): row t·B + r of {@code into} ((T·B)×outputSize(), time
     * order) gets (float) of what forward would put in row r of xs[t] (the same ids, windows and zero padding).
     */
    public void forwardFloat(int[][] ids, int[] lengths, float[][] into) {
        int B = ids.length;
        if (B == 0 || ids[0].length == 0) {
            throw new IllegalArgumentException("Embedding: empty batch or empty sequence; give at least one word");
        }
        int T = ids[0].length;
        if (into.length < T * B) {
            throw new IllegalArgumentException("Embedding.forwardFloat: need " + T * B + " rows, got " + into.length);
        }
        for (int r = 0; r < B; r++) {
            if (ids[r].length != T) {
                throw new IllegalArgumentException("Embedding: row " + r + " has " + ids[r].length
                        + " ids but row 0 has " + T + "; pad every row to the same length");
            }
            int n = lengths == null ? T : lengths[r];
            for (int t = 0; t < T; t++) {
                float[] x = into[t * B + r];
                for (int k = -window; k <= window; k++) {
                    int p = t + k, off = (k + window) * dim;
                    if (p < 0 || p >= n || t >= n) {
                        java.util.Arrays.fill(x, off, off + dim, 0f);
                        continue;
                    }
                    int id = ids[r][p];
                    if (id < 0 || id >= vocab) {
                        throw new IllegalArgumentException("Embedding: id " + id + " at sequence " + r + ", step "
                                + (p + 1) + " is outside the vocabulary 0.." + (vocab - 1));
                    }
                    final double[] e = E.value.data[id];
                    for (int j = 0; j < dim; j++) {
                        x[off + j] = (float) e[j];
                    }
                }
            }
        }
        this.ids = ids;
        this.lengths = lengths;
    }

    /**
     * {@link #backward(Matrix[])} from float input gradients, row t·B + r for sequence r at time t: the sum of the
     * arrays of {@code dX} (one, or a bidirectional layer's two directions, added in double as it adds them).
     */
    public void backwardFloat(float[][][] dX) {
        int B = ids.length, T = ids[0].length;
        float[][] a = dX[0], b = dX.length > 1 ? dX[1] : null;
        rnnlab.core.RowUse used = E.markedRows();
        for (int r = 0; r < B; r++) {
            int n = lengths == null ? T : lengths[r];
            for (int t = 0; t < n; t++) {
                float[] da = a[t * B + r], db = b == null ? null : b[t * B + r];
                for (int k = -window; k <= window; k++) {
                    int p = t + k;
                    if (p < 0 || p >= n) {
                        continue;
                    }
                    used.mark(ids[r][p]);
                    double[] g = E.grad.data[ids[r][p]];
                    int off = (k + window) * dim;
                    if (db == null) {
                        for (int j = 0; j < dim; j++) {
                            g[j] += da[off + j];
                        }
                    } else {
                        for (int j = 0; j < dim; j++) {
                            g[j] += (double) da[off + j] + (double) db[off + j];
                        }
                    }
                }
            }
        }
    }

    /** Adds ∂E from the gradients of the last forward pass's outputs. */
    public void backward(Matrix[] dXs) {
        backward(dXs, 0);
    }

    /**
     * Adds ∂E from columns {@code offset … offset+outputSize()−1} of {@code dXs}: this layer's outputs were placed
     * there in a wider input (e.g. a feature column's vectors after the word vectors).
     */
    public void backward(Matrix[] dXs, int offset) {
        if (dim >= 16 && (long) ids.length * dXs.length * dim * (2 * window + 1) >= BACKWARD_SPLIT_MIN
                && rnnlab.core.Kernels.threads() > 1) {
            // the two halves of the columns on the two kernel threads: each element of ∂E gets the same additions in
            // the same order as in one pass, so the same bits; the first half marks the rows it adds to
            backDX = dXs;
            backOffset = offset;
            backSplit = (dim / 2 + 7) & ~7;
            try {
                if (rnnlab.core.Kernels.tryInParallel(backLo, backHi)) {
                    return;
                }
            } finally {
                backDX = null;
            }
        }
        backwardColumns(dXs, offset, 0, dim, true);
    }

    /**
     * Additions (rows of ∂E, T·B·(2w+1)·dim of them) from which {@link #backward(Matrix[], int)} splits the columns
     * between the two kernel threads: at B32 (32·15·100) the pass was ~70 µs on the calling thread alone at the end
     * of each step (docs/design-notes.md, "the B32 rows in double at 2 threads").
     */
    static final long BACKWARD_SPLIT_MIN = 1L << 14;
    private Matrix[] backDX;
    private int backOffset, backSplit;
    private final Runnable backLo = this::backwardFirstColumns, backHi = this::backwardLastColumns;

    private void backwardFirstColumns() {
        backwardColumns(backDX, backOffset, 0, backSplit, true);
    }

    private void backwardLastColumns() {
        backwardColumns(backDX, backOffset, backSplit, dim, false);
    }

    /** ∂E[:, j0 … j1−1] += the gradients of the last forward pass's outputs; {@code mark}: mark the rows used. */
    private void backwardColumns(Matrix[] dXs, int offset, int j0, int j1, boolean mark) {
        int T = dXs.length;
        rnnlab.core.RowUse used = E.markedRows();
        for (int r = 0; r < ids.length; r++) {
            int n = lengths == null ? T : lengths[r];
            for (int t = 0; t < n; t++) {
                double[] d = dXs[t].data[r];
                for (int k = -window; k <= window; k++) {
                    int p = t + k;
                    if (p < 0 || p >= n) {
                        continue;
                    }
                    if (mark) {
                        used.mark(ids[r][p]);
                    }
                    double[] g = E.grad.data[ids[r][p]];
                    int off = offset + (k + window) * dim;
                    for (int j = j0; j < j1; j++) {
                        g[j] += d[off + j];
                    }
                }
            }
        }
    }

    @Override
    public String toString() {
        return "Embedding(vocab=" + vocab + ", dim=" + dim + (window > 0 ? ", window=" + window : "") + ", params="
                + params.count() + ")";
    }
}
