package rnnlab.data;

import java.util.ArrayList;
import java.util.List;

/**
 * A window of neighbouring words around each position, as in the RNN slot-filling experiments of Mesnil et al.
 * (Interspeech 2013): the input at time t is the concatenation of the words t-r … t+r.
 *
 * <pre>
 *   radius r = 1, size 2r+1 = 3, sentence "arrive Taipei on":
 *     t=0  [&lt;pad&gt;, arrive, Taipei]
 *     t=1  [arrive, Taipei, on]
 *     t=2  [Taipei, on, &lt;pad&gt;]
 *   ids:      int[T] -&gt; int[T][2r+1],       positions outside the sentence get Vocabulary.PAD_ID (0)
 *   vectors:  double[T][d] -&gt; double[T][(2r+1)*d], positions outside the sentence are zero vectors
 * </pre>
 *
 * Radius 0 is the word itself (no context). With a window a feedforward tagger can see "arrive" next to "Taipei";
 * without one (radius 0) it cannot tell "arrive Taipei" from "leave Taipei" (lecture p.7).
 *
 * @param radius words on each side, 0..50
 */
public record ContextWindow(int radius) {

    public ContextWindow {
        if (radius < 0 || radius > 50) {
            throw new IllegalArgumentException("context window radius must be in 0..50 (window size 2r+1), got "
                    + radius);
        }
    }

    /** A window of {@code size} = 2r+1 words (odd, at least 1). */
    public static ContextWindow ofSize(int size) {
        if (size < 1 || size % 2 == 0) {
            throw new IllegalArgumentException("context window size must be odd and at least 1 (the word plus r"
                    + " words each side), got " + size);
        }
        return new ContextWindow(size / 2);
    }

    /** 2r+1. */
    public int size() {
        return 2 * radius + 1;
    }

    /** For each position of the first {@code length} ids, the ids of the window: {@code int[length][2r+1]}. */
    public int[][] ids(int[] ids, int length) {
        if (length < 0 || length > ids.length) {
            throw new IllegalArgumentException("length " + length + " outside 0.." + ids.length);
        }
        int[][] out = new int[length][size()];
        for (int t = 0; t < length; t++) {
            for (int k = -radius; k <= radius; k++) {
                int s = t + k;
                out[t][k + radius] = s >= 0 && s < length ? ids[s] : Vocabulary.PAD_ID;
            }
        }
        return out;
    }

    /** {@link #ids(int[], int)} for a whole sentence. */
    public int[][] ids(int[] ids) {
        return ids(ids, ids.length);
    }

    /**
     * Windows for a padded batch: {@code int[B][T][2r+1]}; positions at or after {@code lengths[b]} are windows
     * full of padding, and a sentence's window never reaches into the padding of its own row.
     */
    public int[][][] ids(int[][] batchIds, int[] lengths) {
        int[][][] out = new int[batchIds.length][][];
        for (int b = 0; b < batchIds.length; b++) {
            int[][] w = ids(batchIds[b], lengths[b]);
            out[b] = new int[batchIds[b].length][];
            for (int t = 0; t < batchIds[b].length; t++) {
                out[b][t] = t < lengths[b] ? w[t] : new int[size()];
            }
        }
        return out;
    }

    /** Concatenated vectors: {@code double[T][d] -> double[T][(2r+1)*d]}, zeros outside the sentence. */
    public double[][] vectors(double[][] x) {
        int d = x.length == 0 ? 0 : x[0].length;
        double[][] out = new double[x.length][size() * d];
        for (int t = 0; t < x.length; t++) {
            for (int k = -radius; k <= radius; k++) {
                int s = t + k;
                if (s >= 0 && s < x.length) {
                    if (x[s].length != d) {
                        throw new IllegalArgumentException("vector " + s + " has length " + x[s].length
                                + ", vector 0 has " + d);
                    }
                    System.arraycopy(x[s], 0, out[t], (k + radius) * d, d);
                }
            }
        }
        return out;
    }

    /** The words of the window around position t, with {@value Vocabulary#PAD} outside the sentence. */
    public List<String> words(List<String> tokens, int t) {
        List<String> out = new ArrayList<>(size());
        for (int k = -radius; k <= radius; k++) {
            int s = t + k;
            out.add(s >= 0 && s < tokens.size() ? tokens.get(s) : Vocabulary.PAD);
        }
        return out;
    }

    @Override
    public String toString() {
        return "ContextWindow(radius=" + radius + ", size=" + size() + ", padding id " + Vocabulary.PAD_ID + ")";
    }
}
