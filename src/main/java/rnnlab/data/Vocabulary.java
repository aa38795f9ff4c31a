package rnnlab.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Word &harr; id mapping with the lecture's "other" entry for unknown words (p.5: "Gandalf" and "Sauron" are not in
 * the lexicon, so they map to "other").
 *
 * <pre>
 *   id 0  {@value #PAD}    padding: fills the unused time steps of a batch; never produced by {@link #id(String)}
 *   id 1  {@value #OTHER}  unknown words: anything not in the vocabulary, or seen fewer than minCount times
 *   id 2… the kept words, most frequent first, ties in alphabetical order ({@link String#compareTo})
 * </pre>
 *
 * Tokens are normalised ({@link TokenNormalizer}: lower-casing, digit normalisation) before counting and before
 * every look-up, so {@code id("Taipei")} and {@code id("taipei")} agree when lower-casing is on. The ids are a
 * deterministic function of the token counts and the settings: the same data gives the same ids on every machine.
 * Instances are immutable.
 */
public final class Vocabulary {
    /** Id of the padding entry; batches are padded with this id. */
    public static final int PAD_ID = 0;
    /** Id of the "other" (unknown word) entry. */
    public static final int OTHER_ID = 1;
    /** The padding entry's token. */
    public static final String PAD = "<pad>";
    /** The "other" entry's token (lecture p.5). */
    public static final String OTHER = "<other>";

    /**
     * How a vocabulary is built.
     *
     * @param minCount   words seen fewer times than this map to {@link #OTHER} (at least 1)
     * @param maxSize    at most this many entries including the two reserved ones (0 = no limit, otherwise at
     *                   least 2); the least frequent words are dropped first
     * @param normalizer applied to every token before counting and look-up
     */
    public record Settings(int minCount, int maxSize, TokenNormalizer normalizer) {
        /** Keep every word, no normalisation. */
        public static final Settings DEFAULT = new Settings(1, 0, TokenNormalizer.NONE);

        public Settings {
            if (minCount < 1) {
                throw new IllegalArgumentException("minCount must be at least 1 (1 keeps every word), got " + minCount);
            }
            if (maxSize != 0 && maxSize < 2) {
                throw new IllegalArgumentException(
                        "maxSize must be 0 (no limit) or at least 2 (room for <pad> and <other>), got " + maxSize);
            }
            Objects.requireNonNull(normalizer, "normalizer (use TokenNormalizer.NONE for none)");
        }

        /** Settings with the given minimum count, no size limit and no normalisation. */
        public static Settings minCount(int minCount) {
            return new Settings(minCount, 0, TokenNormalizer.NONE);
        }

        /** These settings with another minimum count. */
        public Settings withMinCount(int n) {
            return new Settings(n, maxSize, normalizer);
        }

        /** These settings with another size limit. */
        public Settings withMaxSize(int n) {
            return new Settings(minCount, n, normalizer);
        }

        /** These settings with another normaliser. */
        public Settings withNormalizer(TokenNormalizer n) {
            return new Settings(minCount, maxSize, n);
        }

        @Override
        public String toString() {
            return "Vocabulary.Settings(minCount=" + minCount + ", maxSize=" + (maxSize == 0 ? "unlimited" : maxSize)
                    + ", lowerCase=" + normalizer.lowerCase() + ", digits=" + normalizer.digits() + ")";
        }
    }

    private final List<String> tokens;
    private final int[] counts;
    private final Map<String, Integer> ids;
    private final Settings settings;

    private Vocabulary(List<String> tokens, int[] counts, Settings settings) {
        this.tokens = Collections.unmodifiableList(new ArrayList<>(tokens));
        this.counts = counts;
        this.settings = settings;
        this.ids = new HashMap<>(tokens.size() * 2);
        for (int i = 0; i < tokens.size(); i++) {
            Integer old = ids.put(tokens.get(i), i);
            if (old != null) {
                throw new IllegalArgumentException("token '" + tokens.get(i) + "' appears twice in the vocabulary (ids "
                        + old + " and " + i + ")");
            }
        }
    }

    /**
     * Counts the (normalised) tokens of {@code sentences} and keeps those seen at least {@code minCount} times.
     *
     * @param sentences token sequences, e.g. {@code dataset.tokenLists()}
     */
    public static Vocabulary build(Iterable<? extends List<String>> sentences, Settings settings) {
        Objects.requireNonNull(sentences, "sentences");
        Objects.requireNonNull(settings, "settings");
        Map<String, Integer> count = new HashMap<>();
        for (List<String> sentence : sentences) {
            for (String token : sentence) {
                String t = settings.normalizer().apply(token);
                if (!t.equals(PAD) && !t.equals(OTHER)) {
                    count.merge(t, 1, Integer::sum);
                }
            }
        }
        List<Map.Entry<String, Integer>> kept = new ArrayList<>();
        for (Map.Entry<String, Integer> e : count.entrySet()) {
            if (e.getValue() >= settings.minCount()) {
                kept.add(e);
            }
        }
        kept.sort((a, b) -> a.getValue().equals(b.getValue())
                ? a.getKey().compareTo(b.getKey())
                : Integer.compare(b.getValue(), a.getValue()));
        int limit = settings.maxSize() == 0 ? kept.size() : Math.min(kept.size(), settings.maxSize() - 2);
        List<String> tokens = new ArrayList<>(limit + 2);
        int[] counts = new int[limit + 2];
        tokens.add(PAD);
        tokens.add(OTHER);
        int unknown = 0;
        for (int i = 0; i < kept.size(); i++) {
            if (i < limit) {
                tokens.add(kept.get(i).getKey());
                counts[i + 2] = kept.get(i).getValue();
            } else {
                unknown += kept.get(i).getValue();
            }
        }
        for (Map.Entry<String, Integer> e : count.entrySet()) {
            if (e.getValue() < settings.minCount()) {
                unknown += e.getValue();
            }
        }
        counts[OTHER_ID] = unknown;
        return new Vocabulary(tokens, counts, settings);
    }

    /** {@link #build(Iterable, Settings)} over the tokens of a dataset. */
    public static Vocabulary build(Dataset dataset, Settings settings) {
        return build(dataset.tokenLists(), settings);
    }

    /**
     * A vocabulary with exactly these entries in this order, e.g. read back from a saved model. The list must start
     * with {@value #PAD} and {@value #OTHER}; counts are unknown (reported as 0).
     */
    public static Vocabulary fromTokens(List<String> tokensInIdOrder, Settings settings) {
        Objects.requireNonNull(tokensInIdOrder, "tokensInIdOrder");
        if (tokensInIdOrder.size() < 2 || !PAD.equals(tokensInIdOrder.get(0))
                || !OTHER.equals(tokensInIdOrder.get(1))) {
            throw new IllegalArgumentException("a vocabulary's token list must start with " + PAD + ", " + OTHER
                    + " (ids 0 and 1), got " + preview(tokensInIdOrder, 5));
        }
        for (int i = 0; i < tokensInIdOrder.size(); i++) {
            if (tokensInIdOrder.get(i) == null || tokensInIdOrder.get(i).isEmpty()) {
                throw new IllegalArgumentException("vocabulary entry " + i + " is null or empty");
            }
        }
        return new Vocabulary(tokensInIdOrder, new int[tokensInIdOrder.size()], settings);
    }

    /** Number of entries, including {@value #PAD} and {@value #OTHER}; the size of an embedding table. */
    public int size() {
        return tokens.size();
    }

    /** The id of {@code token} after normalisation, or {@link #OTHER_ID} if it is not in the vocabulary. */
    public int id(String token) {
        Integer id = ids.get(settings.normalizer().apply(token));
        return id == null || id == PAD_ID ? OTHER_ID : id;
    }

    /** The ids of a token sequence. */
    public int[] ids(List<String> tokens) {
        return tokens.stream().mapToInt(this::id).toArray();
    }

    /** True if {@code token} (after normalisation) has its own id, i.e. does not map to "other". */
    public boolean contains(String token) {
        Integer id = ids.get(settings.normalizer().apply(token));
        return id != null && id > OTHER_ID;
    }

    /** The (normalised) token with this id. */
    public String token(int id) {
        if (id < 0 || id >= tokens.size()) {
            throw new IndexOutOfBoundsException("token id " + id + " is outside this vocabulary's range 0.."
                    + (tokens.size() - 1));
        }
        return tokens.get(id);
    }

    /** The tokens of a sequence of ids. */
    public List<String> tokens(int[] ids) {
        List<String> out = new ArrayList<>(ids.length);
        for (int id : ids) {
            out.add(token(id));
        }
        return out;
    }

    /** How often this entry was counted when the vocabulary was built ("other": all dropped words together). */
    public int count(int id) {
        token(id);
        return counts[id];
    }

    /** All entries in id order (unmodifiable); index 0 is {@value #PAD}, index 1 is {@value #OTHER}. */
    public List<String> tokens() {
        return tokens;
    }

    public Settings settings() {
        return settings;
    }

    public TokenNormalizer normalizer() {
        return settings.normalizer();
    }

    /** Fraction of the tokens in {@code sentences} that map to "other" (0 when there are no tokens). */
    public double unknownRate(Iterable<? extends List<String>> sentences) {
        long all = 0;
        long unknown = 0;
        for (List<String> s : sentences) {
            for (String t : s) {
                all++;
                if (id(t) == OTHER_ID) {
                    unknown++;
                }
            }
        }
        return all == 0 ? 0.0 : (double) unknown / all;
    }

    @Override
    public String toString() {
        return "Vocabulary(size=" + size() + " = " + PAD + " + " + OTHER + " + " + (size() - 2) + " words; minCount="
                + settings.minCount() + ", maxSize=" + (settings.maxSize() == 0 ? "unlimited" : settings.maxSize())
                + ", lowerCase=" + settings.normalizer().lowerCase() + ", digits=" + settings.normalizer().digits()
                + "; ids 2.. = " + preview(tokens.subList(2, tokens.size()), 8) + ")";
    }

    static String preview(List<String> items, int max) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < Math.min(max, items.size()); i++) {
            sb.append(i == 0 ? "" : ", ").append(items.get(i));
        }
        if (items.size() > max) {
            sb.append(", … ").append(items.size() - max).append(" more");
        }
        return sb.append(']').toString();
    }
}
