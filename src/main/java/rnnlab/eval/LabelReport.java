package rnnlab.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import rnnlab.core.Named;
import rnnlab.core.Tabular;
import rnnlab.core.TextTable;

/**
 * Precision, recall and F1 for every label of what a confusion matrix counts (tokens for a tagger, sentences for a
 * classifier; not chunks: see {@link ChunkReport} for those), plus accuracy and the macro average.
 *
 * <pre>
 *   label            precision  recall      F1  support
 *   O                   0.9950  0.9990  0.9970     1000
 *   B-dest              0.5100  0.5000  0.5050      200
 * </pre>
 *
 * @param rows     one row per label, in the confusion matrix's order
 * @param accuracy correct items / all items (tokens of a tagger, sentences of a classifier)
 */
public record LabelReport(List<Row> rows, double accuracy) implements Tabular {

    /**
     * One label's scores.
     *
     * @param label     the label
     * @param precision tokens correctly predicted as this label / tokens predicted as it (0 if none)
     * @param recall    tokens correctly predicted as this label / tokens with this gold label (0 if none)
     * @param f1        2PR/(P+R), 0 if P+R = 0
     * @param support   tokens with this gold label
     * @param predicted tokens predicted as this label
     */
    public record Row(String label, double precision, double recall, double f1, int support, int predicted) {}

    public LabelReport {
        rows = List.copyOf(rows);
    }

    /** The report of a confusion matrix. */
    public static LabelReport of(ConfusionMatrix m) {
        int[][] c = m.counts();
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < c.length; i++) {
            int support = m.goldCount(i);
            int predicted = m.predictedCount(i);
            double p = predicted == 0 ? 0.0 : (double) c[i][i] / predicted;
            double r = support == 0 ? 0.0 : (double) c[i][i] / support;
            rows.add(new Row(m.labels().get(i), p, r, ChunkReport.f1(p, r), support, predicted));
        }
        return new LabelReport(rows, m.total() == 0 ? 0.0 : (double) m.correct() / m.total());
    }

    /** The report of gold and predicted label sequences. */
    public static LabelReport of(List<? extends List<String>> gold, List<? extends List<String>> predicted) {
        return of(ConfusionMatrix.of(gold, predicted));
    }

    /** The row of one label. */
    public Row row(String label) {
        return Named.find(rows, Row::label, label, "no label '" + label + "' in this report; labels: ");
    }

    /** Unweighted mean of the per-label F1 over labels with support or predictions. */
    public double macroF1() {
        double sum = 0;
        int n = 0;
        for (Row r : rows) {
            if (r.support() > 0 || r.predicted() > 0) {
                sum += r.f1();
                n++;
            }
        }
        return n == 0 ? 0.0 : sum / n;
    }

    /** The report as a table: one row per label with precision, recall, F1, support and predicted count. */
    @Override
    public TextTable table() {
        TextTable.Builder t = TextTable.builder("label", "precision", "recall", "F1", "support", "predicted")
                .cssClass("rnnlab-label-report").title(String.format(Locale.ROOT,
                        "LabelReport(%d labels, accuracy %.4f, macro F1 %.4f)", rows.size(), accuracy, macroF1()));
        for (Row r : rows) {
            t.row(r.label(), f4(r.precision()), f4(r.recall()), f4(r.f1()), r.support(), r.predicted());
        }
        return t.build();
    }

    private static String f4(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    @Override
    public String toString() {
        return table().toString();
    }
}
