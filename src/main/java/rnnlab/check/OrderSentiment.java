package rnnlab.check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import rnnlab.models.Batch;
import rnnlab.models.SequenceModel;

/**
 * The data of homework 5 (the lecture's homework, many-to-one p.39–41): short reviews whose sentiment a bag of words
 * cannot decide because the word ORDER decides it (the course's "today is a good day, but it is hot" versus "today
 * is hot, but it is a good day").
 * <pre>
 *   SIMPLE    the food is good                    positive (1)
 *   NEGATION  the food is not good                negative (0)
 *   BUT       the food is bad but the music is great     the clause after "but" decides: positive
 * </pre>
 * In a BUT sentence the two clauses have opposite polarity and are drawn independently, so the same bag of words
 * is positive as often as negative. A pure function of n and the seed.
 */
public final class OrderSentiment {
    private OrderSentiment() {}

    /** Seed of the homework's training data; the hidden tests use other seeds. */
    public static final long SEED = 20170401L;

    /** Kind of sentence. */
    public enum Kind { SIMPLE, NEGATION, BUT }

    /** One review: its words, its label (1 = positive, 0 = negative) and its kind. */
    public record Example(List<String> tokens, int label, Kind kind) {
        @Override
        public String toString() {
            return String.join(" ", tokens) + "  → " + (label == 1 ? "positive" : "negative");
        }
    }

    static final List<String> SUBJECTS = List.of("the food", "the movie", "the service", "today", "the hotel",
            "the music", "the trip", "the game");
    static final List<String> POSITIVE = List.of("good", "great", "fun", "nice", "lovely");
    static final List<String> NEGATIVE = List.of("bad", "boring", "awful", "hot", "slow");

    /** Every word the generator uses, in a fixed order (word id = index). */
    public static final List<String> VOCABULARY = vocabulary();

    private static List<String> vocabulary() {
        var v = new ArrayList<String>();
        for (String s : SUBJECTS) {
            for (String w : s.split(" ")) {
                if (!v.contains(w)) {
                    v.add(w);
                }
            }
        }
        v.addAll(List.of("is", "not", "but"));
        v.addAll(POSITIVE);
        v.addAll(NEGATIVE);
        return List.copyOf(v);
    }

    /** n reviews: 50% SIMPLE, 15% NEGATION, 35% BUT, labels balanced within each kind. */
    public static List<Example> generate(int n, long seed) {
        if (n < 0) {
            throw new IllegalArgumentException("OrderSentiment.generate: n must be ≥ 0, got " + n);
        }
        var rng = new SplittableRandom(seed);
        var out = new ArrayList<Example>(n);
        for (int k = 0; k < n; k++) {
            double u = rng.nextDouble();
            int label = rng.nextInt(2);
            var t = new ArrayList<String>();
            if (u < 0.5) {
                clause(t, rng, label == 1);
                out.add(new Example(List.copyOf(t), label, Kind.SIMPLE));
            } else if (u < 0.65) {
                t.addAll(List.of(pick(SUBJECTS, rng).split(" ")));
                t.add("is");
                t.add("not");
                t.add(pick(label == 1 ? NEGATIVE : POSITIVE, rng));
                out.add(new Example(List.copyOf(t), label, Kind.NEGATION));
            } else {
                clause(t, rng, label != 1);
                t.add("but");
                clause(t, rng, label == 1);
                out.add(new Example(List.copyOf(t), label, Kind.BUT));
            }
        }
        return out;
    }

    private static void clause(List<String> t, SplittableRandom rng, boolean positive) {
        t.addAll(List.of(pick(SUBJECTS, rng).split(" ")));
        t.add("is");
        t.add(pick(positive ? POSITIVE : NEGATIVE, rng));
    }

    private static String pick(List<String> l, SplittableRandom rng) {
        return l.get(rng.nextInt(l.size()));
    }

    /** Word ids of a review (index in {@link #VOCABULARY}); an unknown word is an error naming it. */
    public static int[] ids(List<String> tokens) {
        int[] ids = new int[tokens.size()];
        for (int t = 0; t < ids.length; t++) {
            ids[t] = VOCABULARY.indexOf(tokens.get(t));
            if (ids[t] < 0) {
                throw new IllegalArgumentException("OrderSentiment: unknown word '" + tokens.get(t)
                        + "'; the vocabulary is OrderSentiment.VOCABULARY");
            }
        }
        return ids;
    }

    /** Mini-batches (padded, with lengths and classes) of consecutive examples, for a many-to-one model. */
    public static List<Batch> batches(List<Example> examples, int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("OrderSentiment.batches: size must be positive, got " + size);
        }
        var out = new ArrayList<Batch>();
        for (int from = 0; from < examples.size(); from += size) {
            var part = examples.subList(from, Math.min(examples.size(), from + size));
            int T = part.stream().mapToInt(e -> e.tokens().size()).max().orElse(1);
            int[][] ids = new int[part.size()][T];
            int[] lengths = new int[part.size()], classes = new int[part.size()];
            for (int b = 0; b < part.size(); b++) {
                int[] one = ids(part.get(b).tokens());
                System.arraycopy(one, 0, ids[b], 0, one.length);
                lengths[b] = one.length;
                classes[b] = part.get(b).label();
            }
            out.add(Batch.ofIdsForClasses(ids, lengths, classes));
        }
        return out;
    }

    /** A trained many-to-one model as a {@link SentenceClassifier}. */
    public static SentenceClassifier classifier(SequenceModel model) {
        return tokens -> model.classify(Batch.ofIdsForClasses(new int[][] {ids(tokens)}, new int[] {tokens.size()},
                null))[0];
    }

    /** Accuracy of a classifier on the examples of each kind (and "all"), in the order SIMPLE, NEGATION, BUT, all. */
    public static Map<String, Double> accuracyByKind(SentenceClassifier classifier, List<Example> examples) {
        var right = new LinkedHashMap<String, int[]>();
        for (Kind k : Kind.values()) {
            right.put(k.name(), new int[2]);
        }
        right.put("all", new int[2]);
        for (Example e : examples) {
            int ok = classifier.classify(e.tokens()) == e.label() ? 1 : 0;
            for (String key : List.of(e.kind().name(), "all")) {
                right.get(key)[0] += ok;
                right.get(key)[1]++;
            }
        }
        var acc = new LinkedHashMap<String, Double>();
        right.forEach((k, v) -> acc.put(k, v[1] == 0 ? Double.NaN : (double) v[0] / v[1]));
        return acc;
    }

    /**
     * Logistic regression on the given bag-of-words features, trained by plain gradient descent (seeded, 200 epochs,
     * η = 0.5): the baseline the homework compares the RNN with.
     */
    public static SentenceClassifier trainBagOfWords(BagOfWords features, List<Example> train) {
        int V = VOCABULARY.size();
        double[] w = new double[V];
        double[] bias = {0};
        double eta = 0.5;
        var xs = new ArrayList<double[]>();
        for (Example e : train) {
            double[] f = features.features(e.tokens(), VOCABULARY);
            if (f == null || f.length != V) {
                throw new IllegalArgumentException("trainBagOfWords: your features must have one entry per vocabulary word ("
                        + V + "), got " + (f == null ? "null" : f.length));
            }
            xs.add(f);
        }
        for (int epoch = 0; epoch < 200; epoch++) {
            double[] gw = new double[V];
            double gb = 0;
            for (int k = 0; k < train.size(); k++) {
                double p = Ops.sigmoid(dot(w, xs.get(k)) + bias[0]);
                double d = p - train.get(k).label();
                for (int j = 0; j < V; j++) {
                    gw[j] += d * xs.get(k)[j];
                }
                gb += d;
            }
            for (int j = 0; j < V; j++) {
                w[j] -= eta * gw[j] / train.size();
            }
            bias[0] -= eta * gb / train.size();
        }
        return tokens -> dot(w, features.features(tokens, VOCABULARY)) + bias[0] > 0 ? 1 : 0;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
