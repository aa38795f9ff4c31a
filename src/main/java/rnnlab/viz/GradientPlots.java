package rnnlab.viz;

import static rnnlab.viz.ChartKit.*;
import static rnnlab.viz.EvalPlots.*;
import static rnnlab.viz.Heatmaps.*;
import static rnnlab.viz.LstmPlots.*;
import static rnnlab.viz.Pictures.*;
import static rnnlab.viz.SurfacePlots.*;
import static rnnlab.viz.TrainingCurves.*;

import java.awt.Color;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Gradients over time on log axes: gradient norms per time step, and the lecture's y¹⁰⁰⁰ = w⁹⁹⁹ (p.36).
 * Log plots hold log10 of the values with 10ⁿ tick labels ({@link #powersOfTenAxis}).
 *
 * <p>Part of the plots that {@link Plots} gathers behind one facade; see {@link Plots} for the shape conventions.
 */
public final class GradientPlots {
    private GradientPlots() {}

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
        chart.getStyler().setyAxisTickLabelsFormattingFunction(GradientPlots::powerOfTenLabel);
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

    static org.knowm.xchart.style.markers.Marker markerFor(int k) {
        org.knowm.xchart.style.markers.Marker[] m = {SeriesMarkers.DIAMOND, SeriesMarkers.SQUARE,
            SeriesMarkers.TRIANGLE_UP};
        return m[k % m.length];
    }

    static String trim(double v) {
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
}
