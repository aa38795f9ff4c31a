package rnnlab.viz;

import static rnnlab.viz.ChartKit.*;
import static rnnlab.viz.GradientPlots.*;
import static rnnlab.viz.Heatmaps.*;
import static rnnlab.viz.LstmPlots.*;
import static rnnlab.viz.Pictures.*;
import static rnnlab.viz.SurfacePlots.*;
import static rnnlab.viz.TrainingCurves.*;

import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.style.HeatMapStyler;
import rnnlab.eval.ConfusionMatrix;
import rnnlab.eval.LabelReport;

/**
 * Evaluation pictures: confusion matrices and F1 per label (bars in each slot's {@link SlotColors colour}).
 *
 * <p>Part of the plots that {@link Plots} gathers behind one facade; see {@link Plots} for the shape conventions.
 */
public final class EvalPlots {
    private EvalPlots() {}

    /**
     * Confusion matrix heatmap: rows = true label (first label on top), columns = predicted label, each cell shows
     * its count.
     *
     * @param counts {@code counts[true][predicted]}, square, one row and column per label
     */
    public static HeatMapChart confusionMatrix(int[][] counts, String[] labels) {
        return confusionMatrix(counts, labels, false);
    }

    /**
     * Confusion matrix, optionally normalised per row: each cell then shows the fraction of that true label's
     * tokens predicted as the column's label (the diagonal is the recall), so that rare labels stay visible next
     * to a dominant "O". Rows without any token stay 0.
     */
    public static HeatMapChart confusionMatrix(int[][] counts, String[] labels, boolean normalizeRows) {
        int n = requireNonNull(labels, "labels").length;
        if (counts == null || counts.length != n) {
            throw new IllegalArgumentException("confusion matrix needs " + n + " rows (one per label), got "
                + (counts == null ? "null" : counts.length));
        }
        double[][] v = new double[n][n];
        double max = 1;
        for (int i = 0; i < n; i++) {
            if (counts[i].length != n) {
                throw new IllegalArgumentException("confusion row " + i + " (" + labels[i] + ") has "
                    + counts[i].length + " columns, expected " + n);
            }
            for (int j = 0; j < n; j++) {
                if (counts[i][j] < 0) {
                    throw new IllegalArgumentException("negative count " + counts[i][j] + " at [" + labels[i]
                        + "][" + labels[j] + "]");
                }
                v[i][j] = counts[i][j];
                max = Math.max(max, counts[i][j]);
            }
        }
        if (normalizeRows) {
            for (int i = 0; i < n; i++) {
                double total = 0;
                for (double x : v[i]) {
                    total += x;
                }
                for (int j = 0; j < n; j++) {
                    v[i][j] = total == 0 ? 0 : v[i][j] / total;
                }
            }
            max = 1;
        }
        HeatMapChart chart = heatmap(normalizeRows ? "Confusion matrix (fraction of each true label)"
            : "Confusion matrix", v, List.of(labels), List.of(labels), lightBlues(), 0, max);
        chart.setXAxisTitle("predicted label");
        chart.setYAxisTitle("true label");
        HeatMapStyler st = chart.getStyler();
        st.setShowValue(true);
        st.setHeatMapValueDecimalPattern(normalizeRows ? "0.00" : "#");
        st.setValueFont(new Font(Font.SANS_SERIF, Font.BOLD, n <= 10 ? 15 : 11));
        st.setValueFontColor(Color.BLACK);
        st.setDrawBorder(true);
        return chart;
    }

    /** Sequential white→blue map light enough that black numbers stay readable on every cell. */
    static Color[] lightBlues() {
        return new Color[] {
            Color.decode("#f7fbff"), Color.decode("#deebf7"), Color.decode("#c6dbef"), Color.decode("#9ecae1"),
            Color.decode("#6baed6")};
    }

    /** The bar colour of a label that names no slot ("O", "other"): a neutral grey. */
    static final Color NO_SLOT_BAR = Color.decode("#bbbbbb");

    /**
     * Bar chart of F1 per label, y in [0, 1], each bar labelled with its value. Each bar has its slot's colour
     * ({@link SlotColors#of}, the same as in {@link TokenColors#bySlot}); labels without a slot ("O") are grey. Each
     * label is a series of its own (named by the label, one bar at its category, nothing at the others).
     */
    public static CategoryChart f1Bars(String[] labels, double[] f1) {
        int n = requireNonNull(labels, "labels").length;
        if (f1 == null || f1.length != n) {
            throw new IllegalArgumentException("f1 needs one value per label (" + n + "), got "
                + (f1 == null ? "null" : f1.length));
        }
        CategoryChart chart = ChartKit.titled(new CategoryChart(Style.WIDTH, Style.HEIGHT), "F1 per label", "label",
                "F1");
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(1.0);
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, Style.LABEL_SIZE));
        chart.getStyler().setLabelsPosition(0.9);
        chart.getStyler().setLabelsFontColorAutomaticEnabled(true);
        chart.getStyler().setDecimalPattern("0.00");
        chart.getStyler().setPlotGridVerticalLinesVisible(false);
        chart.getStyler().setOverlapped(true);                     // one bar per category although n series
        List<String> categories = new ArrayList<>(List.of(labels));
        for (int i = 0; i < n; i++) {
            List<Double> y = new ArrayList<>();
            for (int j = 0; j < n; j++) {
                y.add(j == i ? f1[i] : null);
            }
            CategorySeries s = chart.addSeries(labels[i], categories, y);
            Color c = SlotColors.of(labels[i]);
            s.setFillColor(c == null ? NO_SLOT_BAR : c);
            s.setLineColor(Color.decode("#555555"));
        }
        rotateIfCrowded(chart.getStyler(), List.of(labels), Style.WIDTH - 120);
        return chart;
    }

    /** {@link #confusionMatrix(int[][], String[])} of an evaluation's confusion matrix. */
    public static HeatMapChart confusionMatrix(ConfusionMatrix m) {
        return confusionMatrix(m, false);
    }

    /** {@link #confusionMatrix(int[][], String[], boolean)} of an evaluation's confusion matrix. */
    public static HeatMapChart confusionMatrix(ConfusionMatrix m, boolean normalizeRows) {
        return confusionMatrix(m.counts(), m.labels().toArray(new String[0]), normalizeRows);
    }

    /** {@link #f1Bars(String[], double[])} of an evaluation's per-label report. */
    public static CategoryChart f1Bars(LabelReport report) {
        String[] labels = new String[report.rows().size()];
        double[] f1 = new double[labels.length];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = report.rows().get(i).label();
            f1[i] = report.rows().get(i).f1();
        }
        CategoryChart c = f1Bars(labels, f1);
        c.setTitle(String.format(Locale.ROOT, "F1 per label (macro F1 %.2f)", report.macroF1()));
        return c;
    }
}
