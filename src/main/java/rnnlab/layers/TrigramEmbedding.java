package rnnlab.layers;

import java.util.SplittableRandom;

import rnnlab.core.Init;
import rnnlab.core.Matrix;
import rnnlab.core.Param;
import rnnlab.core.Params;
import rnnlab.data.LetterTrigrams;

/**
 * Word hashing (lecture p.5) as a trainable input layer: a word's letter-trigram vector (26³ = 17,576 binary values,
 * {@link LetterTrigrams}) times a weight matrix G, computed as the sum of the rows of its trigrams.
 * <pre>
 *   G  17,576×k                 uᵗ = Σ_{g ∈ trigrams(wordᵗ)} G[g]   = trigram-vector(wordᵗ)·G      k values
 *   a word with no trigram ("on", "2nd") and padding read 0;  ∂G[g] += ∂uᵗ for every trigram g of wordᵗ
 * </pre>
 * Unlike a word id, the trigrams of a word never seen in training still say something ("Taipeh" shares "tai",
 * "aip", "ipe" with "Taipei"). A tagging network places uᵗ after the word vectors: xᵗ = [E-part ; uᵗ].
 */
public final class TrigramEmbedding {
    private final int size;
    private final Params params = new Params();
    /** The trigram vectors G (17,576×k). */
    public final Param G;
    private int[][][] trigrams;
    private int[] lengths;

    /** Trigram vectors of {@code size} values, uniform in ±0.1. */
    public TrigramEmbedding(int size, SplittableRandom rng) {
        if (size <= 0) {
            throw new IllegalArgumentException("TrigramEmbedding: size must be positive, got " + size);
        }
        Matrix.requireMemory("TrigramEmbedding(k=" + size + "): trigram vectors and their gradients",
                2L * LetterTrigrams.DIMENSION * size);
        this.size = size;
        G = params.add(new Param("G", LetterTrigrams.DIMENSION, size));
        Init.uniform(G.value, 0.1, rng);
    }

    /** k, the values per word. */
    public int size() {
        return size;
    }

    public Params params() {
        return params;
    }

    /**
     * uᵗ for every word into {@code out[t]} columns {@code offset … offset+k−1} (other columns untouched).
     *
     * @param trigrams [B][T][] the trigram indices of each word (empty at padding)
     */
    public void forward(int[][][] trigrams, int[] lengths, Matrix[] out, int offset) {
        int T = out.length;
        for (int b = 0; b < trigrams.length; b++) {
            int n = lengths == null ? T : lengths[b];
            for (int t = 0; t < T; t++) {
                double[] x = out[t].data[b];
                java.util.Arrays.fill(x, offset, offset + size, 0.0);
                if (t >= n || t >= trigrams[b].length) {
                    continue;
                }
                for (int g : trigrams[b][t]) {
                    double[] row = G.value.data[g];
                    for (int j = 0; j < size; j++) {
                        x[offset + j] += row[j];
                    }
                }
            }
        }
        this.trigrams = trigrams;
        this.lengths = lengths;
    }

    /** Adds ∂G from columns {@code offset …} of the gradients of the last forward pass's outputs. */
    public void backward(Matrix[] dOut, int offset) {
        int T = dOut.length;
        for (int b = 0; b < trigrams.length; b++) {
            int n = lengths == null ? T : lengths[b];
            for (int t = 0; t < n && t < trigrams[b].length; t++) {
                double[] d = dOut[t].data[b];
                for (int g : trigrams[b][t]) {
                    double[] row = G.grad.data[g];
                    for (int j = 0; j < size; j++) {
                        row[j] += d[offset + j];
                    }
                }
            }
        }
    }

    /** The trigram indices of a batch of sentences, [B][T][] (T = the longest; padding gets none). */
    public static int[][][] of(java.util.List<? extends java.util.List<String>> sentences, int T) {
        int[][][] out = new int[sentences.size()][T][];
        for (int b = 0; b < out.length; b++) {
            java.util.List<String> s = sentences.get(b);
            for (int t = 0; t < T; t++) {
                out[b][t] = t < s.size() ? LetterTrigrams.indices(s.get(t)) : new int[0];
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "TrigramEmbedding(17576 trigrams -> " + size + " values)";
    }
}
