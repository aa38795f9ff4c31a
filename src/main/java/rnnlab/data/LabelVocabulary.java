package rnnlab.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Label &harr; id mapping for the output layer: one id per label, no padding entry and no unknown entry.
 *
 * <p>Order (deterministic, and readable in a confusion matrix): {@code O} first if present, then by chunk type
 * (the part after the first '-', alphabetically), and within a type the prefixes B, I, E, S, then anything else:
 * {@code O, B-arrive_date, I-arrive_date, B-dest, I-dest, …}. A label with no '-' has itself as its type.
 *
 * <p>A label that is not in the vocabulary is an error (at test time it means the model cannot produce that label):
 * {@link #id(String)} throws an exception naming the label and listing the known ones.
 */
public final class LabelVocabulary {
    /** The outside label of the IOB scheme. */
    public static final String OUTSIDE = "O";

    private final List<String> labels;
    private final Map<String, Integer> ids;

    private LabelVocabulary(List<String> labels) {
        this.labels = Collections.unmodifiableList(new ArrayList<>(labels));
        this.ids = new HashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            String l = labels.get(i);
            if (l == null || l.isEmpty()) {
                throw new IllegalArgumentException("label " + i + " is null or empty");
            }
            if (ids.put(l, i) != null) {
                throw new IllegalArgumentException("label '" + l + "' appears twice in " + labels);
            }
        }
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("a label vocabulary needs at least one label; was the data unlabelled?");
        }
    }

    /** All labels that occur in {@code labelSequences}, in the canonical order described above. */
    public static LabelVocabulary build(Iterable<? extends List<String>> labelSequences) {
        Set<String> seen = new LinkedHashSet<>();
        for (List<String> s : labelSequences) {
            seen.addAll(s);
        }
        List<String> sorted = new ArrayList<>(seen);
        sorted.sort(ORDER);
        return new LabelVocabulary(sorted);
    }

    /** The labels of a labelled dataset. */
    public static LabelVocabulary build(Dataset dataset) {
        if (!dataset.isLabeled()) {
            throw new IllegalArgumentException("cannot build a label vocabulary from " + dataset.name()
                    + ": it has unlabelled sentences");
        }
        return build(dataset.labelLists());
    }

    /** Exactly these labels in this order (e.g. read back from a saved model). */
    public static LabelVocabulary of(List<String> labelsInIdOrder) {
        return new LabelVocabulary(Objects.requireNonNull(labelsInIdOrder, "labelsInIdOrder"));
    }

    /** Exactly these labels in this order. */
    public static LabelVocabulary of(String... labelsInIdOrder) {
        return of(List.of(labelsInIdOrder));
    }

    /** The canonical label order: O first, then by type, then B, I, E, S, other prefixes, then the full string. */
    public static final Comparator<String> ORDER = Comparator
            .comparing((String l) -> !l.equals(OUTSIDE))
            .thenComparing(LabelVocabulary::typeOf)
            .thenComparingInt(LabelVocabulary::prefixRank)
            .thenComparing(Comparator.naturalOrder());

    private static String typeOf(String label) {
        int dash = label.indexOf('-');
        return dash < 0 ? label : label.substring(dash + 1);
    }

    private static int prefixRank(String label) {
        int dash = label.indexOf('-');
        if (dash < 0) {
            return -1;
        }
        switch (label.substring(0, dash)) {
            case "B": return 0;
            case "I": return 1;
            case "E": return 2;
            case "S": return 3;
            default: return 4;
        }
    }

    public int size() {
        return labels.size();
    }

    /** The id of {@code label}; throws if the label is unknown, naming it and listing the known labels. */
    public int id(String label) {
        if (label == null) {
            throw new IllegalArgumentException("the label is null; labels are strings such as " + labels);
        }
        Integer id = ids.get(label);
        if (id == null) {
            throw new IllegalArgumentException("unknown label '" + label + "': the label set has " + labels.size()
                    + " labels " + labels + ". Labels are fixed when a model is built; check the file's label"
                    + " column, or build the label vocabulary from data that contains '" + label + "'");
        }
        return id;
    }

    /** True if the label is known. */
    public boolean contains(String label) {
        return ids.containsKey(label);
    }

    /** The ids of a label sequence (throws on the first unknown label). */
    public int[] ids(List<String> labelSequence) {
        return labelSequence.stream().mapToInt(this::id).toArray();
    }

    public String label(int id) {
        if (id < 0 || id >= labels.size()) {
            throw new IndexOutOfBoundsException("label id " + id + " is outside 0.." + (labels.size() - 1)
                    + " (" + labels.size() + " labels)");
        }
        return labels.get(id);
    }

    /** The labels of a sequence of ids; stops at the first -1 (padding). */
    public List<String> labels(int[] ids) {
        List<String> out = new ArrayList<>(ids.length);
        for (int id : ids) {
            if (id == SentenceBatch.PAD_LABEL) {
                break;
            }
            out.add(label(id));
        }
        return out;
    }

    /** The labels of the first {@code length} ids, e.g. one row of a model's predictions {@code int[B][T]}. */
    public List<String> labels(int[] ids, int length) {
        if (length < 0 || length > ids.length) {
            throw new IllegalArgumentException("length " + length + " outside 0.." + ids.length);
        }
        List<String> out = new ArrayList<>(length);
        for (int t = 0; t < length; t++) {
            out.add(label(ids[t]));
        }
        return out;
    }

    /** Decodes a padded batch of label ids {@code int[B][T]} into B label lists of the given lengths. */
    public List<List<String>> labels(int[][] ids, int[] lengths) {
        if (ids.length != lengths.length) {
            throw new IllegalArgumentException(ids.length + " rows of ids but " + lengths.length + " lengths");
        }
        List<List<String>> out = new ArrayList<>(ids.length);
        for (int b = 0; b < ids.length; b++) {
            out.add(labels(ids[b], lengths[b]));
        }
        return out;
    }

    /** All labels in id order (unmodifiable). */
    public List<String> labels() {
        return labels;
    }

    @Override
    public String toString() {
        return "LabelVocabulary(" + labels.size() + " labels: " + labels + ")";
    }
}
