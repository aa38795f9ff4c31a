package rnnlab.layers;

import java.util.Objects;
import java.util.SplittableRandom;

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
 *
 * <p>With {@link #setDropout dropout} p, each feature of each token is left out with probability p while training
 * and the kept ones add (1/(1−p))·W[f] (and get (1/(1−p))·∂sᵗ), so the expected scores are those of evaluation,
 * which uses every feature. A new mask is drawn at every pass unless the {@link Dropout.Control} holds it.
 */
public final class DirectFeatures {
    private final int buckets, classes;
    private final rnnlab.data.HashedFeatures.Templates templates;
    private final Params params = new Params();
    /** The score vectors W (B×K). */
    public final Param W;
    private int[][][] feats;
    private int[] lengths;
    private double rate;                 // dropout rate of the features, 0 = none
    private Dropout.Control control;
    private SplittableRandom rng;
    private boolean[] keep = new boolean[0];   // the mask of the last pass, one flag per feature slot, in loop order
    private int slots;                   // feature slots the mask covers
    private boolean drawn, applied;

    /** A table of {@code buckets} × {@code classes} scores, all 0, for the basic feature templates. */
    public DirectFeatures(int buckets, int classes) {
        this(buckets, classes, rnnlab.data.HashedFeatures.Templates.BASIC);
    }

    /** A table of {@code buckets} × {@code classes} scores, all 0, for the ids of {@code templates}. */
    public DirectFeatures(int buckets, int classes, rnnlab.data.HashedFeatures.Templates templates) {
        if (buckets < 1 || classes < 1) {
            throw new IllegalArgumentException("DirectFeatures: buckets and classes must be positive, got " + buckets
                    + " buckets and " + classes + " classes");
        }
        Matrix.requireMemory("DirectFeatures(" + buckets + " buckets × " + classes + " classes): the scores, their "
                + "gradients and the optimiser's state", 4L * buckets * classes);
        this.buckets = buckets;
        this.classes = classes;
        this.templates = java.util.Objects.requireNonNull(templates, "templates");
        W = params.add(Param.sparseRows("W", buckets, classes));
    }

    public int buckets() {
        return buckets;
    }

    public int classes() {
        return classes;
    }

    /** The feature templates whose ids this table reads. */
    public rnnlab.data.HashedFeatures.Templates templates() {
        return templates;
    }

    /** The hashing that gives this table's ids: {@code buckets} and {@link #templates}. */
    public rnnlab.data.HashedFeatures hashing() {
        return new rnnlab.data.HashedFeatures(buckets, templates);
    }

    public Params params() {
        return params;
    }

    /**
     * Leaves out each feature of each token with probability {@code rate} while {@code control} is training
     * ({@link Dropout.Control#training()}); 0 turns it off. The mask comes from a random stream of its own, split from
     * {@code control}'s.
     */
    public void setDropout(double rate, Dropout.Control control) {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("DirectFeatures: the dropout rate is a probability of leaving a feature "
                    + "out, 0 ≤ p < 1, got " + rate);
        }
        this.control = Objects.requireNonNull(control, "DirectFeatures.setDropout: control");
        this.rate = rate;
        this.rng = control.split();
        this.drawn = false;
    }

    /** The dropout rate of the features (0: none). */
    public double dropoutRate() {
        return rate;
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
        applied = rate > 0 && control.training();
        if (applied) {
            mask(feats, lengths, T);
        }
        double scale = applied ? 1 / (1 - rate) : 1;
        int i = 0;
        for (int b = 0; b < feats.length; b++) {
            int n = lengths == null ? T : lengths[b];
            for (int t = 0; t < n && t < feats[b].length; t++) {
                double[] s = scores[t].data[b];
                for (int f : feats[b][t]) {
                    if (applied && !keep[i++]) {
                        continue;                           // left out in this pass
                    }
                    double[] row = W.value.data[f];         // sᵗ += W[f]  (× 1/(1−p) under dropout)
                    for (int k = 0; k < classes; k++) {
                        s[k] += scale * row[k];
                    }
                }
            }
        }
        this.feats = feats;
        this.lengths = lengths;
    }

    /** Draws a new mask over the feature slots of this pass, or checks that the held one fits them. */
    private void mask(int[][][] feats, int[] lengths, int T) {
        int n = 0;
        for (int b = 0; b < feats.length; b++) {
            int len = lengths == null ? T : lengths[b];
            for (int t = 0; t < len && t < feats[b].length; t++) {
                n += feats[b][t].length;
            }
        }
        if (control.holding() && drawn) {
            if (n != slots) {
                throw new IllegalStateException("DirectFeatures: the held dropout mask covers " + slots + " features "
                        + "but this batch has " + n + "; hold masks only while passing the same batch");
            }
            return;
        }
        if (keep.length < n) {
            keep = new boolean[Math.max(n, 2 * keep.length)];
        }
        for (int i = 0; i < n; i++) {
            keep[i] = rng.nextDouble() >= rate;
        }
        slots = n;
        drawn = true;
    }

    /** Adds ∂W[f] += ∂sᵗ for the features of the last forward pass; marks the rows used. */
    public void backward(Matrix[] dScores) {
        if (feats == null) {
            throw new IllegalStateException("DirectFeatures.backward: no forward pass yet");
        }
        int T = dScores.length;
        double scale = applied ? 1 / (1 - rate) : 1;
        int i = 0;
        for (int b = 0; b < feats.length; b++) {
            int n = lengths == null ? T : lengths[b];
            for (int t = 0; t < n && t < feats[b].length; t++) {
                double[] d = dScores[t].data[b];
                for (int f : feats[b][t]) {
                    if (applied && !keep[i++]) {
                        continue;                           // left out: no gradient
                    }
                    W.rows.mark(f);
                    double[] row = W.grad.data[f];          // ∂W[f] += ∂sᵗ  (× 1/(1−p) under dropout)
                    for (int k = 0; k < classes; k++) {
                        row[k] += scale * d[k];
                    }
                }
            }
        }
    }

    @Override
    public String toString() {
        return "DirectFeatures(" + buckets + " buckets -> " + classes + " scores, added to the output"
                + (templates != rnnlab.data.HashedFeatures.Templates.BASIC ? ", templates " + templates.key() : "")
                + (rate > 0 ? ", dropout " + rate : "") + ")";
    }
}
