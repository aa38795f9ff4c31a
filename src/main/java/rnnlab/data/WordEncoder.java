package rnnlab.data;

import java.util.List;

/**
 * Turns a word into a fixed-size input vector (lecture p.4–5: "each word is represented as a vector").
 * Implemented by {@link OneHot} (1-of-N) and {@link LetterTrigrams} (word hashing).
 */
public interface WordEncoder {
    /** Length of every vector this encoder produces. */
    int dimension();

    /** The vector of one word, a new array of length {@link #dimension()}. */
    double[] encode(String word);

    /** The vectors of a token sequence: {@code double[T][dimension()]}. */
    default double[][] encode(List<String> words) {
        double[][] out = new double[words.size()][];
        for (int t = 0; t < out.length; t++) {
            out[t] = encode(words.get(t));
        }
        return out;
    }
}
