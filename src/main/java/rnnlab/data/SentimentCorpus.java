package rnnlab.data;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import rnnlab.data.LabelledSentences.Example;

/**
 * A seeded sentiment corpus made by the library for many-to-one models (lecture Part II p.39–40 and the course
 * homework's question: "today is a good day, but it is hot" vs "today is hot, but it is a good day" have the same
 * bag of words but not the same sentiment).
 * <pre>
 *   [the movie was] [not] ADJ                       label = polarity of ADJ, flipped by "not"
 *   [the movie was] [not] ADJ₁ , but [not] ADJ₂     label = polarity of the clause after "but"
 * </pre>
 * with ADJ from {@link #POSITIVE} or {@link #NEGATIVE}, and the subject part present or not. Labels are
 * "positive" and "negative". The sentences of {@link #orderPairs()} (e.g. "not good , but fine" / "good , but not
 * fine") never appear in {@link #generate}'s output, so they can test what a model learned.
 */
public final class SentimentCorpus {
    /** Positive adjectives. */
    public static final List<String> POSITIVE = List.of("good", "fine", "great", "nice", "fun");
    /** Negative adjectives. */
    public static final List<String> NEGATIVE = List.of("bad", "awful", "boring", "poor", "dull");
    /** Subjects. */
    public static final List<String> SUBJECTS = List.of("the movie", "the food", "the hotel", "the service",
            "the concert", "the book");

    private SentimentCorpus() {}

    /** Polarity of "[not] adj": +1 or −1. */
    static int polarity(String adj, boolean not) {
        int p = POSITIVE.contains(adj) ? 1 : NEGATIVE.contains(adj) ? -1 : 0;
        if (p == 0) {
            throw new IllegalArgumentException("SentimentCorpus: '" + adj + "' is not one of the adjectives");
        }
        return not ? -p : p;
    }

    private static String label(int polarity) {
        return polarity > 0 ? "positive" : "negative";
    }

    /**
     * The pairs of sentences with the same bag of words and opposite labels that are held out of
     * {@link #generate}: for every two adjectives of the same polarity, "not A , but B" and "A , but not B" (so for
     * good/fine: "not good , but fine" is positive, "good , but not fine" negative).
     */
    public static List<Example[]> orderPairs() {
        List<Example[]> out = new ArrayList<>();
        for (List<String> group : List.of(POSITIVE, NEGATIVE)) {
            for (String a : group) {
                for (String b : group) {
                    if (!a.equals(b)) {
                        Example first = new Example(label(polarity(b, false)), List.of("not", a, ",", "but", b));
                        Example second = new Example(label(polarity(b, true)), List.of(a, ",", "but", "not", b));
                        out.add(new Example[] {first, second});
                    }
                }
            }
        }
        return out;
    }

    /** {@code n} random labelled sentences (seeded), none of them one of {@link #orderPairs()}. */
    public static List<Example> generate(int n, long seed) {
        if (n < 1) {
            throw new IllegalArgumentException("SentimentCorpus.generate: n must be ≥ 1, got " + n);
        }
        Set<List<String>> heldOut = new HashSet<>();
        for (Example[] p : orderPairs()) {
            heldOut.add(p[0].tokens());
            heldOut.add(p[1].tokens());
        }
        List<String> adjectives = new ArrayList<>(POSITIVE);
        adjectives.addAll(NEGATIVE);
        SplittableRandom rng = new SplittableRandom(seed);
        List<Example> out = new ArrayList<>(n);
        while (out.size() < n) {
            List<String> t = new ArrayList<>();
            if (rng.nextBoolean()) {
                t.addAll(List.of(SUBJECTS.get(rng.nextInt(SUBJECTS.size())).split(" ")));
                t.add("was");
            }
            boolean not1 = rng.nextInt(3) == 0;
            String a1 = adjectives.get(rng.nextInt(adjectives.size()));
            if (not1) {
                t.add("not");
            }
            t.add(a1);
            int pol = polarity(a1, not1);
            if (rng.nextInt(3) > 0) {                          // two thirds have a contrast: the second clause wins
                boolean not2 = rng.nextInt(2) == 0;
                String a2 = adjectives.get(rng.nextInt(adjectives.size()));
                t.add(",");
                t.add("but");
                if (not2) {
                    t.add("not");
                }
                t.add(a2);
                pol = polarity(a2, not2);
            }
            if (!heldOut.contains(t)) {
                out.add(new Example(label(pol), t));
            }
        }
        return out;
    }
}
