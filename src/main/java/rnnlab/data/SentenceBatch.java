package rnnlab.data;

/**
 * A mini-batch of encoded sentences, padded to the longest sentence in the batch.
 *
 * <pre>
 *   ids      int[B][T]  token ids; positions t &gt;= lengths[b] hold Vocabulary.PAD_ID (0)
 *   lengths  int[B]     true sentence lengths, 1 &lt;= lengths[b] &lt;= T
 *   labels   int[B][T]  label ids; positions t &gt;= lengths[b] hold PAD_LABEL (-1);
 *                       an unlabelled sentence has -1 everywhere
 *   indices  int[B]     position of each sentence in the dataset it came from
 *   B = batch size (the last batch may be smaller), T = max(lengths)
 * </pre>
 *
 * The arrays are owned by the batch's creator; a training loop may read them but should not change them.
 */
public record SentenceBatch(int[][] ids, int[] lengths, int[][] labels, int[] indices) {
    /** Label id at padded positions (and everywhere in an unlabelled sentence). */
    public static final int PAD_LABEL = -1;

    public SentenceBatch {
        if (ids.length != lengths.length || ids.length != labels.length || ids.length != indices.length) {
            throw new IllegalArgumentException("batch arrays disagree on the batch size: ids " + ids.length
                    + ", lengths " + lengths.length + ", labels " + labels.length + ", indices " + indices.length);
        }
    }

    /** Number of sentences B. */
    public int size() {
        return ids.length;
    }

    /** Padded length T (0 for an empty batch). */
    public int maxLength() {
        return ids.length == 0 ? 0 : ids[0].length;
    }

    /** Number of real (unpadded) tokens. */
    public int tokenCount() {
        int n = 0;
        for (int l : lengths) {
            n += l;
        }
        return n;
    }

    /** True if every sentence has labels (its first label id is not {@link #PAD_LABEL}). */
    public boolean isLabeled() {
        for (int b = 0; b < ids.length; b++) {
            if (lengths[b] > 0 && labels[b][0] == PAD_LABEL) {
                return false;
            }
        }
        return true;
    }

    /**
     * The same arrays as the models' batch type ({@link rnnlab.models.Batch#ofIds}); labels are left out (null)
     * when this batch is unlabelled, e.g. for tagging.
     */
    public rnnlab.models.Batch toModelBatch() {
        return rnnlab.models.Batch.ofIds(ids, lengths, isLabeled() ? labels : null);
    }

    @Override
    public String toString() {
        return "SentenceBatch(size=" + size() + ", maxLength=" + maxLength() + ", tokens=" + tokenCount()
                + ", ids int[" + size() + "][" + maxLength() + "] padded with " + Vocabulary.PAD_ID
                + ", labels padded with " + PAD_LABEL + ")";
    }
}
