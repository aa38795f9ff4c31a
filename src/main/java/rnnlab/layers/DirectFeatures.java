package rnnlab.layers;

import rnnlab.core.Matrix;
import rnnlab.core.Param;
import rnnlab.core.Params;

/**
 * Direct connections from sparse hand-made features to the output scores (Huang et al. 2015, BI-LSTM-CRF, "direct
 * connections"): a maximum-entropy model added to the recurrent network's scores, before the softmax or the CRF.
 * <pre>
 *   W  B×K           one trained score vector per feature bucket (all 0 at first)
 *   sᵗ ← sᵗ + Σ_{f ∈ feats(t)} W[f]          sᵗ: the network's K scores at step t, feats(t): the token's bucket ids
 *   ∂W[f] += ∂sᵗ  for every f ∈ feats(t)      (a bucket hit twice at one step gets ∂sᵗ twice)
 *   padding steps have no features: they add nothing and get nothing
 * </pre>
 * The ids come from {@link rnnlab.data.HashedFeatures} (word, column n-gram and spelling templates). W starts at 0,
 * so the network starts as it would without the direct connections and the features earn their weights from the
 * data. Only the rows of the features a batch uses get a gradient: W is a sparse-row parameter ({@link Param#rows})
 * and the optimisers update only those rows (docs/design-notes.md "Direct sparse features").
 */
public final class DirectFeatures {
    private final int buckets, classes;
    private final Params params = new Params();
    /** The score vectors W (B×K). */
    public final Param W;
    private int[][][] feats;
    private int[] lengths;

    /** A table of {@code buckets} × {@code classes} scores, all 0. */
    public DirectFeatures(int buckets, int classes) {
        if (buckets < 1 || classes < 1) {
            throw new IllegalArgumentException("DirectFeatures: buckets and classes must be positive, got " + buckets
                    + " buckets and " + classes + " classes");
        }
        Matrix.requireMemory("DirectFeatures(" + buckets + " buckets × " + classes + " classes): the scores, their "
                + "gradients and the optimiser's state", 4L * buckets * classes);
        this.buckets = buckets;
        this.classes = classes;
        W = params.add(Param.sparseRows("W", buckets, classes));
    }

    public int buckets() {
        return buckets;
    }

    public int classes() {
        return classes;
    }

    public Params params() {
        return params;
    }

    /**
     * Adds Σ W[f] of each token's features to its scores, in place.
     *
     * @param feats   [B][T][] the bucket ids of each token (none at padding)
     * @param lengths valid steps of each sequence, or null for all T
     * @param scores  [T] B×K, changed in place
     */
    public void forward(int[][][] feats, int[] lengths, Matrix[] scores) {
        int T = scores.length;
        if (feats.length != scores[0].rows) {
            throw new IllegalArgumentException("DirectFeatures: features for " + feats.length + " sequences but the "
                    + "scores have " + scores[0].rows);
        }
        for (int b = 0; b < feats.length; b++) {
            int n = lengths == null ? T : lengths[b];
            for (int t = 0; t < n && t < feats[b].length; t++) {
                double[] s = scores[t].data[b];
                for (int f : feats[b][t]) {
                    double[] row = W.value.data[f];         // sᵗ += W[f]
                    for (int k = 0; k < classes; k++) {
                        s[k] += row[k];
                    }
                }
            }
        }
        this.feats = feats;
        this.lengths = lengths;
    }

    /** Adds ∂W[f] += ∂sᵗ for the features of the last forward pass; marks the rows used. */
    public void backward(Matrix[] dScores) {
        if (feats == null) {
            throw new IllegalStateException("DirectFeatures.backward: no forward pass yet");
        }
        int T = dScores.length;
        for (int b = 0; b < feats.length; b++) {
            int n = lengths == null ? T : lengths[b];
            for (int t = 0; t < n && t < feats[b].length; t++) {
                double[] d = dScores[t].data[b];
                for (int f : feats[b][t]) {
                    W.rows.mark(f);
                    double[] row = W.grad.data[f];          // ∂W[f] += ∂sᵗ
                    for (int k = 0; k < classes; k++) {
                        row[k] += d[k];
                    }
                }
            }
        }
    }

    @Override
    public String toString() {
        return "DirectFeatures(" + buckets + " buckets -> " + classes + " scores, added to the output)";
    }
}
