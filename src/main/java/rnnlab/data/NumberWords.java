package rnnlab.data;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import rnnlab.models.Seq2Seq;

/**
 * A toy translation task made by the library (lecture Part II p.46–49 translates "machine learning" → "機器學習"):
 * English number words to digits, e.g. "three hundred twelve" → "3 1 2", "forty" → "4 0", "seven" → "7". Source
 * and target differ in length and in order ("twelve" is one word but two digits, "hundred" writes nothing), so the
 * decoder must decide itself when the output is complete: that is the end symbol's job.
 */
public final class NumberWords {
    private static final String[] ONES = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
            "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
            "nineteen"};
    private static final String[] TENS = {"", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty",
            "ninety"};

    private NumberWords() {}

    /** The English words of n (0 … 999), e.g. 312 → [three, hundred, twelve]. */
    public static List<String> words(int n) {
        if (n < 0 || n > 999) {
            throw new IllegalArgumentException("NumberWords: n must be in 0 … 999, got " + n);
        }
        List<String> w = new ArrayList<>();
        if (n >= 100) {
            w.add(ONES[n / 100]);
            w.add("hundred");
            n %= 100;
            if (n == 0) {
                return w;
            }
        }
        if (n < 20) {
            w.add(ONES[n]);
        } else {
            w.add(TENS[n / 10]);
            if (n % 10 != 0) {
                w.add(ONES[n % 10]);
            }
        }
        return w;
    }

    /** The digits of n as tokens, e.g. 312 → [3, 1, 2]. */
    public static List<String> digits(int n) {
        List<String> d = new ArrayList<>();
        for (char c : Integer.toString(n).toCharArray()) {
            d.add(String.valueOf(c));
        }
        return d;
    }

    /** The pair (words of n, digits of n). */
    public static Seq2Seq.Pair pair(int n) {
        return new Seq2Seq.Pair(words(n), digits(n));
    }

    /**
     * All numbers 0 … max shuffled with {@code seed} and cut in two: the first {@code trainShare} of them for training,
     * the rest held out.
     */
    public static List<List<Seq2Seq.Pair>> split(int max, double trainShare, long seed) {
        if (max < 1 || max > 999 || !(trainShare > 0 && trainShare < 1)) {
            throw new IllegalArgumentException("NumberWords.split: max must be 1 … 999 and trainShare in (0, 1), got "
                    + max + ", " + trainShare);
        }
        List<Integer> n = new ArrayList<>();
        for (int i = 0; i <= max; i++) {
            n.add(i);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = n.size() - 1; i > 0; i--) {
            java.util.Collections.swap(n, i, rng.nextInt(i + 1));
        }
        int cut = (int) Math.round(n.size() * trainShare);
        List<Seq2Seq.Pair> train = new ArrayList<>(), test = new ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
            (i < cut ? train : test).add(pair(n.get(i)));
        }
        return List.of(train, test);
    }
}
