package rnnlab.data;

import rnnlab.core.Html;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;

import rnnlab.core.HtmlRenderable;

/**
 * An immutable, named list of {@link Sentence}s with seeded shuffling and batching.
 *
 * <pre>
 *   Dataset train = SlotFillingCorpus.generate(1000, 42);
 *   Vocabulary words = Vocabulary.build(train, Vocabulary.Settings.DEFAULT);
 *   LabelVocabulary labels = LabelVocabulary.build(train);
 *   for (SentenceBatch b : train.shuffled(epochSeed).batches(16, words, labels)) { … b.ids() [16][T] … }
 * </pre>
 */
public final class Dataset implements Iterable<Sentence>, HtmlRenderable {
    private final String name;
    private final List<Sentence> sentences;

    private Dataset(String name, List<Sentence> sentences) {
        this.name = Objects.requireNonNull(name, "name");
        this.sentences = Collections.unmodifiableList(new ArrayList<>(sentences));
        for (int i = 0; i < this.sentences.size(); i++) {
            Objects.requireNonNull(this.sentences.get(i), () -> "sentence is null");
        }
    }

    /** A dataset with a name (shown in messages and tables). */
    public static Dataset of(String name, List<Sentence> sentences) {
        return new Dataset(name, sentences);
    }

    /** A dataset called "data". */
    public static Dataset of(List<Sentence> sentences) {
        return new Dataset("data", sentences);
    }

    public String name() {
        return name;
    }

    /** The same sentences under another name. */
    public Dataset withName(String newName) {
        return new Dataset(newName, sentences);
    }

    /** Number of sentences. */
    public int size() {
        return sentences.size();
    }

    public boolean isEmpty() {
        return sentences.isEmpty();
    }

    public Sentence get(int i) {
        return sentences.get(i);
    }

    /** The sentences (unmodifiable). */
    public List<Sentence> sentences() {
        return sentences;
    }

    @Override
    public Iterator<Sentence> iterator() {
        return sentences.iterator();
    }

    public Stream<Sentence> stream() {
        return sentences.stream();
    }

    /** True if every sentence is labelled (an empty dataset counts as labelled). */
    public boolean isLabeled() {
        for (Sentence s : sentences) {
            if (!s.isLabeled()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Number of feature columns of the sentences (the columns between token and label of a CoNLL file; 0 for none or
     * an empty dataset). A file's lines all have the same columns, so its sentences agree; sentences that do not
     * are an error naming the first one that differs.
     */
    public int featureColumns() {
        int n = sentences.isEmpty() ? 0 : sentences.get(0).featureColumns();
        for (int i = 1; i < sentences.size(); i++) {
            if (sentences.get(i).featureColumns() != n) {
                throw new IllegalArgumentException(name + ": sentence " + (i + 1) + " has "
                        + sentences.get(i).featureColumns() + " feature columns but sentence 1 has " + n
                        + "; every sentence needs the same columns");
            }
        }
        return n;
    }

    /** The same sentences without their feature columns (what a tagger that ignores them sees). */
    public Dataset withoutFeatures() {
        List<Sentence> out = new ArrayList<>(sentences.size());
        for (Sentence s : sentences) {
            out.add(s.withoutFeatures());
        }
        return new Dataset(name, out);
    }

    /** Total number of tokens. */
    public int tokenCount() {
        int n = 0;
        for (Sentence s : sentences) {
            n += s.length();
        }
        return n;
    }

    /** The token list of every sentence (for {@link Vocabulary#build}). */
    public List<List<String>> tokenLists() {
        List<List<String>> out = new ArrayList<>(sentences.size());
        for (Sentence s : sentences) {
            out.add(s.tokens());
        }
        return out;
    }

    /** The label list of every sentence (empty lists for unlabelled sentences). */
    public List<List<String>> labelLists() {
        List<List<String>> out = new ArrayList<>(sentences.size());
        for (Sentence s : sentences) {
            out.add(s.labels());
        }
        return out;
    }

    /** How often each label occurs, in {@link LabelVocabulary#ORDER}. */
    public Map<String, Integer> labelCounts() {
        Map<String, Integer> counts = new TreeMap<>(LabelVocabulary.ORDER);
        for (Sentence s : sentences) {
            for (String l : s.labels()) {
                counts.merge(l, 1, Integer::sum);
            }
        }
        return Collections.unmodifiableMap(new LinkedHashMap<>(counts));
    }

    /** Sentences {@code from} (inclusive) to {@code to} (exclusive) as a new dataset. */
    public Dataset subset(int from, int to) {
        if (from < 0 || to > size() || from > to) {
            throw new IndexOutOfBoundsException("subset(" + from + ", " + to + ") of " + name + " with " + size()
                    + " sentences");
        }
        return new Dataset(name, sentences.subList(from, to));
    }

    /**
     * The same sentences in a random order that depends only on {@code seed} (Fisher–Yates with
     * {@link SplittableRandom}). Use a different seed per epoch, e.g. {@code baseSeed + epoch}.
     */
    public Dataset shuffled(long seed) {
        List<Sentence> copy = new ArrayList<>(sentences);
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = copy.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            Sentence tmp = copy.get(i);
            copy.set(i, copy.get(j));
            copy.set(j, tmp);
        }
        return new Dataset(name, copy);
    }

    /**
     * The same sentences shuffled with {@code seed} and then arranged so that each run of {@code batchSize}
     * sentences has similar lengths: every {@value #BUCKET_BATCHES} batches' worth of shuffled sentences is sorted
     * by length and cut into batches, and the batches are put in a random order. A batch is padded to its longest
     * sentence, so on real corpora (lengths 1 to 70 words) random batches are about twice as long as their words;
     * these are within a few per cent. Training on them (see {@link #batches}) therefore costs about half as much
     * per epoch, while every epoch still sees different batches in a different order.
     */
    public Dataset shuffledForBatches(long seed, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
        }
        List<Sentence> order = shuffled(seed).sentences;
        if (order.isEmpty()) {
            return this;
        }
        List<List<Sentence>> blocks = new ArrayList<>();
        int bucket = batchSize * BUCKET_BATCHES;
        for (int from = 0; from < order.size(); from += bucket) {
            List<Sentence> chunk = new ArrayList<>(order.subList(from, Math.min(order.size(), from + bucket)));
            chunk.sort(java.util.Comparator.comparingInt(Sentence::length));      // stable: ties keep the shuffle
            for (int b = 0; b < chunk.size(); b += batchSize) {
                blocks.add(chunk.subList(b, Math.min(chunk.size(), b + batchSize)));
            }
        }
        // Buckets hold whole batches, so only the last block can be short; it stays last, where batches() cuts it.
        int full = blocks.get(blocks.size() - 1).size() < batchSize ? blocks.size() - 1 : blocks.size();
        SplittableRandom random = new SplittableRandom(~seed);
        for (int i = full - 1; i > 0; i--) {
            java.util.Collections.swap(blocks, i, random.nextInt(i + 1));
        }
        List<Sentence> out = new ArrayList<>(order.size());
        blocks.forEach(out::addAll);
        return new Dataset(name, out);
    }

    /** Batches per length bucket of {@link #shuffledForBatches}. */
    public static final int BUCKET_BATCHES = 50;

    /**
     * Cuts the dataset, in its current order, into batches of {@code batchSize} sentences (the last may be smaller).
     *
     * @param labels the label ids; may be null for unlabelled data, then every label is {@link SentenceBatch#PAD_LABEL}
     * @throws IllegalArgumentException if a labelled sentence has a label that {@code labels} does not know; the
     *                                  message names the label, the sentence and the position
     */
    public List<SentenceBatch> batches(int batchSize, Vocabulary words, LabelVocabulary labels) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
        }
        List<SentenceBatch> out = new ArrayList<>((size() + batchSize - 1) / batchSize);
        for (int from = 0; from < size(); from += batchSize) {
            out.add(batch(from, Math.min(size(), from + batchSize), words, labels));
        }
        return out;
    }

    /** One batch made of sentences {@code from} (inclusive) to {@code to} (exclusive). */
    public SentenceBatch batch(int from, int to, Vocabulary words, LabelVocabulary labels) {
        Objects.requireNonNull(words, "words");
        if (from < 0 || to > size() || from > to) {
            throw new IndexOutOfBoundsException("batch(" + from + ", " + to + ") of " + name + " with " + size()
                    + " sentences");
        }
        int b = to - from;
        int maxLength = 0;
        for (int i = from; i < to; i++) {
            maxLength = Math.max(maxLength, sentences.get(i).length());
        }
        int[][] ids = new int[b][maxLength];
        int[][] labelIds = new int[b][maxLength];
        int[] lengths = new int[b];
        int[] indices = new int[b];
        for (int k = 0; k < b; k++) {
            Sentence s = sentences.get(from + k);
            lengths[k] = s.length();
            indices[k] = from + k;
            Arrays.fill(ids[k], Vocabulary.PAD_ID);
            Arrays.fill(labelIds[k], SentenceBatch.PAD_LABEL);
            for (int t = 0; t < s.length(); t++) {
                ids[k][t] = words.id(s.token(t));
                if (labels != null && s.isLabeled()) {
                    String label = s.label(t);
                    if (!labels.contains(label)) {
                        throw new IllegalArgumentException("unknown label '" + label + "' in " + name + ", sentence "
                                + (from + k) + " (\"" + s.text() + "\"), token " + t + " ('" + s.token(t)
                                + "'): the label set has " + labels.size() + " labels " + labels.labels());
                    }
                    labelIds[k][t] = labels.id(label);
                }
            }
        }
        return new SentenceBatch(ids, lengths, labelIds, indices);
    }

    /** Counts, length statistics and label frequencies. */
    public DatasetSummary summary() {
        return DatasetSummary.of(this);
    }

    /** The counts and the first few sentences, each drawn with its labels under the tokens. */
    @Override
    public String toHtml() {
        StringBuilder sb = new StringBuilder("<div class=\"rnnlab-dataset\"><p><b>").append(Html.escape(name))
                .append("</b>: ").append(size()).append(" sentences, ").append(tokenCount()).append(" tokens</p>");
        int shown = Math.min(5, size());
        for (int i = 0; i < shown; i++) {
            sb.append(get(i).toHtml());
        }
        if (size() > shown) {
            sb.append("<p>… ").append(size() - shown).append(" more</p>");
        }
        return sb.append("</div>").toString();
    }

    @Override
    public String toString() {
        return "Dataset(" + name + ": " + size() + " sentences, " + tokenCount() + " tokens, "
                + (isLabeled() ? labelCounts().size() + " labels" : "unlabelled") + ")";
    }
}
