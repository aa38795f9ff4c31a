package rnnlab.check;

import static rnnlab.check.Mistake.*;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import rnnlab.core.Matrix;

/**
 * Checks for homework 5 (many-to-one sentiment, p.39–41): bag-of-words features, the many-to-one forward pass, and
 * a trained classifier's accuracy by kind of sentence, with a diagnosis of what its errors say (word order, "not").
 */
public final class SentimentCheck {
    private SentimentCheck() {}

    /** Seed of the cases. */
    public static final long SEED = 15L;

    private static final List<Mistake> MANY_TO_ONE_MISTAKES = List.of(MANY_TO_ONE_FIRST_STEP, MANY_TO_ONE_NO_SOFTMAX,
            MANY_TO_ONE_NO_MEMORY, MISSING_ACTIVATION, TRANSPOSED_WH, MISSING_RECURRENT_TERM, MISSING_BIAS,
            BIAS_OUTSIDE_ACTIVATION);

    /** Checks bag-of-words counts on reviews with repeated and unknown words. */
    public static Verdict bagOfWords(BagOfWords bow) {
        var vocab = OrderSentiment.VOCABULARY;
        var sentences = List.of(
                List.of("the", "food", "is", "good", "but", "the", "music", "is", "bad"),
                List.of("today", "is", "not", "nice", "nice", "nice"),
                List.of("the", "hotel", "is", "very", "slow"),           // "very" is not in the vocabulary
                List.of("lovely", "slow"));
        var cases = new ArrayList<Diagnoser.Case<List<String>>>();
        for (int k = 0; k < sentences.size(); k++) {
            cases.add(new Diagnoser.Case<>("case " + (k + 1) + " of " + sentences.size() + ": \""
                    + String.join(" ", sentences.get(k)) + "\" with OrderSentiment.VOCABULARY (" + vocab.size() + " words)",
                    sentences.get(k)));
        }
        return new Diagnoser("Bag of words", "the counts")
                .referenceNote("reference counts")
                .locator((q, v, r, c) -> "position " + c + " = the word \"" + vocab.get(c) + "\"")
                .check(cases, t -> Map.of("features", Matrix.row(bow.features(List.copyOf(t), vocab))),
                        (t, m) -> Map.of("features", Matrix.row(bagOfWords(t, vocab, m))),
                        List.of(BOW_PRESENCE_NOT_COUNT, BOW_INDEX_OFF_BY_ONE));
    }

    static double[] bagOfWords(List<String> tokens, List<String> vocab, Mistake m) {
        double[] f = new double[vocab.size()];
        for (String w : tokens) {
            int i = vocab.indexOf(w);
            if (i < 0) {
                continue;
            }
            if (m == BOW_INDEX_OFF_BY_ONE) {
                i++;
                if (i >= f.length) {
                    continue;
                }
            }
            f[i] = m == BOW_PRESENCE_NOT_COUNT ? 1 : f[i] + 1;
        }
        return f;
    }

    record Case(Matrix[] xs, ElmanWeights w, Matrix Wo, Matrix c) {}

    /** Checks the many-to-one forward pass on two seeded cases (3 classes, sequences of 3 and 4 steps). */
    public static Verdict manyToOne(ManyToOne net) {
        var cases = new ArrayList<Diagnoser.Case<Case>>();
        int[][] sizes = {{2, 3, 4, 3}, {3, 2, 3, 4}};   // B, n, H, T
        for (int k = 0; k < sizes.length; k++) {
            int B = sizes[k][0], n = sizes[k][1], H = sizes[k][2], T = sizes[k][3];
            var rng = new SplittableRandom(SEED + k);
            Matrix[] xs = new Matrix[T];
            for (int t = 0; t < T; t++) {
                xs[t] = Ops.random(B, n, 1, rng);
            }
            cases.add(new Diagnoser.Case<>(String.format(Locale.ROOT,
                    "case %d of 2: T=%d words, B=%d sentences, n=%d, H=%d, K=3 classes, h⁰ = 0", k + 1, T, B, n, H),
                    new Case(xs, ElmanCheck.randomWeights(n, H, SEED + 10 + k), Ops.random(H, 3, 1.5, rng), Ops.random(1, 3, 0.5, rng))));
        }
        return new Diagnoser("Many-to-one forward", "the class probabilities")
                .referenceNote("reference: the reference Elman cell, then softmax")
                .locator((q, v, r, c) -> "sentence " + (r + 1) + " (row " + r + "), class " + c)
                .explain("y", "the class probabilities y = softmax(hᵀ·Wo + c)")
                .check(cases, c -> Map.of("y", net.probabilities(Ops.copies(c.xs()), c.w().copy(), c.Wo().copy(), c.c().copy())),
                        (c, m) -> Map.of("y", manyToOne(c, m)), MANY_TO_ONE_MISTAKES);
    }

    static Matrix manyToOne(Case c, Mistake m) {
        Matrix h = new Matrix(c.xs()[0].rows, c.w().hiddenSize()), h0 = h, first = null;
        for (Matrix x : c.xs()) {
            h = ElmanMath.step(x, m == MANY_TO_ONE_NO_MEMORY ? h0 : h, c.w(), ElmanMath.forwardMistake(m));
            first = first == null ? h : first;
        }
        Matrix logits = Ops.add(Ops.mul(m == MANY_TO_ONE_FIRST_STEP ? first : h, c.Wo()), c.c());
        if (m == MANY_TO_ONE_NO_SOFTMAX) {
            return logits;
        }
        Matrix p = new Matrix(logits.rows, logits.cols);
        for (int r = 0; r < logits.rows; r++) {
            rnnlab.core.Activation.softmax(logits.data[r], p.data[r]);
        }
        return p;
    }

    /**
     * Accuracy of a trained classifier on the given reviews, by kind of sentence. Passes when the accuracy over all
     * is at least {@code minAccuracy}; otherwise the block says which kind of sentence fails and what that means.
     */
    public static Verdict accuracy(String name, SentenceClassifier classifier, List<OrderSentiment.Example> examples,
                                   double minAccuracy) {
        Map<String, Double> acc;
        try {
            acc = OrderSentiment.accuracyByKind(classifier, examples);
        } catch (UnsupportedOperationException e) {
            return Verdict.fail(name, "✘ " + name + ": not implemented yet\n   write your solution where it says YOUR CODE HERE, then run this cell again", null, null);
        }
        String table = String.format(Locale.ROOT, "simple %.3f · with \"not\" %.3f · with \"but\" %.3f · all %.3f",
                acc.get("SIMPLE"), acc.get("NEGATION"), acc.get("BUT"), acc.get("all"));
        if (acc.get("all") >= minAccuracy) {
            return Verdict.pass(name, String.format(Locale.ROOT, "accuracy %.3f ≥ %.2f on %d reviews (%s)",
                    acc.get("all"), minAccuracy, examples.size(), table));
        }
        var likely = new ArrayList<String>();
        if (acc.get("BUT") < 0.75 && acc.get("SIMPLE") >= 0.9) {
            likely.add("the \"but\" reviews are near chance while simple ones are right: the classifier does not use word "
                    + "order (a bag of words, or an RNN that reads only part of the sentence)");
        }
        if (acc.get("NEGATION") < 0.75 && acc.get("SIMPLE") >= 0.9) {
            likely.add("the reviews with \"not\" fail: the classifier adds up word polarities instead of reading \"not\" "
                    + "before the adjective");
        }
        if (acc.get("SIMPLE") < 0.9) {
            likely.add("even the simple reviews fail: the model is not trained enough (more epochs, a larger learning "
                    + "rate, or check that the gradients are zeroed and the optimiser steps after each batch)");
        }
        var sb = new StringBuilder();
        sb.append("✘ ").append(name).append(": the accuracy is too low\n");
        sb.append(String.format(Locale.ROOT, "   %-9s %s%n", "where", "accuracy on " + examples.size() + " reviews"));
        sb.append(String.format(Locale.ROOT, "   %-9s ≥ %.2f%n", "expected", minAccuracy));
        sb.append(String.format(Locale.ROOT, "   %-9s %.3f   (%s)%n", "got", acc.get("all"), table));
        sb.append(String.format(Locale.ROOT, "   %-9s %s", "likely", likely.isEmpty() ? "train longer or with a larger hidden layer"
                : String.join("; ", likely)));
        return Verdict.fail(name, sb.toString(), "accuracy", null);
    }

    /** Chunk-F1 check for a trained tagger (homework 4): passes when {@code f1 ≥ min}. */
    public static Verdict taggerF1(String name, double f1, double precision, double recall, int sentences, double min) {
        if (f1 >= min) {
            return Verdict.pass(name, String.format(Locale.ROOT, "chunk F1 %.3f ≥ %.2f on %d unseen sentences", f1, min, sentences));
        }
        return Verdict.fail(name, String.format(Locale.ROOT, "✘ %s: the chunk F1 is too low%n   %-9s chunk F1 on %d unseen sentences%n"
                + "   %-9s ≥ %.2f%n   %-9s %.3f (precision %.3f, recall %.3f)%n   %-9s %s", name, "where", sentences, "expected", min,
                "got", f1, precision, recall, "likely", Double.isNaN(f1) || f1 < 0.2
                        ? "training diverged or did not learn: with a large learning rate, clip the gradient (by norm) and check the loss curve"
                        : "train longer, or use an LSTM / a larger hidden layer; the slot of a city depends on a cue word before it"),
                "chunk F1", null);
    }

    static Map<String, Matrix> one(String k, Matrix m) {
        var r = new LinkedHashMap<String, Matrix>();
        r.put(k, m);
        return r;
    }
}
