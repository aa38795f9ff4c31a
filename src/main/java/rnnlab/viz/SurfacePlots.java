package rnnlab.viz;

import static rnnlab.viz.ChartKit.*;
import static rnnlab.viz.EvalPlots.*;
import static rnnlab.viz.GradientPlots.*;
import static rnnlab.viz.Heatmaps.*;
import static rnnlab.viz.LstmPlots.*;
import static rnnlab.viz.Pictures.*;
import static rnnlab.viz.TrainingCurves.*;

import java.awt.Color;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleBinaryOperator;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Loss surfaces over two weights with gradient-descent paths drawn on them (lecture p.35: the cliff, clipping).
 *
 * <p>Part of the plots that {@link Plots} gathers behind one facade; see {@link Plots} for the shape conventions.
 */
public final class SurfacePlots {
    private SurfacePlots() {}

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
        SurfaceChart chart = ChartKit.titled(new SurfaceChart(Style.WIDTH, Style.HEIGHT, w1, w2, loss),
                "Loss surface and gradient descent", "w1", "w2");
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
}
