package rnnlab.data;

import java.util.Arrays;
import java.util.Locale;

/**
 * Word hashing by letter trigrams (lecture p.5): a 26&times;26&times;26 = {@value #DIMENSION}-dimensional vector
 * with a 1 for every three-letter sequence in the word.
 *
 * <pre>
 *   "apple"  -&gt;  a-p-p, p-p-l, p-l-e  (three ones, no word-boundary symbols, exactly as on the slide)
 *   index(c1 c2 c3) = (c1 * 26 + c2) * 26 + c3     with a = 0 … z = 25
 *   index("app") = (0*26 + 15)*26 + 15 = 405
 * </pre>
 *
 * Rules, so every input has a defined vector:
 * <ul>
 *   <li>the word is lower-cased ({@link Locale#ROOT}); only the ASCII letters a–z are letters;</li>
 *   <li>any other character (digit, apostrophe, hyphen, accented letter, …) separates the word into runs of
 *       letters, and trigrams are taken inside each run only: "o'clock" gives c-l-o, l-o-c, o-c-k;
 *       "2nd" gives nothing;</li>
 *   <li>the vector is binary: a trigram that occurs twice ("banana": a-n-a) is still 1;</li>
 *   <li>a word with no run of three letters ("I", "to", "on", "2nd", "NY") gets the all-zero vector, so such words
 *       cannot be told apart: combine this encoding with 1-of-N for short words, or use a vocabulary.</li>
 * </ul>
 * The original word-hashing paper (Huang et al. 2013, DSSM) adds boundary marks ("#ap", "le#") and so needs
 * more dimensions; the lecture's 26&times;26&times;26 count has no room for them, and this class follows the lecture.
 */
public final class LetterTrigrams implements WordEncoder {
    /** 26 &times; 26 &times; 26 = 17,576. */
    public static final int DIMENSION = 26 * 26 * 26;

    @Override
    public int dimension() {
        return DIMENSION;
    }

    /** The distinct trigram indices of {@code word}, ascending (possibly empty). */
    public static int[] indices(String word) {
        if (word == null) {
            throw new IllegalArgumentException("LetterTrigrams: the word is null; give a string");
        }
        String w = word.toLowerCase(Locale.ROOT);
        int[] found = new int[Math.max(0, w.length() - 2)];
        int n = 0;
        for (int i = 0; i + 2 < w.length(); i++) {
            int a = letter(w.charAt(i));
            int b = letter(w.charAt(i + 1));
            int c = letter(w.charAt(i + 2));
            if (a >= 0 && b >= 0 && c >= 0) {
                found[n++] = (a * 26 + b) * 26 + c;
            }
        }
        return Arrays.stream(found, 0, n).sorted().distinct().toArray();
    }

    private static int letter(char c) {
        return c >= 'a' && c <= 'z' ? c - 'a' : -1;
    }

    /** The index of a three-letter string such as {@code "app"}. */
    public static int index(String trigram) {
        if (trigram == null) {
            throw new IllegalArgumentException("a letter trigram is three letters a-z, got null");
        }
        String t = trigram.toLowerCase(Locale.ROOT);
        if (t.length() != 3 || letter(t.charAt(0)) < 0 || letter(t.charAt(1)) < 0 || letter(t.charAt(2)) < 0) {
            throw new IllegalArgumentException("a letter trigram is three letters a-z, got '" + trigram + "'");
        }
        return (letter(t.charAt(0)) * 26 + letter(t.charAt(1))) * 26 + letter(t.charAt(2));
    }

    /** The three letters of an index, e.g. {@code trigram(405) = "app"}. */
    public static String trigram(int index) {
        if (index < 0 || index >= DIMENSION) {
            throw new IndexOutOfBoundsException("trigram index " + index + " outside 0.." + (DIMENSION - 1));
        }
        return new String(new char[] {(char) ('a' + index / 676), (char) ('a' + index / 26 % 26),
            (char) ('a' + index % 26)});
    }

    /** The trigrams of a word as strings, e.g. {@code [app, ple, ppl]} (in index order). */
    public static String[] trigrams(String word) {
        return Arrays.stream(indices(word)).mapToObj(LetterTrigrams::trigram).toArray(String[]::new);
    }

    @Override
    public double[] encode(String word) {
        double[] v = new double[DIMENSION];
        for (int i : indices(word)) {
            v[i] = 1.0;
        }
        return v;
    }

    @Override
    public String toString() {
        return "LetterTrigrams(dimension=" + DIMENSION + " = 26x26x26, binary, a-z only, no boundary marks)";
    }
}
