package rnnlab.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

import rnnlab.models.Batch;

/**
 * Where a {@link Trainer} gets the training batches of each epoch: any sequence model, any data.
 * <pre>
 *   BatchSource.classified(ids, classes)     sequences of word ids, one class each (many-to-one: sentiment, …)
 *   BatchSource.tagged(ids, labels)          sequences of word ids, a label per id (many-to-many: slot filling)
 *   BatchSource.labelled(examples, words, labels)   "label&lt;TAB&gt;text" sentences (a {@link Classifier}'s data)
 *   BatchSource.fixed(batches)               the same batches every epoch, in the same order
 *   (batchSize, seed) -> …                   your own: e.g. batches made from files, or generated on the fly
 * </pre>
 * A {@link Tagger} is trained on its {@link rnnlab.data.Dataset} directly ({@link Trainer#fit(Tagger,
 * rnnlab.data.Dataset, rnnlab.data.Dataset)}).
 */
@FunctionalInterface
public interface BatchSource {
    /**
     * The batches of one epoch, in the order to train on.
     *
     * @param batchSize sequences per batch ({@link Trainer.Settings#batchSize()}); the last batch may be smaller
     * @param seed      seed of this epoch's shuffling (the trainer passes settings seed + epoch)
     */
    List<Batch> batches(int batchSize, long seed);

    /** The given batches every epoch, in this order (batch size and seed are not used). */
    static BatchSource fixed(List<Batch> batches) {
        if (batches.isEmpty()) {
            throw new IllegalArgumentException("BatchSource.fixed: no batches");
        }
        List<Batch> copy = List.copyOf(batches);
        return (batchSize, seed) -> copy;
    }

    /**
     * Sequences of word ids with one class each (many-to-one), shuffled with the epoch's seed and padded to the
     * longest sequence of each batch (padding id 0).
     */
    static BatchSource classified(int[][] ids, int[] classes) {
        check(ids, classes.length, "classes");
        return (batchSize, seed) -> {
            List<Batch> out = new ArrayList<>();
            int[] order = shuffled(ids.length, seed);
            for (int from = 0; from < ids.length; from += batchSize) {
                int[] pick = java.util.Arrays.copyOfRange(order, from, Math.min(ids.length, from + batchSize));
                int[] c = new int[pick.length];
                for (int b = 0; b < pick.length; b++) {
                    c[b] = classes[pick[b]];
                }
                out.add(Batch.ofIdsForClasses(padded(ids, pick), lengths(ids, pick), c));
            }
            return out;
        };
    }

    /**
     * Labelled sentences ({@link rnnlab.data.LabelledSentences}) for a many-to-one model: each sentence's words as
     * ids of {@code words} (unknown words → {@link rnnlab.data.Vocabulary#OTHER_ID}), its label as a class id of
     * {@code labels}; then as {@link #classified}. A label that is not in {@code labels} is an error naming it.
     */
    static BatchSource labelled(List<rnnlab.data.LabelledSentences.Example> examples, rnnlab.data.Vocabulary words,
                                rnnlab.data.LabelVocabulary labels) {
        Objects.requireNonNull(examples, "examples");
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("BatchSource.labelled: no sentences");
        }
        int[][] ids = new int[examples.size()][];
        int[] classes = new int[examples.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = words.ids(examples.get(i).tokens());
            classes[i] = classOf(examples.get(i), labels);
        }
        return classified(ids, classes);
    }

    /** The class id of an example's label, or an error naming the label, the sentence and the known labels. */
    static int classOf(rnnlab.data.LabelledSentences.Example e, rnnlab.data.LabelVocabulary labels) {
        if (!labels.contains(e.label())) {
            throw new IllegalArgumentException("label '" + e.label() + "' of \"" + e.text() + "\" is not one of "
                    + "the labels the classifier was built with " + labels.labels() + "; train on data that has it");
        }
        return labels.id(e.label());
    }

    /**
     * Sequences of word ids with a label per id (many-to-many), shuffled with the epoch's seed and padded to the
     * longest sequence of each batch (padding id 0, padding label −1).
     */
    static BatchSource tagged(int[][] ids, int[][] labels) {
        check(ids, labels.length, "label rows");
        for (int i = 0; i < ids.length; i++) {
            if (labels[i].length != ids[i].length) {
                throw new IllegalArgumentException("BatchSource.tagged: sequence " + i + " has " + ids[i].length
                        + " ids but " + labels[i].length + " labels");
            }
        }
        return (batchSize, seed) -> {
            List<Batch> out = new ArrayList<>();
            int[] order = shuffled(ids.length, seed);
            for (int from = 0; from < ids.length; from += batchSize) {
                int[] pick = java.util.Arrays.copyOfRange(order, from, Math.min(ids.length, from + batchSize));
                int[][] l = padded(labels, pick);
                int[] len = lengths(ids, pick);
                for (int b = 0; b < pick.length; b++) {
                    java.util.Arrays.fill(l[b], len[b], l[b].length, -1);
                }
                out.add(Batch.ofIds(padded(ids, pick), len, l));
            }
            return out;
        };
    }

    private static void check(int[][] ids, int n, String what) {
        Objects.requireNonNull(ids, "ids");
        if (ids.length == 0) {
            throw new IllegalArgumentException("BatchSource: no sequences");
        }
        if (n != ids.length) {
            throw new IllegalArgumentException("BatchSource: " + ids.length + " sequences but " + n + " " + what);
        }
        for (int i = 0; i < ids.length; i++) {
            if (ids[i].length == 0) {
                throw new IllegalArgumentException("BatchSource: sequence " + i + " is empty");
            }
        }
    }

    private static int[] shuffled(int n, long seed) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    private static int[] lengths(int[][] seqs, int[] pick) {
        int[] len = new int[pick.length];
        for (int b = 0; b < pick.length; b++) {
            len[b] = seqs[pick[b]].length;
        }
        return len;
    }

    private static int[][] padded(int[][] seqs, int[] pick) {
        int t = 0;
        for (int i : pick) {
            t = Math.max(t, seqs[i].length);
        }
        int[][] out = new int[pick.length][t];
        for (int b = 0; b < pick.length; b++) {
            System.arraycopy(seqs[pick[b]], 0, out[b], 0, seqs[pick[b]].length);
        }
        return out;
    }
}
