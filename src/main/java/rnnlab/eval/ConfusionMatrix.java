package rnnlab.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import rnnlab.core.Tabular;
import rnnlab.core.TextTable;
import rnnlab.data.SentenceBatch;
import rnnlab.data.LabelVocabulary;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Token counts per (gold label, predicted label): {@code counts()[g][p]} tokens had gold label {@code labels()[g]}
 * and were predicted as {@code labels()[p]}. The diagonal holds the correct tokens.
 *
 * <p>In the lecture's example (p.7) a feedforward tagger's matrix shows the confusion directly: B-dest tokens
 * predicted as B-depart and the other way round.
 */
public final class ConfusionMatrix implements Tabular {
    private final List<String> labels;
    private final int[][] counts;

    private ConfusionMatrix(List<String> labels, int[][] counts) {
        this.labels = List.copyOf(labels);
        this.counts = counts;
    }

    /** From label strings; the labels are those occurring in gold or predictions, in {@link LabelVocabulary#ORDER}. */
    public static ConfusionMatrix of(List<? extends List<String>> gold, List<? extends List<String>> predicted) {
        Set<String> seen = new TreeSet<>(LabelVocabulary.ORDER);
        gold.forEach(seen::addAll);
        predicted.forEach(seen::addAll);
        return of(gold, predicted, LabelVocabulary.of(new ArrayList<>(seen)));
    }

    /** From label strings, rows and columns in the order of {@code labels} (an unknown label is an error). */
    public static ConfusionMatrix of(List<? extends List<String>> gold, List<? extends List<String>> predicted,
                                     LabelVocabulary labels) {
        if (gold.size() != predicted.size()) {
            throw new IllegalArgumentException("gold has " + gold.size() + " sentences but the predictions have "
                    + predicted.size());
        }
        int[][] c = new int[labels.size()][labels.size()];
        for (int i = 0; i < gold.size(); i++) {
            if (gold.get(i).size() != predicted.get(i).size()) {
                throw new IllegalArgumentException("sentence " + i + ": " + gold.get(i).size() + " gold labels but "
                        + predicted.get(i).size() + " predicted");
            }
            for (int t = 0; t < gold.get(i).size(); t++) {
                c[labels.id(gold.get(i).get(t))][labels.id(predicted.get(i).get(t))]++;
            }
        }
        return new ConfusionMatrix(labels.labels(), c);
    }

    /** From padded label ids {@code [batch][time]}; positions with gold {@link SentenceBatch#PAD_LABEL} are skipped. */
    public static ConfusionMatrix of(int[][] gold, int[][] predicted, LabelVocabulary labels) {
        int[][] c = new int[labels.size()][labels.size()];
        for (int b = 0; b < gold.length; b++) {
            for (int t = 0; t < gold[b].length; t++) {
                if (gold[b][t] != SentenceBatch.PAD_LABEL) {
                    int p = predicted[b][t];
                    if (p < 0 || p >= labels.size()) {
                        throw new IllegalArgumentException("predicted label id " + p + " at [" + b + "][" + t
                                + "] is outside 0.." + (labels.size() - 1));
                    }
                    c[gold[b][t]][p]++;
                }
            }
        }
        return new ConfusionMatrix(labels.labels(), c);
    }

    /** Row/column labels. */
    public List<String> labels() {
        return labels;
    }

    /** A copy of the counts, {@code [gold][predicted]}. */
    public int[][] counts() {
        int[][] out = new int[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            out[i] = counts[i].clone();
        }
        return out;
    }

    /** Tokens with this gold label predicted as this label. */
    public int count(String gold, String predicted) {
        return counts[index(gold)][index(predicted)];
    }

    private int index(String label) {
        int i = labels.indexOf(label);
        if (i < 0) {
            throw new IllegalArgumentException("label '" + label + "' is not in this confusion matrix " + labels);
        }
        return i;
    }

    /** All tokens. */
    public int total() {
        int n = 0;
        for (int[] row : counts) {
            for (int v : row) {
                n += v;
            }
        }
        return n;
    }

    /** Tokens on the diagonal. */
    public int correct() {
        int n = 0;
        for (int i = 0; i < counts.length; i++) {
            n += counts[i][i];
        }
        return n;
    }

    /** Tokens whose gold label is {@code labels().get(g)} (row sum). */
    public int goldCount(int g) {
        int n = 0;
        for (int v : counts[g]) {
            n += v;
        }
        return n;
    }

    /** Tokens predicted as {@code labels().get(p)} (column sum). */
    public int predictedCount(int p) {
        int n = 0;
        for (int[] row : counts) {
            n += row[p];
        }
        return n;
    }

    /** Per-label precision, recall and F1 from this matrix. */
    public LabelReport labelReport() {
        return LabelReport.of(this);
    }

    /** A Tablesaw table: a "gold" column, then one count column per predicted label. */
    public Table toTable() {
        Table t = Table.create("confusion (rows gold, columns predicted)", StringColumn.create("gold", labels));
        for (int p = 0; p < labels.size(); p++) {
            int[] col = new int[labels.size()];
            for (int g = 0; g < labels.size(); g++) {
                col[g] = counts[g][p];
            }
            t.addColumns(IntColumn.create(labels.get(p), col));
        }
        return t;
    }

    /** The matrix as a table: rows gold, columns predicted; in HTML the diagonal is bold, errors shaded. */
    @Override
    public TextTable table() {
        List<String> head = new ArrayList<>();
        head.add("gold \\ predicted");
        head.addAll(labels);
        TextTable.Builder t = TextTable.builder(head).cssClass("rnnlab-confusion").title("ConfusionMatrix("
                + labels.size() + " labels, " + total() + " tokens, " + correct()
                + " on the diagonal; rows gold, columns predicted)");
        for (int g = 0; g < labels.size(); g++) {
            Object[] row = new Object[labels.size() + 1];
            row[0] = TextTable.cell(labels.get(g)).asHeader();
            for (int p = 0; p < labels.size(); p++) {
                int v = counts[g][p];
                row[p + 1] = TextTable.cell(v).style(v == 0 ? "color:#bbb" : g == p ? "font-weight:bold" : "background:#fdd");
            }
            t.row(row);
        }
        return t.build();
    }

    @Override
    public String toString() {
        return table().toString();
    }
}
