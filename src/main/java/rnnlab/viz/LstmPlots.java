package rnnlab.viz;

import static rnnlab.viz.ChartKit.*;
import static rnnlab.viz.EvalPlots.*;
import static rnnlab.viz.GradientPlots.*;
import static rnnlab.viz.Heatmaps.*;
import static rnnlab.viz.Pictures.*;
import static rnnlab.viz.SurfacePlots.*;
import static rnnlab.viz.TrainingCurves.*;

import java.awt.Font;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;
import rnnlab.cells.LSTM;
import rnnlab.cells.LayerTrace;

/**
 * What one LSTM layer or cell does over time: the 2×2 gate and memory heatmaps, and a single cell's trace as two
 * stacked panels (values above, gates in [0, 1] below), from plain arrays or an {@link rnnlab.cells.LSTM.Tape}.
 *
 * <p>Part of the plots that {@link Plots} gathers behind one facade; see {@link Plots} for the shape conventions.
 */
public final class LstmPlots {
    private LstmPlots() {}

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

    /** Height of the value panel of {@link #lstmCellTrace}; the gate panel below it is {@link #GATE_PANEL_HEIGHT}. */
    static final int VALUE_PANEL_HEIGHT = 330;
    static final int GATE_PANEL_HEIGHT = 280;

    /**
     * Line traces of one LSTM cell over time, the lecture's single-cell tables drawn as curves, in two stacked
     * panels over the same steps: above, the values (cell input g(z), memory c, output y) on their own scale; below,
     * the three gates on a fixed [0, 1] axis (0 = closed, 1 = open). Separate panels, not two y-axes on one plot: on
     * twin axes a memory of 7 sits exactly on a gate value of 1 and the lines hide each other. Each gate has its own
     * colour, marker and dash, so gates with the same value stay visible on top of each other.
     *
     * <p>Any argument may be null to leave that curve out (a panel with no curve is left out); all given arrays
     * have length T.
     *
     * @param tokens T labels for the x axis (tokens or inputs such as "(3,1,0)"), or null for step numbers
     * @return a one-column {@link ChartGrid}: chart 0 = values (when any), then gates (when any); retitle it with
     *         {@link ChartGrid#setTitle}
     */
    public static ChartGrid lstmCellTrace(double[] cellInput, double[] inputGate, double[] forgetGate,
                                          double[] outputGate, double[] memory, double[] output,
                                          List<String> tokens) {
        Map<String, double[]> values = new LinkedHashMap<>();
        putIfPresent(values, "cell input g(z)", cellInput);
        putIfPresent(values, "memory c", memory);
        putIfPresent(values, "output y", output);
        Map<String, double[]> gates = new LinkedHashMap<>();
        putIfPresent(gates, "input gate f(zⁱ)", inputGate);
        putIfPresent(gates, "forget gate f(zᶠ)", forgetGate);
        putIfPresent(gates, "output gate f(zᵒ)", outputGate);
        if (values.isEmpty() && gates.isEmpty()) {
            throw new IllegalArgumentException("lstmCellTrace: every series is null, nothing to draw");
        }
        List<XYChart> panels = new java.util.ArrayList<>();
        if (!values.isEmpty()) {
            XYChart v = stepTrace(Style.WIDTH, gates.isEmpty() ? Style.HEIGHT : VALUE_PANEL_HEIGHT, "values",
                "value", values, tokens);
            v.getStyler().setChartTitleVisible(false);
            v.setXAxisTitle(gates.isEmpty() ? v.getXAxisTitle() : "");
            // the value colours are not the gate colours: blue, vermillion, bluish green / purple, orange, sky blue
            java.awt.Color[] c = Style.seriesColors();
            int k = 0;
            for (XYSeries s : v.getSeriesMap().values()) {
                s.setLineColor(c[k]);
                s.setMarkerColor(c[k]);
                s.setLineWidth(2.5f);
                k++;
            }
            panels.add(v);
        }
        if (!gates.isEmpty()) {
            XYChart g = stepTrace(Style.WIDTH, values.isEmpty() ? Style.HEIGHT : GATE_PANEL_HEIGHT, "gates",
                "gate (1 = open)", gates, tokens);
            g.getStyler().setChartTitleVisible(false);
            g.getStyler().setYAxisMin(-0.05);
            g.getStyler().setYAxisMax(1.05);
            java.awt.Color[] c = Style.seriesColors();
            java.awt.Color[] gateColors = {c[3], c[4], c[5]};
            org.knowm.xchart.style.markers.Marker[] markers = {SeriesMarkers.SQUARE, SeriesMarkers.DIAMOND,
                SeriesMarkers.TRIANGLE_UP};
            java.awt.BasicStroke[] lines = {SeriesLines.SOLID, SeriesLines.DASH_DASH, SeriesLines.DOT_DOT};
            float[] widths = {4.5f, 3f, 2f};          // wide under narrow: equal gates still show every line
            int[] sizes = {13, 10, 7};
            int k = 0;
            for (String name : gates.keySet()) {
                XYSeries s = g.getSeriesMap().get(name);
                int i = name.startsWith("input") ? 0 : name.startsWith("forget") ? 1 : 2;
                s.setLineColor(gateColors[i]);
                s.setMarkerColor(gateColors[i]);
                s.setMarker(markers[i]);
                s.setLineStyle(lines[i]);
                s.setLineWidth(widths[i]);
                k++;
            }
            g.getStyler().setMarkerSize(9);
            panels.add(g);
        }
        alignPlotAreas(panels);
        return new ChartGrid(panels, 1).setTitle("One LSTM cell over time");
    }

    /**
     * Stacked panels share the x axis, so their plot areas should start at the same x: legends go below each panel
     * (full-width plots) and both y axes print one decimal ("7.0" over "1.0"), so their labels take the same width
     * as long as the values stay in [0, 10).
     */
    private static void alignPlotAreas(List<XYChart> panels) {
        for (XYChart c : panels) {
            c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
            c.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
            c.getStyler().setYAxisDecimalPattern("0.0");
        }
    }

    /**
     * Named per-step series over time steps 1..T (e.g. the lecture's single-cell examples: memory c, gates, output
     * y), x tick labels = the tokens when given.
     */
    public static XYChart stepTrace(String title, String yAxisTitle, Map<String, double[]> seriesByName,
                                    List<String> tokens) {
        return stepTrace(Style.WIDTH, Style.HEIGHT, title, yAxisTitle, seriesByName, tokens);
    }

    static XYChart stepTrace(int width, int height, String title, String yAxisTitle,
                             Map<String, double[]> seriesByName, List<String> tokens) {
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
        XYChart chart = xyChart(width, height, title, tokens == null ? "time step" : "input at each step", yAxisTitle);
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
    public static ChartGrid lstmCellTrace(LSTM.Tape tape, int batchRow, int unit, List<String> tokens) {
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
        ChartGrid c = lstmCellTrace(v[0], v[1], v[2], v[3], v[4], v[5], tokens);
        c.setTitle("LSTM cell " + unit + " over time");
        return c;
    }
    /**
     * {@link #lstmGates(double[][], double[][], double[][], double[][], List)} read from an LSTM layer's trace
     * ({@code tagger.trace(tokens).layer(0)}, {@code lstm.trace(xs).get(0)}): no cast to {@link LSTM}, no tape.
     */
    public static ChartGrid lstmGates(LayerTrace trace, int batchRow, List<String> tokens) {
        int steps = stepsToShow(requireLstm(trace).steps(), tokens);
        return lstmGates(first(trace.series("input gate", batchRow), steps),
            first(trace.series("forget gate", batchRow), steps), first(trace.series("output gate", batchRow), steps),
            first(trace.series("c", batchRow), steps), tokens);
    }

    /** {@link #lstmCellTrace(double[], double[], double[], double[], double[], double[], List)} for one cell of a trace. */
    public static ChartGrid lstmCellTrace(LayerTrace trace, int batchRow, int unit, List<String> tokens) {
        int steps = stepsToShow(requireLstm(trace).steps(), tokens);
        ChartGrid c = lstmCellTrace(first(trace.series("g(z)", batchRow, unit), steps),
            first(trace.series("input gate", batchRow, unit), steps),
            first(trace.series("forget gate", batchRow, unit), steps),
            first(trace.series("output gate", batchRow, unit), steps), first(trace.series("c", batchRow, unit), steps),
            first(trace.series("h", batchRow, unit), steps), tokens);
        c.setTitle("LSTM cell " + unit + " over time");
        return c;
    }

    private static LayerTrace requireLstm(LayerTrace trace) {
        if (trace == null) {
            throw new IllegalArgumentException("the trace is null: pass tagger.trace(tokens).layer(0) of an LSTM tagger");
        }
        for (String q : List.of("g(z)", "input gate", "forget gate", "output gate", "c", "h")) {
            if (!trace.has(q)) {
                throw new IllegalArgumentException("LSTM plots need an LSTM layer's trace (with '" + q + "'); "
                    + trace.name() + " has " + trace.quantities());
            }
        }
        return trace;
    }

    private static double[][] first(double[][] v, int n) {
        return java.util.Arrays.copyOf(v, n);
    }

    private static double[] first(double[] v, int n) {
        return java.util.Arrays.copyOf(v, n);
    }
}
