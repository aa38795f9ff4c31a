package rnnlab.viz;

import static rnnlab.viz.EvalPlots.*;
import static rnnlab.viz.GradientPlots.*;
import static rnnlab.viz.Heatmaps.*;
import static rnnlab.viz.LstmPlots.*;
import static rnnlab.viz.Pictures.*;
import static rnnlab.viz.SurfacePlots.*;
import static rnnlab.viz.TrainingCurves.*;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import rnnlab.core.Matrix;

/**
 * Shared chart helpers of this package: the styled empty XY chart, integer and token ticks, argument checks.
 *
 * <p>Part of the plots that {@link Plots} gathers behind one facade; see {@link Plots} for the shape conventions.
 */
final class ChartKit {
    private ChartKit() {}

    /** Graphics on {@code img}, antialiased (shapes and text), filled white; the caller disposes of it. */
    static Graphics2D whiteCanvas(BufferedImage img) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        return g;
    }

    static int stepsToShow(int available, List<String> tokens) {
        if (tokens == null) {
            return available;
        }
        if (tokens.size() > available) {
            throw new IllegalArgumentException(tokens.size() + " tokens given but only " + available
                + " time steps were recorded: run forward on the sentence first");
        }
        return tokens.size();
    }

    static double[] row(Matrix m, int batchRow, String what) {
        if (batchRow < 0 || batchRow >= m.rows) {
            throw new IllegalArgumentException("batch row " + batchRow + " is outside the " + what + " matrix ("
                + m.rows + "×" + m.cols + "): pick a sequence 0.." + (m.rows - 1));
        }
        return m.data[batchRow].clone();
    }

    static int checkUnit(int unit, Matrix m) {
        if (unit < 0 || unit >= m.cols) {
            throw new IllegalArgumentException("unit " + unit + " is outside 0.." + (m.cols - 1) + " (the layer has "
                + m.cols + " cells)");
        }
        return unit;
    }

    /** {@code chart} with its title and axis titles set, in the house style ({@link Style#apply}). */
    static <C extends Chart<?, ?>> C titled(C chart, String title, String xTitle, String yTitle) {
        chart.setTitle(title);
        chart.setXAxisTitle(xTitle);
        chart.setYAxisTitle(yTitle);
        Style.apply(chart.getStyler());
        return chart;
    }

    static XYChart xyChart(String title, String xTitle, String yTitle) {
        return xyChart(Style.WIDTH, Style.HEIGHT, title, xTitle, yTitle);
    }

    static XYChart xyChart(int width, int height, String title, String xTitle, String yTitle) {
        XYChart chart = titled(new XYChart(width, height), title, xTitle, yTitle);
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

    static List<String> tokenLabels(List<String> tokens, int t, String what) {
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

    static List<String> nonEmpty(List<String> labels) {
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

    static void putIfPresent(Map<String, double[]> m, String name, double[] v) {
        if (v != null) {
            m.put(name, v);
        }
    }

    static List<Double> toList(double[] v) {
        List<Double> l = new ArrayList<>(v.length);
        for (double x : v) {
            l.add(x);
        }
        return l;
    }

    static <T> T requireNonNull(T v, String name) {
        if (v == null) {
            throw new IllegalArgumentException(name + " is null");
        }
        return v;
    }

    static double[] requireNonEmpty(double[] v, String name) {
        if (v == null || v.length == 0) {
            throw new IllegalArgumentException(name + " is " + (v == null ? "null" : "empty")
                + ": pass at least one value");
        }
        return v;
    }

    static void requireSeries(Map<String, double[]> m, String name) {
        if (m == null || m.isEmpty()) {
            throw new IllegalArgumentException(name + " has no series: pass e.g. Map.of(\"train loss\", values)");
        }
    }

    /** Checks a non-empty rectangular matrix and returns its row count. */
    static int requireMatrix(double[][] v, String name) {
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

    static void requireShape(double[][] v, int t, int h, String name) {
        int rows = requireMatrix(v, name);
        if (rows != t || v[0].length != h) {
            throw new IllegalArgumentException(name + " is " + rows + "×" + v[0].length + " but the input gate is "
                + t + "×" + h + ": all gate and cell arrays must be double[T][H]");
        }
    }

    static void requireIncreasing(double[] w, String name) {
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
