package rnnlab.models;

import rnnlab.core.Matrix;

/**
 * A mini-batch of B sequences padded to T steps, with their labels.
 * <pre>
 *   ids[b][t]      word ids (when the model has an embedding), padding positions hold any valid id (0)
 *   inputs[t]      B×n vectors (when the model reads vectors, e.g. the lecture's hand-made inputs)
 *   lengths[b]     valid steps of sequence b (1 … T); null = all T
 *   labels[b][t]   class per step for many-to-many, −1 at padding
 *   classes[b]     one class per sequence for many-to-one
 *   trigrams[b][t] letter-trigram indices of each word (networks with trigrams(k)), or null
 *   features[c][b][t]  value ids of feature column c (networks with feature columns), 0 at padding, or null
 *   direct[b][t]   hashed sparse-feature ids of each token (networks with directFeatures(B)), none at padding, or null
 * </pre>
 * Exactly one of ids / inputs is given, and the labels that fit the model's kind.
 */
public record Batch(int[][] ids, Matrix[] inputs, int[] lengths, int[][] labels, int[] classes, int[][][] trigrams,
                    int[][][] features, int[][][] direct) {
    /** A batch without letter trigrams or feature columns (what most networks read). */
    public Batch(int[][] ids, Matrix[] inputs, int[] lengths, int[][] labels, int[] classes) {
        this(ids, inputs, lengths, labels, classes, null, null, null);
    }

    /** A batch without feature columns. */
    public Batch(int[][] ids, Matrix[] inputs, int[] lengths, int[][] labels, int[] classes, int[][][] trigrams) {
        this(ids, inputs, lengths, labels, classes, trigrams, null, null);
    }

    /** A batch without direct features. */
    public Batch(int[][] ids, Matrix[] inputs, int[] lengths, int[][] labels, int[] classes, int[][][] trigrams,
                 int[][][] features) {
        this(ids, inputs, lengths, labels, classes, trigrams, features, null);
    }

    /**
     * This batch with the value ids of its feature columns, [C][B][T] (0 at padding), for networks built with
     * {@code Network.Builder.features}; a {@code Tagger} makes them from the sentences' feature columns.
     */
    public Batch withFeatures(int[][][] f) {
        return new Batch(ids, inputs, lengths, labels, classes, trigrams, f, direct);
    }

    /**
     * This batch with the hashed sparse-feature ids of its tokens, [B][T][] (none at padding; {@link
     * rnnlab.data.HashedFeatures#batch}), for networks built with {@code Network.Builder.directFeatures(B)}; a
     * {@code Tagger} makes them from the sentences' words and feature columns.
     */
    public Batch withDirect(int[][][] d) {
        return new Batch(ids, inputs, lengths, labels, classes, trigrams, features, d);
    }

    /**
     * This batch with the letter trigrams of its words, [B][T][] (lecture p.5; {@link
     * rnnlab.layers.TrigramEmbedding#of}), for networks built with {@code Network.Builder.trigrams(k)}.
     */
    public Batch withTrigrams(int[][][] t) {
        return new Batch(ids, inputs, lengths, labels, classes, t, features, direct);
    }

    public Batch {
        if (trigrams != null && ids != null && trigrams.length != ids.length) {
            throw new IllegalArgumentException("Batch: trigrams for " + trigrams.length + " sequences but "
                    + ids.length + " rows of ids");
        }
        if (features != null) {
            for (int c = 0; c < features.length; c++) {
                if (ids == null || features[c].length != ids.length) {
                    throw new IllegalArgumentException("Batch: feature column " + c + " has ids for "
                            + features[c].length + " sequences but the batch has "
                            + (ids == null ? "no word ids (feature columns go with word ids)" : ids.length));
                }
                for (int b = 0; b < ids.length; b++) {
                    if (features[c][b].length != ids[b].length) {
                        throw new IllegalArgumentException("Batch: feature column " + c + ", sequence " + b + " has "
                                + features[c][b].length + " steps but its word ids have " + ids[b].length);
                    }
                }
            }
        }
        if (direct != null) {
            int rows = ids != null ? ids.length : inputs != null && inputs.length > 0 ? inputs[0].rows : 0;
            if (direct.length != rows) {
                throw new IllegalArgumentException("Batch: direct features for " + direct.length + " sequences but "
                        + "the batch has " + rows);
            }
        }
        if ((ids == null) == (inputs == null)) {
            throw new IllegalArgumentException("Batch: give either word ids or input vectors, not both or neither");
        }
        int B = ids != null ? ids.length : (inputs.length == 0 ? 0 : inputs[0].rows);
        int T = ids != null ? (ids.length == 0 ? 0 : ids[0].length) : inputs.length;
        if (B == 0 || T == 0) {
            throw new IllegalArgumentException("Batch: empty (" + B + " sequences × " + T + " steps)");
        }
        if (lengths != null && lengths.length != B) {
            throw new IllegalArgumentException("Batch: " + lengths.length + " lengths for " + B + " sequences");
        }
        if (labels != null) {
            if (labels.length != B) {
                throw new IllegalArgumentException("Batch: " + labels.length + " label rows for " + B + " sequences");
            }
            for (int b = 0; b < B; b++) {
                if (labels[b].length != T) {
                    throw new IllegalArgumentException("Batch: label row " + b + " has " + labels[b].length
                            + " entries but the batch has " + T + " steps; pad labels with −1");
                }
                int n = lengths == null ? T : lengths[b];
                for (int t = 0; t < T; t++) {
                    if (t < n && labels[b][t] < 0) {
                        throw new IllegalArgumentException("Batch: sequence " + b + " has no label at step " + (t + 1)
                                + " although its length is " + n + "; the mask and the labels disagree");
                    }
                    if (t >= n && labels[b][t] >= 0) {
                        throw new IllegalArgumentException("Batch: sequence " + b + " has label " + labels[b][t]
                                + " at padding step " + (t + 1) + " (length " + n + "); the mask and the labels disagree");
                    }
                }
            }
        }
        if (classes != null && classes.length != B) {
            throw new IllegalArgumentException("Batch: " + classes.length + " classes for " + B + " sequences");
        }
    }

    /** A tagging batch of word ids. */
    public static Batch ofIds(int[][] ids, int[] lengths, int[][] labels) {
        return new Batch(ids, null, lengths, labels, null);
    }

    /** A tagging batch of input vectors. */
    public static Batch ofInputs(Matrix[] inputs, int[] lengths, int[][] labels) {
        return new Batch(null, inputs, lengths, labels, null);
    }

    /** A classification (many-to-one) batch of word ids. */
    public static Batch ofIdsForClasses(int[][] ids, int[] lengths, int[] classes) {
        return new Batch(ids, null, lengths, null, classes);
    }

    /** A classification (many-to-one) batch of input vectors. */
    public static Batch ofInputsForClasses(Matrix[] inputs, int[] lengths, int[] classes) {
        return new Batch(null, inputs, lengths, null, classes);
    }

    /** Number of sequences B. */
    public int size() {
        return ids != null ? ids.length : inputs[0].rows;
    }

    /** Number of steps T. */
    public int steps() {
        return ids != null ? ids[0].length : inputs.length;
    }

    /** Number of labelled tokens (many-to-many) or sequences (many-to-one). */
    public int labelCount() {
        if (classes != null) {
            return classes.length;
        }
        int n = 0;
        for (int b = 0; b < size(); b++) {
            n += lengths == null ? steps() : lengths[b];
        }
        return n;
    }
}
