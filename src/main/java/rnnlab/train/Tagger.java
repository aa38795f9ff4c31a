package rnnlab.train;

import java.util.ArrayList;
import java.util.List;

import rnnlab.core.Matrix;
import rnnlab.data.Dataset;
import rnnlab.data.LabelVocabulary;
import rnnlab.data.Sentence;
import rnnlab.data.Vocabulary;
import rnnlab.data.WordVectors;
import rnnlab.eval.ChunkEval;
import rnnlab.models.Batch;
import rnnlab.models.Network;
import rnnlab.models.SequenceModel;
import rnnlab.structured.ValidIob;

/**
 * A slot-filling tagger: word vocabulary + label vocabulary + network, everything needed to go from words to labels.
 * <pre>
 *   var splits = SlotFillingCorpus.splits(2000, 300, 500, 7);
 *   Tagger tagger = Tagger.create(splits.train(), Network.builder().cell(Network.Cell.LSTM).build());  // untrained
 *   new Trainer(Trainer.Settings.defaults()).fit(tagger, splits.train(), splits.dev());
 *   tagger.tag(List.of("leave", "Taipei", "on", "Friday"))   →  [O, B-depart, O, B-depart_date]
 *   tagger.evaluate(splits.test()).f1()
 * </pre>
 * Save and load it with {@link rnnlab.io.ModelFile}.
 *
 * <p>Feature columns: when the training sentences carry feature columns (a CoNLL file {@code word POS chunk}: the
 * columns between word and label), {@link #create} gives each column its own vocabulary ({@link #featureValues()})
 * and table of vectors, read besides the words; tagging then needs the same columns (tag a {@link Dataset} whose
 * sentences carry them). {@code data.withoutFeatures()} trains on the words alone.
 */
public final class Tagger extends WordLabelModel {
    /** Vocabulary settings used by {@link #create(Dataset, Network)}: words seen once map to "other". */
    public static final Vocabulary.Settings DEFAULT_VOCABULARY = Vocabulary.Settings.minCount(2);
    /** Sentences per forward pass when tagging or evaluating. */
    public static final int EVAL_BATCH = 64;

    /**
     * A tagger from its parts (e.g. when a saved model is loaded): a many-to-many {@code model} with an embedding of
     * {@code words.size()} rows and {@code labels.size()} outputs, normally built by {@link Network#model()}.
     */
    public Tagger(Vocabulary words, LabelVocabulary labels, SequenceModel model) {
        this(words, List.of(), labels, model);
    }

    /** The value vocabularies of the feature columns the model reads, one per column ({@code <other>} for unseen). */
    private final List<Vocabulary> featureValues;

    /**
     * A tagger whose model also reads feature columns: {@code featureValues.get(c)} maps column c's values to the
     * rows of the model's {@code feature.c.E}.
     */
    public Tagger(Vocabulary words, List<Vocabulary> featureValues, LabelVocabulary labels, SequenceModel model) {
        super(words, labels, model);
        this.featureValues = List.copyOf(featureValues);
        if (this.featureValues.size() != model.featureColumns()) {
            throw new IllegalArgumentException("Tagger: the network reads " + model.featureColumns() + " feature "
                    + "columns but " + this.featureValues.size() + " value vocabularies were given; give one per "
                    + "column");
        }
        for (int c = 0; c < model.featureColumns(); c++) {
            if (model.feature(c).vocabularySize() != this.featureValues.get(c).size()) {
                throw new IllegalArgumentException("Tagger: feature column " + c + "'s table has "
                        + model.feature(c).vocabularySize() + " rows but its vocabulary has "
                        + this.featureValues.get(c).size() + " entries");
            }
        }
        if (model.kind() != SequenceModel.Kind.MANY_TO_MANY) {
            throw new IllegalArgumentException("Tagger: a tagger needs a label per word (many-to-many), but the model "
                    + "is many-to-one; train a classifier with Trainer.fit(model, batches, devBatches)");
        }
        if (model.classes() != labels.size()) {
            throw new IllegalArgumentException("Tagger: the network has " + model.classes() + " outputs but there are "
                    + labels.size() + " labels");
        }
        if (model.embedding() == null || model.embedding().vocabularySize() != words.size()) {
            throw new IllegalArgumentException("Tagger: the network's embedding has "
                    + (model.embedding() == null ? "no" : model.embedding().vocabularySize())
                    + " rows but the vocabulary has " + words.size() + " entries");
        }
        if (model.network() != null && model.network().iobConstraints() && model.crf() != null && !sameRules(model.crf(),
                new rnnlab.structured.Crf(labels.size()).forbidInvalidIob(labels.labels()))) {
            throw new IllegalArgumentException("Tagger: the CRF layer's IOB constraints were made for other label "
                    + "names than " + labels.labels() + "; build the model with network.model(labels.labels())");
        }
    }

    private static boolean sameRules(rnnlab.structured.Crf a, rnnlab.structured.Crf b) {
        for (int i = 0; i < b.labels(); i++) {
            if (a.isAllowedFirst(i) != b.isAllowedFirst(i)) {
                return false;
            }
            for (int j = 0; j < b.labels(); j++) {
                if (a.isAllowed(i, j) != b.isAllowed(i, j)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * An untrained tagger for the words and labels of {@code train} ({@link #DEFAULT_VOCABULARY}); the network's
     * vocabulary size and classes are set from the data.
     */
    public static Tagger create(Dataset train, Network network) {
        return create(train, network, DEFAULT_VOCABULARY);
    }

    /** An untrained tagger; the vocabulary is built from {@code train} with {@code vocabulary} settings. */
    public static Tagger create(Dataset train, Network network, Vocabulary.Settings vocabulary) {
        if (train.isEmpty()) {
            throw new IllegalArgumentException("Tagger: the training data " + train.name() + " has no sentences");
        }
        if (!train.isLabeled()) {
            throw new IllegalArgumentException("Tagger: the training data " + train.name()
                    + " has unlabelled sentences; every token needs a label");
        }
        Vocabulary w = Vocabulary.build(train, vocabulary);
        LabelVocabulary l = LabelVocabulary.build(train);
        int C = train.featureColumns();
        List<Vocabulary> values = new ArrayList<>(C);
        List<Network.Feature> features = new ArrayList<>(C);
        for (int c = 0; c < C; c++) {
            List<List<String>> column = new ArrayList<>(train.size());
            for (Sentence s : train) {
                column.add(s.features().get(c));
            }
            // the words' minimum count (rare values share <other>, which is then trained); values as written
            Vocabulary v = Vocabulary.build(column, Vocabulary.Settings.minCount(vocabulary.minCount()));
            values.add(v);
            features.add(network.features().size() == C ? new Network.Feature(v.size(),
                    network.features().get(c).size()) : Network.Feature.sized(v.size()));
        }
        if (network.output() != SequenceModel.Kind.MANY_TO_MANY) {
            throw new IllegalArgumentException("Tagger: a tagger needs a label per word; the network is "
                    + network.output() + " (drop .manyToOne())");
        }
        if (network.embedding() == 0) {
            throw new IllegalArgumentException("Tagger: a tagger reads word ids through an embedding; the network "
                    + "has embedding 0 (give .embedding(E))");
        }
        Network n = network.toBuilder().vocabulary(w.size()).classes(l.size()).features(features).build();
        if (n.iobConstraints()) {
            requireIob2(train);
        }
        return new Tagger(w, values, l, n.model(l.labels()));
    }

    /**
     * Refuses, before any training, data whose gold labels break the IOB constraints (I-x after O or after another
     * type, or first): a CRF that forbids them cannot score such a sentence.
     */
    private static void requireIob2(Dataset train) {
        for (int i = 0; i < train.size(); i++) {
            Sentence s = train.get(i);
            int t = ValidIob.firstBreak(s.labels());
            if (t >= 0) {
                String y = s.label(t), prev = t == 0 ? null : s.label(t - 1);
                throw new IllegalArgumentException("Tagger: sentence " + (i + 1) + " of " + train.name()
                        + " has " + y + (prev == null ? " as its first label" : " after " + prev + " (word "
                        + (t + 1) + ")") + ", which the IOB constraints forbid; the labels are not IOB2 "
                        + "(a chunk starts with B-), so convert them or train without the IOB constraints");
            }
        }
    }

    /**
     * Starts the word vectors from pretrained ones (word2vec or GloVe, {@link WordVectors}): row E[w] of every
     * vocabulary word that has a vector (as written, else lower-cased) is set to it; every other row (words without a
     * vector and {@code <other>}) is drawn anew, uniform in ±√3·σ with σ the standard deviation of the pretrained
     * values, so known and unknown words start on the same scale. The vectors are trained further like any weight.
     * The embedding size must equal the vectors' dimension (build the network with {@code .embedding(d)}).
     *
     * @param train the training data, to count the training tokens that are covered
     * @return how many words and training tokens have a pretrained vector
     */
    public WordVectors.Coverage useVectors(WordVectors vectors, Dataset train) {
        rnnlab.core.Matrix E = model.embedding().E.value;
        if (E.cols != vectors.dimension()) {
            throw new IllegalArgumentException("Tagger.useVectors: " + vectors.source() + " has "
                    + vectors.dimension() + " values per word but the network's embedding has " + E.cols
                    + "; build it with .embedding(" + vectors.dimension() + ") (CLI: leave out --embedding)");
        }
        int exact = 0, lower = 0;
        boolean[] found = new boolean[words.size()];
        double sum = 0, sumSq = 0;
        long n = 0;
        for (int id = Vocabulary.OTHER_ID + 1; id < words.size(); id++) {
            String w = words.token(id);
            double[] v = vectors.vectors().get(w);
            if (v != null) {
                exact++;
            } else if ((v = vectors.lookUp(w)) != null) {
                lower++;
            }
            if (v != null) {
                found[id] = true;
                System.arraycopy(v, 0, E.data[id], 0, v.length);
                for (double x : v) {
                    sum += x;
                    sumSq += x * x;
                    n++;
                }
            }
        }
        double mean = n == 0 ? 0 : sum / n;
        double sd = n < 2 ? 0.1 : Math.sqrt(Math.max(0, sumSq / n - mean * mean));
        java.util.SplittableRandom rng = new java.util.SplittableRandom(model.network() == null ? 0
                : model.network().seed() + 2);
        double a = Math.sqrt(3) * sd;
        for (int id = Vocabulary.OTHER_ID; id < words.size(); id++) {
            if (!found[id]) {
                for (int j = 0; j < E.cols; j++) {
                    E.data[id][j] = (2 * rng.nextDouble() - 1) * a;
                }
            }
        }
        long tokens = 0, covered = 0;
        for (Sentence sentence : train) {
            for (String t : sentence.tokens()) {
                tokens++;
                int id = words.id(t);
                covered += id > Vocabulary.OTHER_ID && found[id] ? 1 : 0;
            }
        }
        return new WordVectors.Coverage(words.size() - 2, exact, lower, tokens, covered);
    }

    /** The value vocabularies of the feature columns the network reads (empty when it reads words only). */
    public List<Vocabulary> featureValues() {
        return featureValues;
    }

    /** Refuses a words-only call on a tagger that also reads feature columns. */
    private void requireNoFeatures(String call) {
        if (!featureValues.isEmpty()) {
            throw new IllegalArgumentException("Tagger." + call + ": this tagger also reads " + featureValues.size()
                    + " feature column" + (featureValues.size() == 1 ? "" : "s") + " besides the words (trained on "
                    + "CoNLL lines 'word feature… label'), which a list of words does not have; give sentences "
                    + "that carry them (Sentence.withFeatures): tag(sentence), probabilities(sentence), trace(sentence), "
                    + "tag(dataset) or evaluate(dataset)");
        }
    }

    /** The labels of one sentence, read with its feature columns if the tagger uses them (its labels are ignored). */
    public List<String> tag(Sentence sentence) {
        return tag(Dataset.of("input", List.of(sentence))).get(0);
    }

    /**
     * The slot probabilities of every word of one sentence, {@code [T][K]}, read with its feature columns if the
     * tagger uses them ({@link #probabilities(List)} for words alone).
     */
    public double[][] probabilities(Sentence sentence) {
        Matrix[] probs = model.probabilities(oneSentence(sentence));
        double[][] out = new double[sentence.length()][];
        for (int t = 0; t < out.length; t++) {
            out[t] = probs[t].rowCopy(0);
        }
        return out;
    }

    /** {@link #trace(List)} of one sentence, read with its feature columns if the tagger uses them. */
    public rnnlab.models.Trace trace(Sentence sentence) {
        return model.trace(oneSentence(sentence), sentence.tokens());
    }

    /** The batch of one sentence with every input the network reads (word ids, trigrams, feature columns). */
    private Batch oneSentence(Sentence sentence) {
        Dataset data = Dataset.of("input", List.of(sentence.withoutLabels()));
        rnnlab.data.SentenceBatch b = data.batches(1, words, null).get(0);
        return withInputs(Batch.ofIds(b.ids(), b.lengths(), null), data, b);
    }

    /** The labels of one sentence (an empty list for no tokens). */
    public List<String> tag(List<String> tokens) {
        if (tokens.isEmpty()) {
            return List.of();
        }
        return tagAll(List.of(tokens)).get(0);
    }

    /**
     * The slot probabilities of every word of one sentence: {@code [T][K]}, column k is {@code labels().label(k)}.
     * (What the lecture's p.6–7 pictures show: one probability per slot for each word.)
     */
    public double[][] probabilities(List<String> tokens) {
        requireNoFeatures("probabilities");
        if (tokens.isEmpty()) {
            return new double[0][];
        }
        rnnlab.data.SentenceBatch b = Dataset.of("input", List.of(Sentence.unlabeled(tokens)))
                .batches(1, words, null).get(0);
        Batch batch = withTrigrams(Batch.ofIds(b.ids(), b.lengths(), null), List.of(tokens));
        if (model.direct() != null) {
            batch = batch.withDirect(model.direct().hashing()
                    .batch(List.of(Sentence.unlabeled(tokens)), 0, batch.steps()));
        }
        Matrix[] probs = model.probabilities(batch);
        double[][] out = new double[tokens.size()][];
        for (int t = 0; t < out.length; t++) {
            out[t] = probs[t].rowCopy(0);
        }
        return out;
    }

    /**
     * What the network computes for one sentence: an immutable {@link rnnlab.models.Trace} of every cell's states
     * and gates and the slot probabilities, labelled with the words ({@code tagger.trace(words).layer(0)
     * .series("h", 0)} for the hidden states over time).
     */
    public rnnlab.models.Trace trace(List<String> tokens) {
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("Tagger.trace: give at least one word");
        }
        requireNoFeatures("trace");
        rnnlab.data.SentenceBatch b = Dataset.of("input", List.of(Sentence.unlabeled(tokens)))
                .batches(1, words, null).get(0);
        return model.trace(b.ids()[0], tokens);
    }

    /** The labels of many sentences, computed {@value #EVAL_BATCH} at a time. */
    public List<List<String>> tagAll(List<? extends List<String>> sentences) {
        requireNoFeatures("tagAll");
        List<Sentence> list = new ArrayList<>(sentences.size());
        for (List<String> s : sentences) {
            list.add(Sentence.unlabeled(s));
        }
        return run(Dataset.of("input", list), false).predicted();
    }

    /** The labels of every sentence of {@code data} (its own labels, if any, are ignored). */
    public List<List<String>> tag(Dataset data) {
        return run(data, false).predicted();
    }

    /**
     * Tags {@code gold} and scores the result: mean cross-entropy per token and conlleval's chunk scores. Gold
     * labels the tagger does not know count as errors and are left out of the loss.
     */
    public Evaluation evaluate(Dataset gold) {
        if (!gold.isLabeled()) {
            throw new IllegalArgumentException("Tagger.evaluate: " + gold.name() + " has unlabelled sentences");
        }
        return run(gold, true);
    }

    private Evaluation run(Dataset data, boolean score) {
        List<List<String>> predicted = new ArrayList<>(data.size());
        double loss = 0;
        long counted = 0;
        for (rnnlab.data.SentenceBatch b : data.batches(EVAL_BATCH, words, null)) {
            Batch batch = withInputs(Batch.ofIds(b.ids(), b.lengths(), null), data, b);
            // with a CRF layer the labels are the Viterbi path (the best sequence), the probabilities its marginals
            int[][] viterbi = model.crf() != null ? model.predict(batch) : null;
            Matrix[] probs = model.probabilities(batch);
            ValidIob iob = viterbi == null ? validIob() : null;
            for (int k = 0; k < b.size(); k++) {
                Sentence s = data.get(b.indices()[k]);
                List<String> out = new ArrayList<>(s.length());
                int[] path = null;
                if (iob != null) {     // without a CRF layer: the most probable sequence that keeps IOB2's rules
                    double[][] rows = new double[s.length()][];
                    for (int t = 0; t < rows.length; t++) {
                        rows[t] = probs[t].data[k];
                    }
                    path = iob.decode(rows, rows.length);
                }
                for (int t = 0; t < s.length(); t++) {
                    double[] p = probs[t].data[k];
                    out.add(labels.label(viterbi != null ? viterbi[k][t] : path != null ? path[t] : argmax(p)));
                    if (score && labels.contains(s.label(t))) {
                        loss -= Math.log(Math.max(p[labels.id(s.label(t))], Double.MIN_NORMAL));
                        counted++;
                    }
                }
                predicted.add(List.copyOf(out));
            }
        }
        if (!score) {
            return new Evaluation(data, predicted, Double.NaN, null);
        }
        return new Evaluation(data, predicted, counted == 0 ? Double.NaN : loss / counted,
                ChunkEval.evaluate(data, predicted));
    }

    private ValidIob validIob;

    /** The IOB2 decoder when the network asks for it ({@code iobConstraints}) and has no CRF layer, else null. */
    private ValidIob validIob() {
        boolean on = model.network() != null && model.network().iobConstraints();
        if (on && validIob == null) {
            validIob = new ValidIob(labels.labels());
        }
        return on ? validIob : null;
    }

    private static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    /** A training batch for the network: word ids, lengths and label ids (−1 at padding). */
    Batch trainingBatch(rnnlab.data.SentenceBatch b) {
        return Batch.ofIds(b.ids(), b.lengths(), b.labels());
    }

    /**
     * A training batch of sentences of {@code data}, with their letter trigrams and feature columns if the network
     * reads them.
     */
    Batch trainingBatch(rnnlab.data.SentenceBatch b, Dataset data) {
        return withInputs(Batch.ofIds(b.ids(), b.lengths(), b.labels()), data, b);
    }

    /**
     * {@code batch} with the trigrams, the feature-column value ids and the direct features of its sentences, if the
     * network reads them.
     */
    private Batch withInputs(Batch batch, Dataset data, rnnlab.data.SentenceBatch b) {
        return withDirect(withFeatures(withTrigrams(batch, data, b), data, b), data, b);
    }

    /**
     * {@code batch} with the hashed sparse features of its sentences (their words and the feature columns this
     * tagger reads) if the network connects them to its scores.
     */
    private Batch withDirect(Batch batch, Dataset data, rnnlab.data.SentenceBatch b) {
        if (model.direct() == null) {
            return batch;
        }
        List<Sentence> sentences = new ArrayList<>(b.size());
        for (int i : b.indices()) {
            sentences.add(data.get(i));
        }
        return batch.withDirect(hashed().batch(sentences, featureValues.size(), batch.steps()));
    }

    private rnnlab.data.HashedFeatures hashed;

    private rnnlab.data.HashedFeatures hashed() {
        if (hashed == null) {
            hashed = model.direct().hashing();
        }
        return hashed;
    }

    /** {@code batch} with the value ids of the sentences' feature columns (0 at padding) if the network reads them. */
    private Batch withFeatures(Batch batch, Dataset data, rnnlab.data.SentenceBatch b) {
        int C = featureValues.size();
        if (C == 0) {
            return batch;
        }
        int T = batch.steps();
        int[][][] ids = new int[C][b.size()][T];
        for (int k = 0; k < b.size(); k++) {
            int index = b.indices()[k];
            Sentence s = data.get(index);
            if (s.featureColumns() != C) {
                throw new IllegalArgumentException("Tagger: sentence " + (index + 1) + " of " + data.name() + " (\""
                        + rnnlab.io.Quote.cut(s.text()) + "\") has " + s.featureColumns() + " feature column"
                        + (s.featureColumns() == 1 ? "" : "s") + " but this tagger reads " + C + " (CoNLL lines "
                        + "'word feature… label' with " + C + " feature column" + (C == 1 ? "" : "s")
                        + "); give the data the columns it was trained with");
            }
            for (int c = 0; c < C; c++) {
                Vocabulary v = featureValues.get(c);
                List<String> column = s.features().get(c);
                for (int t = 0; t < column.size(); t++) {
                    ids[c][k][t] = v.id(column.get(t));
                }
            }
        }
        return batch.withFeatures(ids);
    }

    /** {@code batch} with the letter trigrams of the words (as written) if the network reads them. */
    private Batch withTrigrams(Batch batch, Dataset data, rnnlab.data.SentenceBatch b) {
        if (model.trigrams() == null) {
            return batch;
        }
        List<List<String>> tokens = new ArrayList<>(b.size());
        for (int i : b.indices()) {
            tokens.add(data.get(i).tokens());
        }
        return withTrigrams(batch, tokens);
    }

    private Batch withTrigrams(Batch batch, List<? extends List<String>> tokens) {
        return model.trigrams() == null ? batch
                : batch.withTrigrams(rnnlab.layers.TrigramEmbedding.of(tokens, batch.steps()));
    }

    @Override
    public String toString() {
        return "Tagger(" + (model.network() != null ? model.network() : "network assembled by hand") + ", words="
                + words.size() + ", labels=" + labels.size() + ", params="
                + model.params().count() + ")";
    }
}
