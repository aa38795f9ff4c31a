package rnnlab.eval;

import rnnlab.core.Html;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import rnnlab.core.HtmlRenderable;

/**
 * Token-level precision, recall and F1 for every label (not chunks: see {@link ChunkReport} for those), plus
 * accuracy and the macro average.
 *
 * <pre>
 *   label            precision  recall      F1  support
 *   O                   0.9950  0.9990  0.9970     1000
 *   B-dest              0.5100  0.5000  0.5050      200
 * </pre>
 *
 * @param rows     one row per label, in the confusion matrix's order
 * @param accuracy correct tokens / all tokens
 */
public record LabelReport(List<Row> rows, double accuracy) implements HtmlRenderable {

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
        for (Row r : rows) {
            if (r.label().equals(label)) {
                return r;
            }
        }
        throw new IllegalArgumentException("no label '" + label + "' in this report; labels: "
                + rows.stream().map(Row::label).toList());
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

    @Override
    public String toString() {
        int w = 5;
        for (Row r : rows) {
            w = Math.max(w, r.label().length());
        }
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "LabelReport(%d labels, token accuracy %.4f, macro F1 %.4f)%n%-" + w + "s  precision  recall      F1"
                        + "  support  predicted", rows.size(), accuracy, macroF1(), "label"));
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "%n%-" + w + "s     %.4f  %.4f  %.4f  %7d  %9d", r.label(),
                    r.precision(), r.recall(), r.f1(), r.support(), r.predicted()));
        }
        return sb.toString();
    }

    @Override
    public String toHtml() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "<div class=\"rnnlab-label-report\"><p>token accuracy %.4f, macro F1 %.4f</p><table><thead><tr>"
                        + "<th>label</th><th>precision</th><th>recall</th><th>F1</th><th>support</th>"
                        + "<th>predicted</th></tr></thead><tbody>", accuracy, macroF1()));
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "<tr><td>%s</td><td style=\"text-align:right\">%.4f</td>"
                    + "<td style=\"text-align:right\">%.4f</td><td style=\"text-align:right\">%.4f</td>"
                    + "<td style=\"text-align:right\">%d</td><td style=\"text-align:right\">%d</td></tr>",
                    Html.escape(r.label()), r.precision(), r.recall(), r.f1(), r.support(), r.predicted()));
        }
        return sb.append("</tbody></table></div>").toString();
    }
}
