package rnnlab.viz;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleBinaryOperator;
import javax.imageio.ImageIO;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.HeatMapStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;
import rnnlab.cells.LSTM;
import rnnlab.core.Matrix;
import rnnlab.eval.ConfusionMatrix;
import rnnlab.eval.LabelReport;
import rnnlab.io.AtomicFile;
import rnnlab.train.EpochStats;
import rnnlab.train.History;

/**
 * One static call per plot, each taking plain data and returning the XChart chart (restyle it with
 * {@code chart.getStyler()}, retitle it with {@code chart.setTitle(..)}), never opening a window.
 *
 * <p>Shape conventions (T = time steps, H = units):
 * <ul>
 *   <li>per-step vectors are {@code double[T][H]}: row t is the vector at step t+1 (the layout of a tape's
 *       {@code h[1..T]}; drop {@code h[0]}, the initial state, before plotting);</li>
 *   <li>per-epoch series are {@code double[epochs]}: entry k is epoch k+1 (NaN = not measured that epoch);</li>
 *   <li>named series are {@code Map<String, double[]>}; iteration order is legend order (use a LinkedHashMap).</li>
 * </ul>
 *
 * <pre>
 *   var c = Plots.hiddenStates(h, List.of("arrive", "Taipei", "on", "November", "2nd"));
 *   Plots.save(c, Path.of("hidden.png"));        // or .svg
 * </pre>
 */
public final class Plots {
    private Plots() {}

    // ------------------------------------------------------------------------------------------ curves per epoch

    /**
     * Training and dev loss per epoch.
     *
     * @param trainLoss loss per epoch, entry k = epoch k+1
     * @param devLoss   dev loss per epoch, or null if there is none; NaN marks epochs without a dev measurement
     */
    public static XYChart lossCurves(double[] trainLoss, double[] devLoss) {
        Map<String, double[]> m = new LinkedHashMap<>();
        m.put("train loss", requireNonEmpty(trainLoss, "trainLoss"));
        if (devLoss != null) {
            m.put("dev loss", requireNonEmpty(devLoss, "devLoss"));
        }
        return curves("Loss per epoch", "loss", m);
    }

    /** Metrics per epoch (e.g. "train accuracy", "dev accuracy", "dev F1"), values usually in [0, 1]. */
    public static XYChart metricCurves(Map<String, double[]> metricsByName) {
        return curves("Metrics per epoch", "metric", metricsByName);
    }

    /**
     * Any named per-epoch series on one chart, x = epoch 1..n. Series whose name starts with "dev" are dashed so
     * that train and dev curves of the same quantity pair up visually.
     */
    public static XYChart curves(String title, String yAxisTitle, Map<String, double[]> seriesByName) {
        requireSeries(seriesByName, "seriesByName");
        XYChart chart = xyChart(title, "epoch", yAxisTitle);
        int maxLen = 0;
        for (Map.Entry<String, double[]> e : seriesByName.entrySet()) {
            double[] y = requireNonEmpty(e.getValue(), "series '" + e.getKey() + "'");
            maxLen = Math.max(maxLen, y.length);
            XYSeries s = chart.addSeries(e.getKey(), steps(y.length), y.clone());
            styleCurve(s, e.getKey(), y.length);
        }
        integerTicks(chart, maxLen);
        return chart;
    }

    static void styleCurve(XYSeries s, String name, int n) {
        s.setMarker(n <= 40 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        if (name.toLowerCase(Locale.ROOT).startsWith("dev")) {
            s.setLineStyle(SeriesLines.DASH_DASH);
        } else {
            s.setLineStyle(SeriesLines.SOLID);
        }
    }

    // ------------------------------------------------------------------------------------------ heatmaps

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

    // ------------------------------------------------------------------------------------------ LSTM

    /**
     * LSTM gates and memory as a 2×2 panel of heatmaps: input gate f(zⁱ), forget gate f(z^f), output gate f(z^o)
     * (sequential colours, fixed range [0, 1]: dark = closed, yellow = open) and cell memory c (diverging colours,
     * symmetric around 0). All four are {@code double[T][H]} (row t = step t+1).
     *
     * @param tokens T token labels or null for step numbers
     */
    public static ChartGrid lstmGates(double[][] inputGate, double[][] forgetGate, double[][] outputGate,
                                      double[][] cell, List<String> tokens) {
        int t = requireMatrix(inputGate, "inputGate");
        int h = inputGate[0].length;
        requireShape(forgetGate, t, h, "forgetGate");
        requireShape(outputGate, t, h, "outputGate");
        requireShape(cell, t, h, "cell");
        int w = PANEL_WIDTH;
        int ht = PANEL_HEIGHT;
        List<HeatMapChart> charts = List.of(
            unitsOverTime(w, ht, "Input gate f(zⁱ)  (1 = open)", inputGate, tokens, "unit", ColorMaps.sequential(),
                0, 1),
            unitsOverTime(w, ht, "Forget gate f(zᶠ)  (1 = keep)", forgetGate, tokens, "unit",
                ColorMaps.sequential(), 0, 1),
            unitsOverTime(w, ht, "Output gate f(zᵒ)  (1 = open)", outputGate, tokens, "unit",
                ColorMaps.sequential(), 0, 1),
            unitsOverTime(w, ht, "Cell memory c", cell, tokens, "unit", ColorMaps.diverging(), Double.NaN,
                Double.NaN));
        for (HeatMapChart c : charts) {
            c.getStyler().setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, Style.TITLE_SIZE - 2));
        }
        return new ChartGrid(charts, 2);
    }

    /** Size of each chart in the 2×2 gate panel (the panel is twice as wide and high). */
    static final int PANEL_WIDTH = 560;
    static final int PANEL_HEIGHT = 360;

    /**
     * Line traces of one LSTM cell over time, the lecture's single-cell tables drawn as curves: cell input,
     * memory c and output y on the left axis; the three gates on the right axis in [0, 1]. Any argument may be
     * null to leave that curve out; all given arrays have length T.
     *
     * @param tokens T labels for the x axis (tokens or inputs such as "(3,1,0)"), or null for step numbers
     */
    public static XYChart lstmCellTrace(double[] cellInput, double[] inputGate, double[] forgetGate,
                                        double[] outputGate, double[] memory, double[] output,
                                        List<String> tokens) {
        Map<String, double[]> left = new LinkedHashMap<>();
        putIfPresent(left, "cell input g(z)", cellInput);
        putIfPresent(left, "memory c", memory);
        putIfPresent(left, "output y", output);
        Map<String, double[]> right = new LinkedHashMap<>();
        putIfPresent(right, "input gate", inputGate);
        putIfPresent(right, "forget gate", forgetGate);
        putIfPresent(right, "output gate", outputGate);
        if (left.isEmpty() && right.isEmpty()) {
            throw new IllegalArgumentException("lstmCellTrace: every series is null, nothing to draw");
        }
        Map<String, double[]> all = new LinkedHashMap<>(left);
        all.putAll(right);
        XYChart chart = stepTrace("One LSTM cell over time", "value", all, tokens);
        if (!left.isEmpty() && !right.isEmpty()) {
            for (String name : right.keySet()) {
                XYSeries s = chart.getSeriesMap().get(name);
                s.setYAxisGroup(1);
                s.setLineStyle(SeriesLines.DASH_DASH);
                s.setMarker(SeriesMarkers.NONE);
            }
            chart.setYAxisGroupTitle(0, "value (c, y, g(z))");
            chart.setYAxisGroupTitle(1, "gate activation");
            chart.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
            chart.getStyler().setYAxisMin(1, -0.05);
            chart.getStyler().setYAxisMax(1, 1.05);
            // left axis over [min(0, lo), hi] with the same 5 % margins, so 0 and 1 of the gates line up with
            // 0 and the maximum of the values
            double lo = 0;
            double hi = 0;
            for (double[] v : left.values()) {
                for (double x : v) {
                    if (Double.isFinite(x)) {
                        lo = Math.min(lo, x);
                        hi = Math.max(hi, x);
                    }
                }
            }
            if (hi == lo) {
                hi = lo + 1;
            }
            double pad = 0.05 * (hi - lo);
            chart.getStyler().setYAxisMin(0, lo - pad);
            chart.getStyler().setYAxisMax(0, hi + pad);
        } else if (left.isEmpty()) {
            chart.setYAxisTitle("gate activation");
        }
        return chart;
    }

    /**
     * Named per-step series over time steps 1..T (e.g. the lecture's single-cell examples: memory c, gates, output
     * y), x tick labels = the tokens when given.
     */
    public static XYChart stepTrace(String title, String yAxisTitle, Map<String, double[]> seriesByName,
                                    List<String> tokens) {
        requireSeries(seriesByName, "seriesByName");
        int t = -1;
        for (Map.Entry<String, double[]> e : seriesByName.entrySet()) {
            double[] y = requireNonEmpty(e.getValue(), "series '" + e.getKey() + "'");
            if (t >= 0 && y.length != t) {
                throw new IllegalArgumentException("series '" + e.getKey() + "' has " + y.length
                    + " steps, the first series has " + t + ": all traces must cover the same steps");
            }
            t = y.length;
        }
        List<String> labels = tokenLabels(tokens, t, "series");
        XYChart chart = xyChart(title, tokens == null ? "time step" : "input at each step", yAxisTitle);
        for (Map.Entry<String, double[]> e : seriesByName.entrySet()) {
            XYSeries s = chart.addSeries(e.getKey(), steps(t), e.getValue().clone());
            s.setMarker(SeriesMarkers.CIRCLE);
        }
        if (tokens != null) {
            // XChart only labels every step if all labels differ: repeated tokens get invisible zero-width
            // spaces appended so they stay distinct strings but look the same.
            List<String> distinct = distinctLabels(labels);
            chart.getStyler().setxAxisTickLabelsFormattingFunction(x -> {
                long k = Math.round(x);
                return Math.abs(x - k) < 1e-9 && k >= 1 && k <= distinct.size() ? distinct.get((int) k - 1) : "";
            });
            rotateIfCrowded(chart.getStyler(), labels, Style.WIDTH - 200);
            // one tick per step (XChart's default spacing of ~74 px would skip steps)
            chart.getStyler().setXAxisTickMarkSpacingHint(Math.max(8, Math.min(74, (Style.WIDTH - 260) / t - 2)));
        } else {
            integerTicks(chart, t);
        }
        return chart;
    }

    // ------------------------------------------------------------------------------------------ gradients

    /**
     * Gradient norm ‖∂L/∂hᵗ‖ against time step t for several models on one log-scale plot: vanishing gradients
     * fall to the right, exploding ones rise. Entry k of each array is step k+1. Non-positive or non-finite
     * norms (log of 0) are left out as gaps. The series hold log10 of the norms (see {@link #powersOfTenAxis}).
     */
    public static XYChart gradientNorms(Map<String, double[]> normsByModel) {
        requireSeries(normsByModel, "normsByModel");
        XYChart chart = xyChart("Gradient norm over time", "time step t", "‖∂L/∂hᵗ‖ (log scale)");
        int maxLen = 0;
        for (Map.Entry<String, double[]> e : normsByModel.entrySet()) {
            double[] y = requireNonEmpty(e.getValue(), "norms of '" + e.getKey() + "'");
            double[] logY = log10OrNaN(y);
            boolean any = false;
            for (double v : logY) {
                any |= !Double.isNaN(v);
            }
            if (!any) {
                throw new IllegalArgumentException("norms of '" + e.getKey()
                    + "' have no positive finite value: nothing to draw on a log scale");
            }
            maxLen = Math.max(maxLen, y.length);
            XYSeries s = chart.addSeries(e.getKey(), steps(y.length), logY);
            s.setMarker(y.length <= 40 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        }
        powersOfTenAxis(chart);
        integerTicks(chart, maxLen);
        return chart;
    }

    /**
     * Makes the y axis read as a log scale for series that hold log10 of the values: ticks are labelled 10ⁿ.
     * RNN Lab's log plots store log10 values because XChart's own log axis writes every decade in full
     * ("1000000000000…") and its labels pile up over the 50–90 decades that exploding and vanishing gradients span.
     */
    public static void powersOfTenAxis(XYChart chart) {
        chart.getStyler().setyAxisTickLabelsFormattingFunction(Plots::powerOfTenLabel);
        chart.getStyler().setYAxisLogarithmic(false);
    }

    /** The label of a log10 tick value: 10ⁿ for integers n, else the plain value (e.g. 3.16). */
    static String powerOfTenLabel(double log10) {
        long k = Math.round(log10);
        if (Math.abs(log10 - k) < 1e-9) {
            return k == 0 ? "1" : k == 1 ? "10" : "10" + sup((int) k);
        }
        return SurfaceChart.format(Math.pow(10, log10));
    }

    /** log10 of each value; NaN for values that are not positive and finite (gaps on a log scale). */
    public static double[] log10OrNaN(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] > 0 && Double.isFinite(v[i]) ? Math.log10(v[i]) : Double.NaN;
        }
        return out;
    }

    /** {@link #powerOfW(int, double, double, int)} with the lecture's values: 1000 steps, w in [0.9, 1.1]. */
    public static XYChart powerOfW() {
        return powerOfW(1000, 0.9, 1.1, 401);
    }

    /**
     * Lecture p.36: one linear neuron with recurrent weight w, input 1 then zeros, gives yᴺ = wᴺ⁻¹; the plot shows
     * yᴺ and its derivative (N−1)·wᴺ⁻² against w on a log y axis, with w = 0.99, 1 and 1.01 marked (their values
     * are in the legend). The series hold log10 of the values (see {@link #powersOfTenAxis}); log10 is computed
     * directly, so w far from 1 neither overflows nor underflows.
     *
     * @param steps  N, the sequence length (1000 in the lecture)
     * @param points number of w values between wMin and wMax (inclusive)
     */
    public static XYChart powerOfW(int steps, double wMin, double wMax, int points) {
        if (steps < 3) {
            throw new IllegalArgumentException("steps must be >= 3 (the lecture uses 1000), got " + steps);
        }
        if (!(wMin > 0) || !(wMax > wMin)) {
            throw new IllegalArgumentException("need 0 < wMin < wMax (log scale), got [" + wMin + ", " + wMax + "]");
        }
        if (points < 2) {
            throw new IllegalArgumentException("points must be >= 2, got " + points);
        }
        int n = steps;
        String yName = "y" + sup(n) + " = w" + sup(n - 1);
        String dName = "dy" + sup(n) + "/dw = " + (n - 1) + "·w" + sup(n - 2);
        XYChart chart = xyChart("Why training is hard: the same weight " + (n - 1) + " times", "recurrent weight w",
            "value (log scale)");
        double[] w = linspace(wMin, wMax, points);
        double[] y = new double[points];
        double[] d = new double[points];
        for (int i = 0; i < points; i++) {
            // in log10 directly: w^999 over/underflows double for w far from 1
            y[i] = (n - 1) * Math.log10(w[i]);
            d[i] = Math.log10(n - 1) + (n - 2) * Math.log10(w[i]);
        }
        XYSeries ys = chart.addSeries(yName, w, y);
        ys.setMarker(SeriesMarkers.NONE);
        XYSeries ds = chart.addSeries(dName, w, d);
        ds.setMarker(SeriesMarkers.NONE);
        ds.setLineStyle(SeriesLines.DASH_DASH);
        Color[] markColors = {new Color(0, 114, 178), Color.BLACK, new Color(213, 94, 0)};
        int k = 0;
        for (double wm : new double[] {0.99, 1.0, 1.01}) {
            if (wm < wMin || wm > wMax) {
                continue;
            }
            double yv = Math.pow(wm, n - 1);
            double dv = (n - 1) * Math.pow(wm, n - 2);
            XYSeries marks = chart.addSeries(String.format(Locale.ROOT, "w = %s: y ≈ %s, dy/dw ≈ %s", trim(wm),
                SurfaceChart.format(yv), SurfaceChart.format(dv)),
                new double[] {wm, wm}, new double[] {Math.log10(yv), Math.log10(dv)});
            marks.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            marks.setMarker(markerFor(k));
            marks.setMarkerColor(markColors[k % markColors.length]);
            k++;
        }
        powersOfTenAxis(chart);
        chart.getStyler().setXAxisMin(wMin);
        chart.getStyler().setXAxisMax(wMax);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setMarkerSize(10);
        return chart;
    }

    private static org.knowm.xchart.style.markers.Marker markerFor(int k) {
        org.knowm.xchart.style.markers.Marker[] m = {SeriesMarkers.DIAMOND, SeriesMarkers.SQUARE,
            SeriesMarkers.TRIANGLE_UP};
        return m[k % m.length];
    }

    // ------------------------------------------------------------------------------------------ loss surface

    /**
     * Loss surface over two weights as a heatmap with gradient-descent paths on top (lecture p.35: with and
     * without clipping).
     *
     * @param loss  {@code loss[i][j] = L(w1[i], w2[j])}
     * @param w1    increasing x-axis values
     * @param w2    increasing y-axis values
     * @param paths named paths, each a list of points {@code {w1, w2}}; may be empty or null
     */
    public static SurfaceChart lossSurface(double[][] loss, double[] w1, double[] w2,
                                           Map<String, List<double[]>> paths) {
        requireIncreasing(w1, "w1");
        requireIncreasing(w2, "w2");
        int r = requireMatrix(loss, "loss");
        if (r != w1.length) {
            throw new IllegalArgumentException("loss has " + r + " rows but w1 has " + w1.length
                + " values: loss[i][j] must be L(w1[i], w2[j])");
        }
        for (int i = 0; i < r; i++) {
            if (loss[i].length != w2.length) {
                throw new IllegalArgumentException("loss row " + i + " has " + loss[i].length + " values but w2 has "
                    + w2.length + ": loss[i][j] must be L(w1[i], w2[j])");
            }
        }
        SurfaceChart chart = new SurfaceChart(Style.WIDTH, Style.HEIGHT, w1, w2, loss);
        chart.setTitle("Loss surface and gradient descent");
        chart.setXAxisTitle("w1");
        chart.setYAxisTitle("w2");
        Style.apply(chart.getStyler());
        chart.getStyler().setPlotGridLinesVisible(false);
        chart.getStyler().setPlotContentSize(1.0);
        chart.getStyler().setXAxisMin(SurfaceChart.outerEdge(w1, false));
        chart.getStyler().setXAxisMax(SurfaceChart.outerEdge(w1, true));
        chart.getStyler().setYAxisMin(SurfaceChart.outerEdge(w2, false));
        chart.getStyler().setYAxisMax(SurfaceChart.outerEdge(w2, true));
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setSeriesColors(new Color[] {
            new Color(255, 60, 20), Color.WHITE, new Color(255, 0, 200), new Color(0, 220, 255), Color.BLACK});
        chart.getStyler().setLegendBackgroundColor(new Color(200, 200, 200)); // white paths stay visible
        if (paths != null) {
            for (Map.Entry<String, List<double[]>> e : paths.entrySet()) {
                addPath(chart, e.getKey(), e.getValue());
            }
        }
        return chart;
    }

    /**
     * Loss surface of a loss function over a regular grid ({@code n × n} points) with paths drawn on it.
     *
     * @param loss the loss as a function of (w1, w2), e.g. {@code (a, b) -> model.lossWith(a, b)}
     */
    public static SurfaceChart lossSurface(DoubleBinaryOperator loss, double w1Min, double w1Max, double w2Min,
                                           double w2Max, int n, Map<String, List<double[]>> paths) {
        double[] w1 = linspace(w1Min, w1Max, n);
        double[] w2 = linspace(w2Min, w2Max, n);
        return lossSurface(grid(loss, w1, w2), w1, w2, paths);
    }

    /** Adds one path of {w1, w2} points to a surface chart (line with small markers). */
    public static XYSeries addPath(XYChart chart, String name, List<double[]> points) {
        if (points == null || points.isEmpty()) {
            throw new IllegalArgumentException("path '" + name + "' has no points");
        }
        double[] x = new double[points.size()];
        double[] y = new double[points.size()];
        for (int k = 0; k < points.size(); k++) {
            double[] p = points.get(k);
            if (p == null || p.length != 2) {
                throw new IllegalArgumentException("point " + k + " of path '" + name
                    + "' must be {w1, w2}, got " + (p == null ? "null" : Arrays.toString(p)));
            }
            x[k] = p[0];
            y[k] = p[1];
        }
        XYSeries s = chart.addSeries(name, x, y);
        s.setMarker(points.size() <= 80 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        s.setLineWidth(2.5f);
        return s;
    }

    /** {@code grid[i][j] = loss(w1[i], w2[j])}. */
    public static double[][] grid(DoubleBinaryOperator loss, double[] w1, double[] w2) {
        double[][] g = new double[w1.length][w2.length];
        for (int i = 0; i < w1.length; i++) {
            for (int j = 0; j < w2.length; j++) {
                g[i][j] = loss.applyAsDouble(w1[i], w2[j]);
            }
        }
        return g;
    }

    /** {@code n} evenly spaced values from {@code a} to {@code b} inclusive. */
    public static double[] linspace(double a, double b, int n) {
        if (n < 2) {
            throw new IllegalArgumentException("linspace needs n >= 2, got " + n);
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = a + (b - a) * i / (n - 1);
        }
        v[n - 1] = b;
        return v;
    }

    // ------------------------------------------------------------------------------------------ evaluation

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

    /** Bar chart of F1 per label, y in [0, 1], each bar labelled with its value. */
    public static CategoryChart f1Bars(String[] labels, double[] f1) {
        int n = requireNonNull(labels, "labels").length;
        if (f1 == null || f1.length != n) {
            throw new IllegalArgumentException("f1 needs one value per label (" + n + "), got "
                + (f1 == null ? "null" : f1.length));
        }
        CategoryChart chart = new CategoryChart(Style.WIDTH, Style.HEIGHT);
        chart.setTitle("F1 per label");
        chart.setXAxisTitle("label");
        chart.setYAxisTitle("F1");
        Style.apply(chart.getStyler());
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(1.0);
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, Style.LABEL_SIZE));
        chart.getStyler().setLabelsPosition(0.9);
        chart.getStyler().setLabelsFontColorAutomaticEnabled(true);
        chart.getStyler().setDecimalPattern("0.00");
        chart.getStyler().setPlotGridVerticalLinesVisible(false);
        CategorySeries s = chart.addSeries("F1", new ArrayList<>(List.of(labels)), toList(f1));
        s.setFillColor(Style.seriesColors()[0]);
        rotateIfCrowded(chart.getStyler(), List.of(labels), Style.WIDTH - 120);
        return chart;
    }

    // ------------------------------------------------------------------------------------------ library objects

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

    /** {@link #lstmGates(double[][], double[][], double[][], double[][], List)} read from an LSTM's tape. */
    public static ChartGrid lstmGates(LSTM.Tape tape, int batchRow, List<String> tokens) {
        int steps = stepsToShow(tape.steps(), tokens);
        double[][][] v = new double[4][steps][];
        for (int t = 0; t < steps; t++) {
            v[0][t] = row(tape.inputGate(t), batchRow, "input gate");
            v[1][t] = row(tape.forgetGate(t), batchRow, "forget gate");
            v[2][t] = row(tape.outputGate(t), batchRow, "output gate");
            v[3][t] = row(tape.cell(t), batchRow, "cell");
        }
        return lstmGates(v[0], v[1], v[2], v[3], tokens);
    }

    /** {@link #lstmCellTrace(double[], double[], double[], double[], double[], double[], List)} for one cell of a tape. */
    public static XYChart lstmCellTrace(LSTM.Tape tape, int batchRow, int unit, List<String> tokens) {
        int steps = stepsToShow(tape.steps(), tokens);
        double[][] v = new double[6][steps];
        for (int t = 0; t < steps; t++) {
            v[0][t] = row(tape.cellInput(t), batchRow, "cell input")[checkUnit(unit, tape.cell(t))];
            v[1][t] = tape.inputGate(t).data[batchRow][unit];
            v[2][t] = tape.forgetGate(t).data[batchRow][unit];
            v[3][t] = tape.outputGate(t).data[batchRow][unit];
            v[4][t] = tape.cell(t).data[batchRow][unit];
            v[5][t] = tape.hidden(t).data[batchRow][unit];
        }
        XYChart c = lstmCellTrace(v[0], v[1], v[2], v[3], v[4], v[5], tokens);
        c.setTitle("LSTM cell " + unit + " over time");
        return c;
    }

    /** Train and dev loss per epoch of a training run (dev left out if never measured). */
    public static XYChart lossCurves(History history) {
        requireEpochs(history);
        double[] dev = history.series(EpochStats::devLoss);
        return lossCurves(history.series(EpochStats::trainLoss), allNaN(dev) ? null : dev);
    }

    /** Accuracy and chunk F1 on train and dev per epoch of a training run (series never measured are left out). */
    public static XYChart metricCurves(History history) {
        requireEpochs(history);
        Map<String, double[]> m = new LinkedHashMap<>();
        putMeasured(m, "train accuracy", history.series(EpochStats::trainAccuracy));
        putMeasured(m, "dev accuracy", history.series(EpochStats::devAccuracy));
        putMeasured(m, "train F1", history.series(EpochStats::trainF1));
        putMeasured(m, "dev F1", history.series(EpochStats::devF1));
        if (m.isEmpty()) {
            throw new IllegalArgumentException("the history has no accuracy or F1 measured in any epoch");
        }
        XYChart c = metricCurves(m);
        c.getStyler().setYAxisMin(0.0);
        c.getStyler().setYAxisMax(1.0);
        return c;
    }

    private static void requireEpochs(History history) {
        if (history == null || history.size() == 0) {
            throw new IllegalArgumentException("the history has no finished epoch yet: train first");
        }
    }

    private static void putMeasured(Map<String, double[]> m, String name, double[] v) {
        if (!allNaN(v)) {
            m.put(name, v);
        }
    }

    private static boolean allNaN(double[] v) {
        for (double x : v) {
            if (!Double.isNaN(x)) {
                return false;
            }
        }
        return true;
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

    private static int stepsToShow(int available, List<String> tokens) {
        if (tokens == null) {
            return available;
        }
        if (tokens.size() > available) {
            throw new IllegalArgumentException(tokens.size() + " tokens given but only " + available
                + " time steps were recorded: run forward on the sentence first");
        }
        return tokens.size();
    }

    private static double[] row(Matrix m, int batchRow, String what) {
        if (batchRow < 0 || batchRow >= m.rows) {
            throw new IllegalArgumentException("batch row " + batchRow + " is outside the " + what + " matrix ("
                + m.rows + "×" + m.cols + "): pick a sequence 0.." + (m.rows - 1));
        }
        return m.data[batchRow].clone();
    }

    private static int checkUnit(int unit, Matrix m) {
        if (unit < 0 || unit >= m.cols) {
            throw new IllegalArgumentException("unit " + unit + " is outside 0.." + (m.cols - 1) + " (the layer has "
                + m.cols + " cells)");
        }
        return unit;
    }

    // ------------------------------------------------------------------------------------------ output

    /** Renders a chart to an image, headless. */
    public static BufferedImage toImage(Chart<?, ?> chart) {
        return BitmapEncoder.getBufferedImage(chart);
    }

    /** The chart as PNG bytes. */
    public static byte[] png(Chart<?, ?> chart) {
        return pngBytes(toImage(chart));
    }

    /** The chart as an SVG document. */
    public static String svg(Chart<?, ?> chart) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode chart '" + chart.getTitle() + "' as SVG", e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * Saves a chart as PNG or SVG, chosen by the file extension ({@code .png} or {@code .svg}). The file is written
     * to a temporary file next to it and moved into place, so readers never see half a picture.
     *
     * @return the path written
     */
    public static Path save(Chart<?, ?> chart, Path file) {
        String ext = extension(file);
        byte[] bytes = ext.equals("svg") ? svg(chart).getBytes(StandardCharsets.UTF_8) : png(chart);
        return writeAtomically(file, bytes);
    }

    /** Saves a grid of charts as one PNG or SVG (by extension), atomically. */
    public static Path save(ChartGrid grid, Path file) {
        String ext = extension(file);
        byte[] bytes = ext.equals("svg") ? grid.toSvg().getBytes(StandardCharsets.UTF_8) : pngBytes(grid.toImage());
        return writeAtomically(file, bytes);
    }

    /** Saves any image as PNG, atomically. */
    public static Path save(BufferedImage image, Path file) {
        if (!extension(file).equals("png")) {
            throw new IllegalArgumentException("an image can only be saved as .png, got " + file);
        }
        return writeAtomically(file, pngBytes(image));
    }

    /**
     * An HTML {@code <img>} holding the picture as an inline PNG (data URI): self-contained, no script, kept in a
     * saved notebook. Used by composite objects ({@link ChartGrid}, {@link LiveChart}) for notebook display.
     */
    public static String imgTag(BufferedImage img, String alt) {
        return "<img alt=\"" + TokenColors.esc(alt) + "\" width=\"" + img.getWidth() + "\" height=\""
            + img.getHeight() + "\" src=\"data:image/png;base64,"
            + java.util.Base64.getEncoder().encodeToString(pngBytes(img)) + "\"/>";
    }

    static byte[] pngBytes(BufferedImage img) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(img, "png", out)) {
                throw new IllegalStateException("no PNG writer available in this JDK");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode PNG", e);
        }
        return out.toByteArray();
    }

    private static String extension(Path file) {
        if (file == null || file.getFileName() == null) {
            throw new IllegalArgumentException("need a file name ending in .png or .svg, got " + file);
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".png")) {
            return "png";
        }
        if (name.endsWith(".svg")) {
            return "svg";
        }
        throw new IllegalArgumentException("cannot tell the picture format of '" + file
            + "': use a file name ending in .png or .svg");
    }

    static Path writeAtomically(Path file, byte[] bytes) {
        AtomicFile.createFolders(file);
        AtomicFile.write(file, bytes);
        return file.toAbsolutePath();
    }

    // ------------------------------------------------------------------------------------------ helpers

    static XYChart xyChart(String title, String xTitle, String yTitle) {
        XYChart chart = new XYChart(Style.WIDTH, Style.HEIGHT);
        chart.setTitle(title);
        chart.setXAxisTitle(xTitle);
        chart.setYAxisTitle(yTitle);
        Style.apply(chart.getStyler());
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setMarkerSize(7);
        chart.getStyler().setSeriesLines(new BasicStroke[] {SeriesLines.SOLID});
        chart.getStyler().setYAxisDecimalPattern("0.###");
        return chart;
    }

    /**
     * Integer tick labels for step/epoch axes (no "2.5 epochs"). Up to 20 steps every step is labelled; beyond,
     * the axis runs from 0.5 to n + 0.5, which makes XChart choose round tick steps (5, 10, ...) instead of
     * squeezing "1011121314" together.
     */
    static void integerTicks(XYChart chart, int n) {
        // Non-integer positions get their number, not "": XChart drops all ticks when the axis ends format alike.
        chart.getStyler().setxAxisTickLabelsFormattingFunction(x -> {
            long k = Math.round(x);
            return Math.abs(x - k) < 1e-9 ? Long.toString(k) : SurfaceChart.format(x);
        });
        if (n > 20) {
            chart.getStyler().setXAxisMin(0.5);
            chart.getStyler().setXAxisMax(n + 0.5);
        } else {
            chart.getStyler().setXAxisMin(null);
            chart.getStyler().setXAxisMax(null);
        }
    }

    static void rotateIfCrowded(org.knowm.xchart.style.AxesChartStyler st, List<String> labels, int widthPx) {
        if (labels.isEmpty()) {
            return;
        }
        int longest = 1;
        for (String s : labels) {
            longest = Math.max(longest, s == null ? 0 : s.length());
        }
        double perLabel = (double) widthPx / labels.size();
        double needed = longest * Style.LABEL_SIZE * 0.62 + 6;
        if (needed > perLabel) {
            st.setXAxisLabelRotation(perLabel < Style.LABEL_SIZE * 2.2 ? 90 : 45);
        }
    }

    static double[] steps(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i + 1;
        }
        return x;
    }

    /** An unlabelled tick: one space, because XChart cannot lay out an empty label. */
    static final String BLANK = " ";

    private static List<String> tokenLabels(List<String> tokens, int t, String what) {
        List<String> labels = new ArrayList<>(t);
        if (tokens == null) {
            for (int i = 1; i <= t; i++) {
                labels.add(Integer.toString(i));
            }
            return labels;
        }
        if (tokens.size() != t) {
            throw new IllegalArgumentException(what + " has " + t + " time steps but " + tokens.size()
                + " tokens were given: pass one token per step (drop h[0], the initial state)");
        }
        int every = Math.max(1, (int) Math.ceil(t / 60.0));
        for (int i = 0; i < t; i++) {
            String s = tokens.get(i) == null || tokens.get(i).isEmpty() ? BLANK : tokens.get(i);
            labels.add(i % every == 0 ? s : BLANK);
        }
        return labels;
    }

    private static List<String> nonEmpty(List<String> labels) {
        List<String> out = new ArrayList<>(labels.size());
        for (String l : labels) {
            out.add(l == null || l.isEmpty() ? BLANK : l);
        }
        return out;
    }

    /** Repeated labels made distinct by appending zero-width spaces (invisible when drawn). */
    static List<String> distinctLabels(List<String> labels) {
        Map<String, Integer> seen = new java.util.HashMap<>();
        List<String> out = new ArrayList<>(labels.size());
        for (String l : labels) {
            int n = seen.merge(l, 1, Integer::sum) - 1;
            out.add(l + "\u200B".repeat(n));
        }
        return out;
    }

    private static double[] range(double[][] v, Color[] map, double min, double max) {
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

    private static void putIfPresent(Map<String, double[]> m, String name, double[] v) {
        if (v != null) {
            m.put(name, v);
        }
    }

    private static String trim(double v) {
        String s = String.format(Locale.ROOT, "%.2f", v);
        return s.endsWith(".00") ? s.substring(0, s.length() - 3) : s;
    }

    /** Unicode superscript digits, e.g. 999 → "⁹⁹⁹". */
    static String sup(int n) {
        String digits = "⁰¹²³⁴⁵⁶⁷⁸⁹";
        StringBuilder sb = new StringBuilder();
        for (char c : Integer.toString(n).toCharArray()) {
            sb.append(c == '-' ? '⁻' : digits.charAt(c - '0'));
        }
        return sb.toString();
    }

    private static List<Double> toList(double[] v) {
        List<Double> l = new ArrayList<>(v.length);
        for (double x : v) {
            l.add(x);
        }
        return l;
    }

    private static <T> T requireNonNull(T v, String name) {
        if (v == null) {
            throw new IllegalArgumentException(name + " is null");
        }
        return v;
    }

    private static double[] requireNonEmpty(double[] v, String name) {
        if (v == null || v.length == 0) {
            throw new IllegalArgumentException(name + " is " + (v == null ? "null" : "empty")
                + ": pass at least one value");
        }
        return v;
    }

    private static void requireSeries(Map<String, double[]> m, String name) {
        if (m == null || m.isEmpty()) {
            throw new IllegalArgumentException(name + " has no series: pass e.g. Map.of(\"train loss\", values)");
        }
    }

    /** Checks a non-empty rectangular matrix and returns its row count. */
    private static int requireMatrix(double[][] v, String name) {
        if (v == null || v.length == 0 || v[0] == null || v[0].length == 0) {
            throw new IllegalArgumentException(name + " is empty: expected double[T][H] with T, H >= 1");
        }
        for (int i = 0; i < v.length; i++) {
            if (v[i] == null || v[i].length != v[0].length) {
                throw new IllegalArgumentException(name + " row " + i + " has "
                    + (v[i] == null ? "no" : Integer.toString(v[i].length)) + " values, row 0 has " + v[0].length
                    + ": the matrix must be rectangular");
            }
        }
        return v.length;
    }

    private static void requireShape(double[][] v, int t, int h, String name) {
        int rows = requireMatrix(v, name);
        if (rows != t || v[0].length != h) {
            throw new IllegalArgumentException(name + " is " + rows + "×" + v[0].length + " but the input gate is "
                + t + "×" + h + ": all gate and cell arrays must be double[T][H]");
        }
    }

    private static void requireIncreasing(double[] w, String name) {
        if (w == null || w.length == 0) {
            throw new IllegalArgumentException(name + " is empty: pass the grid's axis values");
        }
        for (int i = 1; i < w.length; i++) {
            if (!(w[i] > w[i - 1])) {
                throw new IllegalArgumentException(name + " must be strictly increasing, but " + name + "[" + (i - 1)
                    + "] = " + w[i - 1] + " and " + name + "[" + i + "] = " + w[i]);
            }
        }
    }
}
