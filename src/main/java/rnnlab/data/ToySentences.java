package rnnlab.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Small sentence sets made by the library for the lecture's Part II examples.
 *
 * <p>{@link #whoDestroysWhom()}: every "A verb B" with A ≠ B from a few noun phrases and verbs, among them the
 * lecture's pair (p.52) "white blood cells destroying an infection" / "an infection destroying white blood cells",
 * which have "exactly the same bag-of-word" but opposite meanings.
 */
public final class ToySentences {
    /** The noun phrases of {@link #whoDestroysWhom()}. */
    public static final List<String> NOUN_PHRASES = List.of("white blood cells", "an infection", "the virus",
            "the doctor", "a fever", "the medicine");
    /** The verbs of {@link #whoDestroysWhom()}. */
    public static final List<String> VERBS = List.of("destroying", "fighting", "spreading");

    private ToySentences() {}

    /** All 6 × 5 × 3 = 90 sentences "A verb B" (A ≠ B) as token lists, in a fixed order. */
    public static List<List<String>> whoDestroysWhom() {
        List<List<String>> out = new ArrayList<>();
        for (String a : NOUN_PHRASES) {
            for (String v : VERBS) {
                for (String b : NOUN_PHRASES) {
                    if (!a.equals(b)) {
                        List<String> s = new ArrayList<>(List.of(a.split(" ")));
                        s.add(v);
                        s.addAll(List.of(b.split(" ")));
                        out.add(List.copyOf(s));
                    }
                }
            }
        }
        return out;
    }

    /** The subject (first noun phrase) of a sentence of {@link #whoDestroysWhom()}. */
    public static String subjectOf(List<String> sentence) {
        for (String np : NOUN_PHRASES) {
            if (String.join(" ", sentence).startsWith(np + " ")) {
                return np;
            }
        }
        throw new IllegalArgumentException("ToySentences.subjectOf: " + sentence + " does not start with one of "
                + NOUN_PHRASES);
    }
}
