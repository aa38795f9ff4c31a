package rnnlab.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import rnnlab.core.HtmlRenderable;
import rnnlab.core.TextTable;

/**
 * One utterance: its tokens and, if labelled, one label per token (an empty label list means unlabelled).
 *
 * <pre>
 *   Sentence s = Sentence.parse("arrive Taipei on November 2nd", "O B-dest O B-arrive_date I-arrive_date");
 *   s.toString()  -&gt;  "arrive/O Taipei/B-dest on/O November/B-arrive_date 2nd/I-arrive_date"
 * </pre>
 *
 * A CoNLL line {@code word [feature columns…] label} gives a sentence with feature columns (e.g. the part-of-speech
 * tags of CoNLL-2000 {@code word POS chunk}): {@code features.get(c).get(t)} is column c's value at token t. A
 * {@link rnnlab.train.Tagger} reads them as extra inputs (docs/design-notes.md "Feature columns").
 *
 * @param tokens   the words, at least one, none null or empty
 * @param labels   one label per token, or empty for an unlabelled sentence
 * @param features feature columns, each with one non-empty value per token; empty when there are none
 */
public record Sentence(List<String> tokens, List<String> labels, List<List<String>> features)
        implements HtmlRenderable {

    /** A sentence without feature columns. */
    public Sentence(List<String> tokens, List<String> labels) {
        this(tokens, labels, List.of());
    }

    public Sentence {
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(labels, "labels (use an empty list for an unlabelled sentence)");
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i) == null) {
                throw new IllegalArgumentException("token " + i + " of the sentence is null; every token must be a "
                        + "non-empty string (tokens: " + tokens + ")");
            }
        }
        for (int i = 0; i < labels.size(); i++) {
            if (labels.get(i) == null) {
                throw new IllegalArgumentException("label " + i + " of the sentence is null; every label must be a "
                        + "non-empty string (labels: " + labels + ")");
            }
        }
        tokens = List.copyOf(tokens);
        labels = List.copyOf(labels);
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("a sentence needs at least one token");
        }
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).isEmpty()) {
                throw new IllegalArgumentException("token " + i + " of " + tokens + " is empty");
            }
        }
        if (!labels.isEmpty() && labels.size() != tokens.size()) {
            throw new IllegalArgumentException("a sentence needs one label per token: " + tokens.size() + " tokens "
                    + tokens + " but " + labels.size() + " labels " + labels);
        }
        for (int i = 0; i < labels.size(); i++) {
            if (labels.get(i).isEmpty()) {
                throw new IllegalArgumentException("label " + i + " (of token '" + tokens.get(i) + "') is empty");
            }
        }
        Objects.requireNonNull(features, "features (use an empty list for none)");
        List<List<String>> columns = new ArrayList<>(features.size());
        for (int c = 0; c < features.size(); c++) {
            List<String> col = Objects.requireNonNull(features.get(c), "feature column " + c);
            if (col.size() != tokens.size()) {
                throw new IllegalArgumentException("feature column " + c + " has " + col.size() + " values but the "
                        + "sentence has " + tokens.size() + " tokens " + tokens + "; give one value per token");
            }
            for (int i = 0; i < col.size(); i++) {
                if (col.get(i) == null || col.get(i).isEmpty()) {
                    throw new IllegalArgumentException("feature column " + c + ", token " + i + " ('"
                            + tokens.get(i) + "'): the value is null or empty; every value must be a non-empty "
                            + "string");
                }
            }
            columns.add(List.copyOf(col));
        }
        features = List.copyOf(columns);
    }

    /** An unlabelled sentence. */
    public static Sentence unlabeled(List<String> tokens) {
        return new Sentence(tokens, List.of());
    }

    /** A labelled sentence. */
    public static Sentence of(List<String> tokens, List<String> labels) {
        return new Sentence(tokens, labels);
    }

    /** Splits both strings on whitespace: {@code parse("arrive Taipei", "O B-dest")}. */
    public static Sentence parse(String tokens, String labels) {
        return new Sentence(split(tokens), split(labels));
    }

    /** An unlabelled sentence from a whitespace-separated string. */
    public static Sentence parse(String tokens) {
        return unlabeled(split(tokens));
    }

    private static List<String> split(String s) {
        return List.copyOf(Conll.fields(s));
    }

    /** Number of tokens. */
    public int length() {
        return tokens.size();
    }

    public boolean isLabeled() {
        return !labels.isEmpty();
    }

    public String token(int i) {
        return tokens.get(i);
    }

    /** The label of token {@code i}; throws if the sentence is unlabelled. */
    public String label(int i) {
        if (labels.isEmpty()) {
            throw new IllegalStateException("sentence '" + String.join(" ", tokens) + "' has no labels");
        }
        return labels.get(i);
    }

    /** The same tokens and feature columns with these labels (e.g. a model's predictions). */
    public Sentence withLabels(List<String> newLabels) {
        return new Sentence(tokens, newLabels, features);
    }

    /** The same tokens and feature columns without labels. */
    public Sentence withoutLabels() {
        return new Sentence(tokens, List.of(), features);
    }

    /** Number of feature columns (0 for a plain {@code word label} sentence). */
    public int featureColumns() {
        return features.size();
    }

    /** The value of feature column {@code column} at token {@code i}. */
    public String feature(int column, int i) {
        return features.get(column).get(i);
    }

    /** The same tokens and labels with these feature columns ({@code columns.get(c).get(t)}). */
    public Sentence withFeatures(List<? extends List<String>> columns) {
        return new Sentence(tokens, labels, List.copyOf(columns));
    }

    /** The same tokens and labels without feature columns. */
    public Sentence withoutFeatures() {
        return features.isEmpty() ? this : new Sentence(tokens, labels, List.of());
    }

    /** The tokens joined by single spaces. */
    public String text() {
        return String.join(" ", tokens);
    }

    /**
     * The tokens in one row and their labels under them, as the lecture draws slot filling (p.3); non-O labels are
     * highlighted.
     */
    @Override
    public String toHtml() {
        TextTable.Builder t = TextTable.builder().cssClass("rnnlab-sentence");
        t.row(tokens.stream().map(w -> TextTable.cell(w).left().style("text-align:center")).toArray());
        if (!labels.isEmpty()) {
            t.row(labels.stream().map(l -> TextTable.cell(l).left().style("text-align:center;font-size:smaller;"
                    + (l.equals(LabelVocabulary.OUTSIDE) ? "color:#999" : "background:#e8f0fe"))).toArray());
        }
        return t.build().toHtml();
    }

    /** {@code token/label token/label …}, or the plain text if unlabelled. */
    @Override
    public String toString() {
        if (labels.isEmpty()) {
            return text();
        }
        List<String> parts = new ArrayList<>(tokens.size());
        for (int i = 0; i < tokens.size(); i++) {
            parts.add(tokens.get(i) + "/" + labels.get(i));
        }
        return String.join(" ", parts);
    }
}
