package rnnlab.eval;

import rnnlab.core.Html;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import rnnlab.core.HtmlRenderable;
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
public final class ConfusionMatrix implements HtmlRenderable {
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

    @Override
    public String toString() {
        int w = 5;
        for (String l : labels) {
            w = Math.max(w, l.length());
        }
        for (int[] row : counts) {
            for (int v : row) {
                w = Math.max(w, Integer.toString(v).length());
            }
        }
        StringBuilder sb = new StringBuilder("ConfusionMatrix(" + labels.size() + " labels, " + total() + " tokens, "
                + correct() + " on the diagonal; rows gold, columns predicted)\n");
        sb.append(String.format(Locale.ROOT, "%" + w + "s", "gold\\pred"));
        for (String l : labels) {
            sb.append(' ').append(String.format(Locale.ROOT, "%" + w + "s", l));
        }
        for (int g = 0; g < labels.size(); g++) {
            sb.append('\n').append(String.format(Locale.ROOT, "%" + w + "s", labels.get(g)));
            for (int p = 0; p < labels.size(); p++) {
                sb.append(' ').append(String.format(Locale.ROOT, "%" + w + "d", counts[g][p]));
            }
        }
        return sb.toString();
    }

    @Override
    public String toHtml() {
        StringBuilder sb = new StringBuilder("<table class=\"rnnlab-confusion\"><thead><tr><th>gold \\ predicted</th>");
        for (String l : labels) {
            sb.append("<th>").append(Html.escape(l)).append("</th>");
        }
        sb.append("</tr></thead><tbody>");
        for (int g = 0; g < labels.size(); g++) {
            sb.append("<tr><th>").append(Html.escape(labels.get(g))).append("</th>");
            for (int p = 0; p < labels.size(); p++) {
                String style = counts[g][p] == 0 ? "color:#bbb" : g == p ? "font-weight:bold" : "background:#fdd";
                sb.append("<td style=\"text-align:right;").append(style).append("\">").append(counts[g][p])
                        .append("</td>");
            }
            sb.append("</tr>");
        }
        return sb.append("</tbody></table>").toString();
    }
}
