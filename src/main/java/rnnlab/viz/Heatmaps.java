package rnnlab.viz;

import static rnnlab.viz.ChartKit.*;
import static rnnlab.viz.EvalPlots.*;
import static rnnlab.viz.GradientPlots.*;
import static rnnlab.viz.LstmPlots.*;
import static rnnlab.viz.Pictures.*;
import static rnnlab.viz.SurfacePlots.*;
import static rnnlab.viz.TrainingCurves.*;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.style.HeatMapStyler;
import org.knowm.xchart.style.Styler;
import rnnlab.core.Matrix;

/**
 * Heatmaps of values over time: hidden states (units × time steps, diverging colours around 0), any
 * units-over-time matrix, and general labelled heatmaps; plus readers of what a heatmap shows (for tests).
 *
 * <p>Part of the plots that {@link Plots} gathers behind one facade; see {@link Plots} for the shape conventions.
 */
public final class Heatmaps {
    private Heatmaps() {}

    /**
     * Hidden states over time: a heatmap of units (rows, unit 0 on top) × time steps (columns, labelled with the
     * tokens). Diverging colours, white = 0; the range is [-1, 1] when every value lies there (tanh states),
     * otherwise symmetric around 0.
     *
     * @param statesByStep {@code double[T][H]}, row t = hidden vector after reading token t
     * @param tokens       T tokens for the x axis, or null to number the steps 1..T
     */
    public static HeatMapChart hiddenStates(double[][] statesByStep, List<String> tokens) {
        return unitsOverTime("Hidden states over time", statesByStep, tokens, "hidden unit", ColorMaps.diverging(),
            Double.NaN, Double.NaN);
    }

    /**
     * A units × time-steps heatmap with a chosen colour map and range (NaN bounds: symmetric around 0 for a
     * diverging map, data min..max otherwise).
     *
     * @param valuesByStep {@code double[T][H]}
     * @param tokens       T x-axis labels, or null for step numbers
     * @param unitName     row label prefix, e.g. "unit" gives "unit 0", "unit 1", ...
     */
    public static HeatMapChart unitsOverTime(String title, double[][] valuesByStep, List<String> tokens,
                                             String unitName, Color[] colorMap, double min, double max) {
        return unitsOverTime(Style.WIDTH, Style.HEIGHT, title, valuesByStep, tokens, unitName, colorMap, min, max);
    }

    static HeatMapChart unitsOverTime(int width, int height, String title, double[][] valuesByStep,
                                      List<String> tokens, String unitName, Color[] colorMap, double min,
                                      double max) {
        int t = requireMatrix(valuesByStep, "valuesByStep");
        int h = valuesByStep[0].length;
        List<String> xLabels = tokenLabels(tokens, t, "valuesByStep");
        double[][] byUnit = new double[h][t];
        for (int s = 0; s < t; s++) {
            for (int u = 0; u < h; u++) {
                byUnit[u][s] = valuesByStep[s][u];
            }
        }
        List<String> yLabels = new ArrayList<>();
        int every = Math.max(1, (int) Math.ceil(h / (height / 25.0)));
        for (int u = 0; u < h; u++) {
            yLabels.add(u % every == 0 ? unitName + " " + u : BLANK);
        }
        double[] range = range(byUnit, colorMap, min, max);
        HeatMapChart chart = heatmap(width, height, title, byUnit, xLabels, yLabels, colorMap, range[0], range[1]);
        chart.setXAxisTitle(tokens == null ? "time step" : "token (time step →)");
        chart.setYAxisTitle("");
        return chart;
    }

    /**
     * A general heatmap of {@code values[row][col]} with labelled rows (row 0 on top) and columns.
     *
     * @param colLabels one label per column (x axis); repeated labels are fine
     * @param rowLabels one label per row (y axis); repeated or empty labels are fine
     */
    public static HeatMapChart heatmap(String title, double[][] values, List<String> colLabels,
                                       List<String> rowLabels, Color[] colorMap, double min, double max) {
        return heatmap(Style.WIDTH, Style.HEIGHT, title, values, colLabels, rowLabels, colorMap, min, max);
    }

    static HeatMapChart heatmap(int width, int height, String title, double[][] values, List<String> colLabels,
                                List<String> rowLabels, Color[] colorMap, double min, double max) {
        int rows = requireMatrix(values, "values");
        int cols = values[0].length;
        if (colLabels.size() != cols) {
            throw new IllegalArgumentException("heatmap has " + cols + " columns but " + colLabels.size()
                + " column labels: pass one label per column");
        }
        if (rowLabels.size() != rows) {
            throw new IllegalArgumentException("heatmap has " + rows + " rows but " + rowLabels.size()
                + " row labels: pass one label per row");
        }
        if (!(max > min)) {
            throw new IllegalArgumentException("colour range [" + min + ", " + max + "] is empty: max must be > min");
        }
        HeatMapChart chart = new HeatMapChart(width, height, Styler.ChartTheme.XChart);
        chart.setTitle(title);
        HeatMapStyler st = chart.getStyler();
        Style.apply(st);
        st.setPlotContentSize(1.0);
        st.setPlotGridLinesVisible(false);
        st.setRangeColors(colorMap.clone());
        st.setMin(min);
        st.setMax(max);
        st.setLegendPosition(Styler.LegendPosition.OutsideE);
        st.setHeatMapDecimalValueFormatter(SurfaceChart::format);
        st.setGradientColorColumnHeight(Math.min(300, height - 160));
        st.setGradientColorColumnWeight(20);
        // XChart draws y index 0 at the bottom; reverse so that row 0 is on top.
        List<String> ys = nonEmpty(rowLabels);
        java.util.Collections.reverse(ys);
        List<Number[]> heat = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            if (values[r].length != cols) {
                throw new IllegalArgumentException("heatmap row " + r + " has " + values[r].length
                    + " values, row 0 has " + cols + ": the matrix must be rectangular");
            }
            for (int c = 0; c < cols; c++) {
                heat.add(new Number[] {c, rows - 1 - r, values[r][c]});
            }
        }
        chart.addSeries(title == null || title.isEmpty() ? "values" : title, nonEmpty(colLabels), ys, heat);
        rotateIfCrowded(st, colLabels, width - 200);
        return chart;
    }

    /**
     * The value drawn at {@code (row, col)} of a heatmap made by this class (row 0 = top row), read back from the
     * chart's data; for tests and for users checking what a picture shows.
     */
    public static double heatValue(HeatMapChart chart, int row, int col) {
        int rows = chart.getHeatMapSeries().getYData().size();
        for (Number[] n : chart.getHeatMapSeries().getHeatData()) {
            if (n[0].intValue() == col && n[1].intValue() == rows - 1 - row) {
                return n[2].doubleValue();
            }
        }
        throw new IllegalArgumentException("no heat value at row " + row + ", column " + col);
    }

    /** The x-axis labels of a heatmap (left to right). */
    public static List<String> heatColumns(HeatMapChart chart) {
        List<String> out = new ArrayList<>();
        for (Object o : chart.getHeatMapSeries().getXData()) {
            out.add(String.valueOf(o));
        }
        return out;
    }

    /** The y-axis labels of a heatmap (top to bottom). */
    public static List<String> heatRows(HeatMapChart chart) {
        List<String> out = new ArrayList<>();
        for (Object o : chart.getHeatMapSeries().getYData()) {
            out.add(String.valueOf(o));
        }
        java.util.Collections.reverse(out);
        return out;
    }

    /**
     * Hidden states from a layer's outputs: {@code outputsByTime[t]} is the B×H output at time t (what
     * {@code forward} returns, or {@code tape.hidden(t)}); one sequence of the batch is shown.
     *
     * @param tokens one token per step to show (its size sets how many steps, so padding stays out), or null for all
     */
    public static HeatMapChart hiddenStates(Matrix[] outputsByTime, int batchRow, List<String> tokens) {
        int steps = stepsToShow(outputsByTime.length, tokens);
        double[][] h = new double[steps][];
        for (int t = 0; t < steps; t++) {
            h[t] = row(outputsByTime[t], batchRow, "output at time " + t);
        }
        return hiddenStates(h, tokens);
    }

    static double[] range(double[][] v, Color[] map, double min, double max) {
        if (!Double.isNaN(min) && !Double.isNaN(max)) {
            return new double[] {min, max};
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] row : v) {
            for (double x : row) {
                if (Double.isFinite(x)) {
                    lo = Math.min(lo, x);
                    hi = Math.max(hi, x);
                }
            }
        }
        if (lo > hi) {
            lo = 0;
            hi = 1;
        }
        boolean diverging = map.length > 0 && map[map.length / 2].getRed() > 240 && map[map.length / 2].getBlue() > 240
            && map[map.length / 2].getGreen() > 240;
        if (diverging) {
            double m = Math.max(Math.abs(lo), Math.abs(hi));
            if (m <= 1 && m > 0.05) {
                m = 1; // tanh-like values: keep the natural [-1, 1] scale so pictures compare
            }
            if (m == 0) {
                m = 1;
            }
            m = roundAway(m);
            return new double[] {Double.isNaN(min) ? -m : min, Double.isNaN(max) ? m : max};
        }
        if (hi == lo) {
            hi = lo + 1;
        }
        return new double[] {Double.isNaN(min) ? -roundAway(-lo) : min, Double.isNaN(max) ? roundAway(hi) : max};
    }

    /**
     * Rounds up (towards +infinity) to two significant digits, so colour-bar ends read "1.8", not "1.7227812...";
     * XChart writes the heatmap legend's end values unformatted.
     */
    static double roundAway(double v) {
        if (v == 0 || !Double.isFinite(v)) {
            return v;
        }
        double scale = Math.pow(10, Math.floor(Math.log10(Math.abs(v))) - 1);
        double r = Math.ceil(v / scale) * scale;
        return Double.parseDouble(String.format(Locale.ROOT, "%.12g", r));
    }
}
