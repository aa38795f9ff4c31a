package rnnlab.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

import rnnlab.RNN;
import rnnlab.cells.RecurrentLayer;
import rnnlab.core.GradCheck;
import rnnlab.core.GradCheckReport;
import rnnlab.core.Init;
import rnnlab.core.Matrix;
import rnnlab.data.LabelVocabulary;
import rnnlab.data.LabelledSentences.Example;
import rnnlab.data.Vocabulary;
import rnnlab.eval.ConfusionMatrix;
import rnnlab.eval.LabelReport;
import rnnlab.layers.Dense;
import rnnlab.layers.Embedding;
import rnnlab.models.Batch;
import rnnlab.models.Pooling;
import rnnlab.models.SequenceModel;
import rnnlab.models.SequencePooling;

/**
 * A many-to-one sentence classifier end to end (lecture Part II p.39–41: sentiment, key terms): vocabulary, label
 * set and a {@link SequenceModel} that reads the words and gives one class per sentence.
 * <pre>
 *   xᵗ = E[wᵗ]      hᵗ = body(x¹ … xᵗ)      v = pool(h¹ … hᵀ)      p = softmax(v·Wo + bo)      L = −log p[label]
 * </pre>
 * The pooling is the last state, the mean, the max or attention over the steps ({@link Pooling}); with attention
 * the weights per word are readable ({@link #attention}). The body is any cell, uni- or bidirectional, or the
 * memory-less {@link Architecture#FEEDFORWARD} layer — which with mean pooling is a bag-of-words model: it cannot
 * tell "not good , but fine" from "good , but not fine".
 */
public final class Classifier {
    /** The network: cell, sizes, direction, pooling, attention units, seed. */
    public record Settings(Architecture cell, int embedding, int hidden, boolean bidirectional, Pooling pooling,
                           int attentionSize, long seed) {
        /** GRU, 16-value word vectors, 16 hidden units, unidirectional, last state, seed 42. */
        public static final Settings DEFAULT = new Settings(Architecture.GRU, 16, 16, false, Pooling.LAST,
                SequencePooling.DEFAULT_ATTENTION_SIZE, Init.DEFAULT_SEED);

        public Settings {
            Objects.requireNonNull(cell, "cell");
            Objects.requireNonNull(pooling, "pooling");
            if (embedding <= 0 || hidden <= 0 || attentionSize <= 0) {
                throw new IllegalArgumentException("Classifier.Settings: embedding, hidden and attention size must be "
                        + "positive, got " + embedding + ", " + hidden + ", " + attentionSize);
            }
            if (!cell.isRecurrent() && bidirectional) {
                throw new IllegalArgumentException("Classifier.Settings: a feedforward body has no direction; "
                        + "use bidirectional=false");
            }
            if (!cell.isRecurrent() && pooling == Pooling.LAST) {
                throw new IllegalArgumentException("Classifier.Settings: a feedforward body with LAST pooling sees "
                        + "only the last word; choose MEAN (bag of words), MAX or ATTENTION");
            }
        }

        public Settings withCell(Architecture a) {
            return new Settings(a, embedding, hidden, bidirectional, a.isRecurrent() || pooling != Pooling.LAST
                    ? pooling : Pooling.MEAN, attentionSize, seed);
        }

        public Settings withEmbedding(int n) {
            return new Settings(cell, n, hidden, bidirectional, pooling, attentionSize, seed);
        }

        public Settings withHidden(int n) {
            return new Settings(cell, embedding, n, bidirectional, pooling, attentionSize, seed);
        }

        public Settings withBidirectional(boolean b) {
            return new Settings(cell, embedding, hidden, b, pooling, attentionSize, seed);
        }

        public Settings withPooling(Pooling p) {
            return new Settings(cell, embedding, hidden, bidirectional, p, attentionSize, seed);
        }

        public Settings withAttentionSize(int n) {
            return new Settings(cell, embedding, hidden, bidirectional, pooling, n, seed);
        }

        public Settings withSeed(long s) {
            return new Settings(cell, embedding, hidden, bidirectional, pooling, attentionSize, s);
        }
    }

    /** Loss per sentence on the training data and accuracy on the dev data, per epoch. */
    public record History(double[] trainLoss, double[] devAccuracy) {}

    /** Scores on labelled data: accuracy, macro F1, the confusion matrix and per-label precision/recall/F1. */
    public record Evaluation(double accuracy, double macroF1, ConfusionMatrix confusion, LabelReport report) {
        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "accuracy %.3f, macro F1 %.3f on %d sentences%n%s", accuracy,
                    macroF1, confusion.total(), report);
        }
    }

    private final Vocabulary words;
    private final LabelVocabulary labels;
    private final Settings settings;
    private final SequenceModel model;

    /** A classifier for these words and labels (build them with {@link #create}). */
    public Classifier(Vocabulary words, LabelVocabulary labels, Settings settings) {
        this.words = Objects.requireNonNull(words, "words");
        this.labels = Objects.requireNonNull(labels, "labels");
        this.settings = Objects.requireNonNull(settings, "settings");
        SplittableRandom rng = new SplittableRandom(settings.seed());
        Embedding emb = new Embedding(words.size(), settings.embedding(), 0, rng);
        RecurrentLayer body = settings.cell().isRecurrent()
                ? RNN.deep(settings.cell().rnnArch(), settings.embedding(), settings.hidden(), 1,
                        settings.bidirectional(), rng.nextLong())
                : new rnnlab.cells.Feedforward(settings.embedding(), settings.hidden(), rnnlab.core.Activation.TANH,
                        new SplittableRandom(rng.nextLong()));
        SequencePooling pool = new SequencePooling(settings.pooling(), body.outputSize(), settings.attentionSize(), rng);
        this.model = new SequenceModel(emb, body, new Dense(body.outputSize(), labels.size(), rng), pool);
    }

    /** Builds the vocabulary (every word of the training data) and the label set, then the model. */
    public static Classifier create(List<Example> train, Settings settings) {
        if (train.isEmpty()) {
            throw new IllegalArgumentException("Classifier.create: no training sentences");
        }
        List<List<String>> sentences = new ArrayList<>();
        List<String> ls = new ArrayList<>();
        for (Example e : train) {
            sentences.add(e.tokens());
            if (!ls.contains(e.label())) {
                ls.add(e.label());
            }
        }
        java.util.Collections.sort(ls);
        return new Classifier(Vocabulary.build(sentences, Vocabulary.Settings.DEFAULT), LabelVocabulary.of(ls),
                settings);
    }

    public Vocabulary words() {
        return words;
    }

    public LabelVocabulary labels() {
        return labels;
    }

    public Settings settings() {
        return settings;
    }

    /** The network inside (its parameters, body, pooling). */
    public SequenceModel model() {
        return model;
    }

    /** A padded batch of examples (labels may be absent: pass {@code withClasses=false}). */
    Batch batch(List<Example> examples, boolean withClasses) {
        int n = examples.size(), T = 0;
        for (Example e : examples) {
            T = Math.max(T, e.tokens().size());
        }
        int[][] ids = new int[n][T];
        int[] len = new int[n], cls = new int[n];
        for (int r = 0; r < n; r++) {
            Example e = examples.get(r);
            len[r] = e.tokens().size();
            System.arraycopy(words.ids(e.tokens()), 0, ids[r], 0, len[r]);
            if (withClasses) {
                if (!labels.contains(e.label())) {
                    throw new IllegalArgumentException("Classifier: label '" + e.label() + "' of \"" + e.text()
                            + "\" is not one of the labels the classifier was built with " + labels.labels());
                }
                cls[r] = labels.id(e.label());
            }
        }
        return Batch.ofIdsForClasses(ids, len, withClasses ? cls : new int[n]);
    }

    /**
     * Trains with mini-batches in seeded random order, clipping, one optimiser step per batch; after each epoch
     * measures the dev accuracy (skipped when {@code dev} is empty).
     */
    public History fit(List<Example> train, List<Example> dev, int epochs, int batchSize, OptimizerSettings optimizer,
                       Clipping clipping, long seed) {
        if (epochs < 1 || batchSize < 1) {
            throw new IllegalArgumentException("Classifier.fit: epochs and batch size must be ≥ 1, got " + epochs
                    + ", " + batchSize);
        }
        Optimizer opt = optimizer.create();
        SplittableRandom rng = new SplittableRandom(seed);
        List<Example> order = new ArrayList<>(train);
        double[] loss = new double[epochs], acc = new double[epochs];
        for (int ep = 0; ep < epochs; ep++) {
            for (int i = order.size() - 1; i > 0; i--) {
                java.util.Collections.swap(order, i, rng.nextInt(i + 1));
            }
            double sum = 0;
            for (int from = 0; from < order.size(); from += batchSize) {
                double l = model.lossAndGradient(batch(order.subList(from, Math.min(order.size(), from + batchSize)),
                        true));
                if (!Double.isFinite(l)) {
                    throw new IllegalStateException("Classifier.fit: the loss became " + l + " in epoch "
                            + (ep + 1) + "; lower the learning rate or clip the gradient");
                }
                clipping.apply(model.params());
                opt.step(model.params());
                sum += l;
            }
            loss[ep] = sum / order.size();
            acc[ep] = dev.isEmpty() ? Double.NaN : evaluate(dev).accuracy();
        }
        return new History(loss, acc);
    }

    /** The most probable label of a sentence. */
    public String classify(List<String> tokens) {
        return classifyAll(List.of(tokens)).get(0);
    }

    /** The most probable label of each sentence. */
    public List<String> classifyAll(List<? extends List<String>> sentences) {
        List<Example> ex = new ArrayList<>();
        for (List<String> s : sentences) {
            ex.add(new Example(labels.label(0), s));
        }
        List<String> out = new ArrayList<>();
        for (int from = 0; from < ex.size(); from += Tagger.EVAL_BATCH) {
            int[] c = model.classify(batch(ex.subList(from, Math.min(ex.size(), from + Tagger.EVAL_BATCH)), false));
            for (int k : c) {
                out.add(labels.label(k));
            }
        }
        return out;
    }

    /** The probability of each label (in {@link #labels()} order) for a sentence. */
    public double[] probabilities(List<String> tokens) {
        Matrix p = model.probabilities(batch(List.of(new Example(labels.label(0), tokens)), false))[0];
        return p.rowCopy(0);
    }

    /**
     * How much each word contributed to the sentence's summary: the attention weights α (attention pooling, the
     * key-term weights of p.41), 1/T each for mean pooling, the share of units whose maximum is at the word for max
     * pooling, 1 on the last word for last-state pooling.
     */
    public double[] attention(List<String> tokens) {
        Batch b = batch(List.of(new Example(labels.label(0), tokens)), false);
        model.forward(b);
        return model.poolingWeights(0, b.lengths());
    }

    /** Accuracy, macro F1 and the confusion matrix on labelled sentences. */
    public Evaluation evaluate(List<Example> gold) {
        if (gold.isEmpty()) {
            throw new IllegalArgumentException("Classifier.evaluate: no sentences");
        }
        List<List<String>> sentences = new ArrayList<>();
        List<List<String>> g = new ArrayList<>(), p = new ArrayList<>();
        for (Example e : gold) {
            sentences.add(e.tokens());
            g.add(List.of(e.label()));
        }
        for (String l : classifyAll(sentences)) {
            p.add(List.of(l));
        }
        List<String> all = new ArrayList<>(labels.labels());
        for (Example e : gold) {
            if (!all.contains(e.label())) {
                all.add(e.label());                                 // a label never trained on counts as an error
            }
        }
        ConfusionMatrix m = ConfusionMatrix.of(g, p, LabelVocabulary.of(all));
        LabelReport r = m.labelReport();
        return new Evaluation((double) m.correct() / m.total(), r.macroF1(), m, r);
    }

    /** Checks every gradient numerically on these examples. */
    public GradCheckReport gradientCheck(List<Example> examples, GradCheck.Options options) {
        return model.gradientCheck(batch(examples, true), options);
    }

    @Override
    public String toString() {
        return "Classifier(" + settings + ", " + (words.size() - 2) + " words, labels " + labels.labels() + ")\n  "
                + model.toString().replace("\n", "\n  ");
    }
}
