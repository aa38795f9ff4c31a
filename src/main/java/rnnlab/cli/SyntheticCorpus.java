package rnnlab.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import rnnlab.data.Dataset;
import rnnlab.data.Sentence;

/**
 * A seeded synthetic tagging corpus of a chosen size, for timing and stress tests on data shaped like a real
 * slot-filling corpus (ATIS has ~4,500 training utterances, ~120 labels, ~1,000 words):
 * <pre>
 *   types      slot types t = 0 … types−1; labels O, B-slotNN, I-slotNN   (2·types + 1 labels)
 *   values     slot types come in pairs that share one pool of value words, as "Taipei" is both a destination
 *              and a departure: only the cue word before a value tells which of the two types it is
 *   cues       two cue words per type ("cue07a", "cue07b"), then 0–2 filler words, then the value (1–2 words)
 *   fillers    the remaining vocabulary, drawn with a Zipf-like bias (frequent and rare words)
 * </pre>
 * A sentence has 1–3 slots and filler words around them, 6–25 tokens. Same arguments, same corpus.
 */
public final class SyntheticCorpus {
    private SyntheticCorpus() {}

    /**
     * @param sentences  number of sentences
     * @param types      slot types (labels = 2·types + 1), 2 … 500, even
     * @param vocabulary approximate number of distinct words, ≥ 4·types
     * @param seed       random seed
     */
    public static Dataset generate(int sentences, int types, int vocabulary, long seed) {
        if (types < 2 || types > 500 || types % 2 != 0) {
            throw new IllegalArgumentException("SyntheticCorpus: types must be even and between 2 and 500, got "
                    + types);
        }
        if (vocabulary < 4 * types) {
            throw new IllegalArgumentException("SyntheticCorpus: vocabulary must be at least 4·types = " + 4 * types
                    + ", got " + vocabulary);
        }
        if (sentences < 1) {
            throw new IllegalArgumentException("SyntheticCorpus: sentences must be ≥ 1, got " + sentences);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        int cueWords = 2 * types;
        int valueWords = (vocabulary - cueWords) * 6 / 10;
        int pools = types / 2;
        int perPool = Math.max(2, valueWords / pools);
        int fillers = Math.max(10, vocabulary - cueWords - perPool * pools);
        List<Sentence> out = new ArrayList<>(sentences);
        for (int s = 0; s < sentences; s++) {
            List<String> tokens = new ArrayList<>();
            List<String> labels = new ArrayList<>();
            addFillers(tokens, labels, rng.nextInt(1, 4), fillers, rng);
            int slots = rng.nextInt(1, 4);
            for (int k = 0; k < slots; k++) {
                int type = rng.nextInt(types);
                String name = String.format("slot%03d", type);
                tokens.add("cue" + String.format("%03d", type) + (rng.nextBoolean() ? "a" : "b"));
                labels.add("O");
                addFillers(tokens, labels, rng.nextInt(0, 3), fillers, rng);
                int pool = type / 2;
                int len = rng.nextInt(4) == 0 ? 2 : 1;
                for (int i = 0; i < len; i++) {
                    tokens.add("v" + pool + "_" + zipf(perPool, rng));
                    labels.add((i == 0 ? "B-" : "I-") + name);
                }
                addFillers(tokens, labels, rng.nextInt(1, 3), fillers, rng);
            }
            out.add(Sentence.of(tokens, labels));
        }
        return Dataset.of("synthetic-" + sentences + "x" + (2 * types + 1) + "labels", out);
    }

    private static void addFillers(List<String> tokens, List<String> labels, int n, int fillers, SplittableRandom rng) {
        for (int i = 0; i < n; i++) {
            tokens.add("w" + zipf(fillers, rng));
            labels.add("O");
        }
    }

    /** 0 … n−1, small values more often (density ∝ 1/(i+1) roughly). */
    private static int zipf(int n, SplittableRandom rng) {
        return Math.min(n - 1, (int) Math.floor(Math.exp(rng.nextDouble() * Math.log(n + 1)) - 1));
    }
}
