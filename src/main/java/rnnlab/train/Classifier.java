package rnnlab.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

import rnnlab.core.GradCheck;
import rnnlab.core.GradCheckReport;
import rnnlab.core.Matrix;
import rnnlab.data.LabelVocabulary;
import rnnlab.data.LabelledSentences.Example;
import rnnlab.data.Vocabulary;
import rnnlab.eval.ConfusionMatrix;
import rnnlab.eval.LabelReport;
import rnnlab.models.Batch;
import rnnlab.models.Network;
import rnnlab.models.Pooling;
import rnnlab.models.SequenceModel;

/**
 * A many-to-one sentence classifier end to end (lecture Part II p.39–41: sentiment, key terms): vocabulary, label
 * set and the many-to-one {@link SequenceModel} that the one network description {@link Network} builds.
 * <pre>
 *   xᵗ = E[wᵗ]      hᵗ = body(x¹ … xᵗ)      v = pool(h¹ … hᵀ)      p = softmax(v·Wo + bo)      L = −log p[label]
 * </pre>
 * <pre>
 *   var c = Classifier.create(train, Classifier.networkBuilder().pooling(Pooling.ATTENTION).build());
 *   new Trainer(Classifier.TRAINING).fit(c, train, dev);          // the generic trainer, dev accuracy per epoch
 *   c.evaluate(test)                                              // accuracy, macro F1, confusion matrix
 *   ModelFile.save(c, path);  ModelFile.loadClassifier(path)      // a model file, as for taggers
 * </pre>
 * The pooling is the last state, the mean, the max or attention over the steps ({@link Pooling}); with attention
 * the weights per word are readable ({@link #attention}). The body is any cell of {@link Network.Cell}, uni- or
 * bidirectional, deep, or the memory-less {@link Network.Cell#FEEDFORWARD} layer — which with mean pooling is a
 * bag-of-words model: it cannot tell "not good , but fine" from "good , but not fine".
 */
public final class Classifier extends WordLabelModel {
    /**
     * Training settings that fit a classifier: 8 epochs of 16 sentences, Adam (η = 0.01), clipping at global norm
     * 5, seed 1, the best epoch on dev <em>accuracy</em> kept (patience 5), no extra pass over the training set.
     */
    public static final Trainer.Settings TRAINING = Trainer.Settings.builder().epochs(8).batch(16)
            .metric(Metric.ACCURACY).trainMetrics(false).build();

    /**
     * The defaults of a classifier's network, to change and {@code build()}: GRU, 16-value word vectors, 16 hidden
     * units, one unidirectional layer, many-to-one, last-state pooling, seed 42. Vocabulary and classes are filled
     * in from the data by {@link #create}.
     */
    public static Network.Builder networkBuilder() {
        return Network.builder().cell(Network.Cell.GRU).embedding(16).hidden(16).manyToOne();
    }

    /** Scores on labelled data: accuracy, macro F1, the confusion matrix and per-label precision/recall/F1. */
    public record Evaluation(double accuracy, double macroF1, ConfusionMatrix confusion, LabelReport report) {
        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "accuracy %.3f, macro F1 %.3f on %d sentences%n%s", accuracy,
                    macroF1, confusion.total(), report);
        }
    }

    /**
     * A fresh classifier for these words and labels, built from {@code network} (its vocabulary and classes are
     * filled in when 0; its output is made many-to-one — a classifier gives one label per sentence).
     */
    public Classifier(Vocabulary words, LabelVocabulary labels, Network network) {
        this(words, labels, filled(words, labels, network).model());
    }

    /**
     * A classifier around a many-to-one model built from a {@link Network} (e.g. read back by
     * {@code ModelFile.loadClassifier}); the model's vocabulary and classes must be those of {@code words} and
     * {@code labels}.
     */
    public Classifier(Vocabulary words, LabelVocabulary labels, SequenceModel model) {
        super(words, labels, model);
        Network n = model.network();
        if (n == null) {
            throw new IllegalArgumentException("Classifier: the model was assembled by hand from its layers; build it "
                    + "from a description, Classifier.networkBuilder()…build()");
        }
        if (model.kind() != SequenceModel.Kind.MANY_TO_ONE) {
            throw new IllegalArgumentException("Classifier: the model gives a label per word (many-to-many); a "
                    + "classifier needs a many-to-one network (.manyToOne())");
        }
        if (n.vocabulary() != words.size() || n.classes() != labels.size()) {
            throw new IllegalArgumentException("Classifier: the network reads " + n.vocabulary() + " word ids and has "
                    + n.classes() + " classes, but there are " + words.size() + " words and " + labels.size()
                    + " labels");
        }
    }

    private static Network filled(Vocabulary words, LabelVocabulary labels, Network n) {
        Objects.requireNonNull(n, "network");
        if (n.embedding() == 0) {
            throw new IllegalArgumentException("Classifier: the network has no embedding, but a classifier reads "
                    + "words; give .embedding(E)");
        }
        for (String[] what : new String[][] {{"vocabulary", "" + n.vocabulary(), "" + words.size()},
                {"classes", "" + n.classes(), "" + labels.size()}}) {
            if (!what[1].equals("0") && !what[1].equals(what[2])) {
                throw new IllegalArgumentException("Classifier: the network's " + what[0] + " is " + what[1]
                        + " but the data has " + what[2] + "; leave it at 0 to fill it in from the data");
            }
        }
        if (n.trigrams() > 0) {
            throw new IllegalArgumentException("Classifier: the network reads letter trigrams (trigrams "
                    + n.trigrams() + "), which a classifier does not feed its batches yet; leave trigrams at 0");
        }
        if (!n.features().isEmpty()) {
            throw new IllegalArgumentException("Classifier: the network reads feature columns (features "
                    + n.features() + "), which a classifier does not feed its batches; leave them out");
        }
        if (!n.cell().isRecurrent() && n.pooling() == Pooling.LAST) {
            throw new IllegalArgumentException("Classifier: a " + n.cell().label() + " body with last-state pooling "
                    + "sees only the last word; choose .pooling(Pooling.MEAN) (bag of words), MAX or ATTENTION");
        }
        return n.toBuilder().vocabulary(words.size()).classes(labels.size()).manyToOne().build();
    }

    /**
     * Builds the vocabulary (every word of the training data) and the label set (sorted), then the model from
     * {@code network} (e.g. {@code Classifier.networkBuilder().pooling(Pooling.ATTENTION).build()}).
     */
    public static Classifier create(List<Example> train, Network network) {
        if (train.isEmpty()) {
            throw new IllegalArgumentException("Classifier.create: no training sentences");
        }
        List<List<String>> sentences = new ArrayList<>();
        for (Example e : train) {
            sentences.add(e.tokens());
        }
        List<String> ls = new ArrayList<>(rnnlab.data.LabelledSentences.labels(train));
        Collections.sort(ls);
        return new Classifier(Vocabulary.build(sentences, Vocabulary.Settings.DEFAULT), LabelVocabulary.of(ls),
                network);
    }

    /**
     * The training batches of each epoch for {@link Trainer#fit(SequenceModel, BatchSource, List)}: the sentences'
     * word ids and class ids, shuffled with the epoch's seed ({@link BatchSource#labelled}).
     */
    public BatchSource trainingBatches(List<Example> train) {
        return BatchSource.labelled(train, words, labels);
    }

    /** Labelled sentences as padded batches in their order (for a dev set); every label must be known. */
    public List<Batch> batches(List<Example> examples) {
        List<Batch> out = new ArrayList<>();
        for (int from = 0; from < examples.size(); from += Tagger.EVAL_BATCH) {
            out.add(batch(examples.subList(from, Math.min(examples.size(), from + Tagger.EVAL_BATCH)), true));
        }
        return out;
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
                cls[r] = BatchSource.classOf(e, labels);
            }
        }
        return Batch.ofIdsForClasses(ids, len, cls);
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
        return "Classifier(" + (words.size() - 2) + " words, labels " + labels.labels() + ")\n  "
                + model.toString().replace("\n", "\n  ");
    }
}
