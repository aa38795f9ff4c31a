package rnnlab.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * 1-of-N encoding (lecture p.4): the vector has one dimension per lexicon word; a word sets its own dimension to 1.
 *
 * <pre>
 *   OneHot lexicon = OneHot.of(List.of("apple", "bag", "cat", "dog", "elephant"));
 *   lexicon.encode("apple")   -&gt; [1, 0, 0, 0, 0]
 *   lexicon.encode("dog")     -&gt; [0, 0, 0, 1, 0]
 *
 *   OneHot withOther = OneHot.withOther(List.of("apple", "bag", "cat", "dog", "elephant"));   (p.5)
 *   withOther.encode("Gandalf") -&gt; [0, 0, 0, 0, 0, 1]      the last dimension is "other"
 * </pre>
 *
 * {@link #of(Vocabulary)} uses a vocabulary's ids as dimensions ({@code size()} dimensions; "other" is dimension
 * {@link Vocabulary#OTHER_ID}); the padding id encodes to the all-zero vector so padded time steps add nothing.
 */
public final class OneHot implements WordEncoder {
    private final List<String> names;
    private final Map<String, Integer> index;
    private final int otherIndex;   // -1: unknown words are an error
    private final int padIndex;     // -1: no padding dimension
    private final TokenNormalizer normalizer;

    private OneHot(List<String> names, int otherIndex, int padIndex, TokenNormalizer normalizer) {
        this.names = Collections.unmodifiableList(new ArrayList<>(names));
        this.otherIndex = otherIndex;
        this.padIndex = padIndex;
        this.normalizer = normalizer;
        this.index = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            if (i != otherIndex && i != padIndex && index.put(names.get(i), i) != null) {
                throw new IllegalArgumentException("word '" + names.get(i) + "' appears twice in the lexicon " + names);
            }
        }
    }

    /** 1-of-N over exactly these words, in this order; an unknown word is an error. */
    public static OneHot of(List<String> lexicon) {
        check(lexicon);
        return new OneHot(lexicon, -1, -1, TokenNormalizer.NONE);
    }

    /** 1-of-N over these words plus a last "other" dimension for every unknown word (lecture p.5). */
    public static OneHot withOther(List<String> lexicon) {
        check(lexicon);
        List<String> names = new ArrayList<>(lexicon);
        names.add(Vocabulary.OTHER);
        return new OneHot(names, names.size() - 1, -1, TokenNormalizer.NONE);
    }

    /** 1-of-N over a vocabulary's ids (its normaliser is applied; unknown words set the "other" dimension). */
    public static OneHot of(Vocabulary vocabulary) {
        return new OneHot(vocabulary.tokens(), Vocabulary.OTHER_ID, Vocabulary.PAD_ID, vocabulary.normalizer());
    }

    private static void check(List<String> lexicon) {
        Objects.requireNonNull(lexicon, "lexicon");
        if (lexicon.isEmpty()) {
            throw new IllegalArgumentException("a 1-of-N lexicon needs at least one word");
        }
    }

    @Override
    public int dimension() {
        return names.size();
    }

    /** True if the encoding has an "other" dimension. */
    public boolean hasOther() {
        return otherIndex >= 0;
    }

    /** The dimension that {@code word} sets to 1. */
    public int index(String word) {
        Integer i = index.get(normalizer.apply(word));
        if (i != null) {
            return i;
        }
        if (otherIndex >= 0) {
            return otherIndex;
        }
        throw new IllegalArgumentException("'" + word + "' is not in the 1-of-N lexicon " + Vocabulary.preview(names, 10)
                + "; use OneHot.withOther(lexicon) to map unknown words to an \"other\" dimension");
    }

    /** The word (or "other") of a dimension. */
    public String word(int dimension) {
        return names.get(dimension);
    }

    @Override
    public double[] encode(String word) {
        double[] v = new double[names.size()];
        v[index(word)] = 1.0;
        return v;
    }

    /**
     * The vector of a vocabulary id (only for {@link #of(Vocabulary)} encodings, where dimensions are ids); the
     * padding id gives the all-zero vector.
     */
    public double[] encodeId(int id) {
        if (padIndex < 0) {
            throw new IllegalStateException("encodeId needs an encoding built with OneHot.of(Vocabulary)");
        }
        if (id < 0 || id >= names.size()) {
            throw new IndexOutOfBoundsException("id " + id + " outside 0.." + (names.size() - 1));
        }
        double[] v = new double[names.size()];
        if (id != padIndex) {
            v[id] = 1.0;
        }
        return v;
    }

    /** The lexicon words and "other" (if present), in dimension order. */
    public List<String> words() {
        return names;
    }

    @Override
    public String toString() {
        return "OneHot(dimension=" + dimension() + ", other=" + (otherIndex >= 0 ? "dimension " + otherIndex : "none")
                + (padIndex >= 0 ? ", padding id " + padIndex + " -> zero vector" : "") + ", lexicon="
                + Vocabulary.preview(names, 8) + ")";
    }
}
