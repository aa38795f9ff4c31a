package rnnlab.viz;

import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Pictures for the lecture's applications (Part II p.39–79): attention weights over tokens and as a source × output
 * heatmap, sequence vectors in 2-D, curves over training steps. Each returns the XChart chart (restylable) in the
 * project style.
 */
public final class ApplicationPlots {
    private ApplicationPlots() {}

    /**
     * Attention as a heatmap: one row per output step (the output tokens, then "==="), one column per source token;
     * cell = the weight αₜᵢ with which output step t read source token i (each row sums to 1).
     */
    public static HeatMapChart attention(double[][] weights, List<String> source, List<String> outputRows) {
        if (weights.length != outputRows.size()) {
            throw new IllegalArgumentException("attention: " + weights.length + " rows of weights but "
                    + outputRows.size() + " output labels; pass one label per output step");
        }
        HeatMapChart c = Plots.heatmap("attention: output step × source token", weights, source, outputRows,
                ColorMaps.sequential(), 0, 1);
        c.setXAxisTitle("source token (what the encoder read)");
        c.setYAxisTitle("output step (what the decoder wrote)");
        return c;
    }

    /** Attention weights of one sequence as bars, one per token (key-term attention, p.41). */
    public static CategoryChart tokenWeights(String title, List<String> tokens, double[] weights) {
        if (tokens.size() != weights.length) {
            throw new IllegalArgumentException("tokenWeights: " + tokens.size() + " tokens and " + weights.length
                    + " weights; pass one weight per token");
        }
        CategoryChart c = new CategoryChartBuilder().width(Style.WIDTH).height(360).title(title)
                .xAxisTitle("token").yAxisTitle("attention weight α").build();
        Style.apply(c.getStyler());
        c.getStyler().setLegendVisible(false);
        c.getStyler().setYAxisMin(0.0);
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            labels.add((i + 1) + ":" + tokens.get(i)); // repeated words stay separate bars
        }
        List<Double> w = new ArrayList<>();
        for (double v : weights) {
            w.add(v);
        }
        c.addSeries("α", labels, w);
        return c;
    }

    /** Tokens coloured by their attention weights on the sequential map (dark = 0, bright = the largest weight). */
    public static TokenColors tokenColors(List<String> tokens, double[] weights, String caption) {
        double max = 0;
        for (double v : weights) {
            max = Math.max(max, v);
        }
        return TokenColors.byActivation(tokens, weights, caption, 0, max > 0 ? max : 1, ColorMaps.sequential());
    }

    /**
     * Points in 2-D (e.g. sequence vectors projected on their 2 principal components), one colour and marker per
     * group, each point labelled.
     *
     * @param labels one label per point (written next to it; null or "" for none)
     * @param groups one group name per point (the legend)
     */
    public static XYChart scatter(String title, double[][] points, List<String> labels, List<String> groups) {
        if (points.length != groups.size() || (labels != null && labels.size() != points.length)) {
            throw new IllegalArgumentException("scatter: " + points.length + " points, " + groups.size()
                    + " groups" + (labels != null ? ", " + labels.size() + " labels" : "")
                    + "; pass one group (and label) per point");
        }
        XYChart c = new XYChartBuilder().width(Style.WIDTH).height(Style.HEIGHT).title(title)
                .xAxisTitle("component 1").yAxisTitle("component 2").build();
        Style.apply(c.getStyler());
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        c.getStyler().setMarkerSize(9);
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        Map<String, List<double[]>> byGroup = new LinkedHashMap<>();
        for (int i = 0; i < points.length; i++) {
            if (points[i].length < 2) {
                throw new IllegalArgumentException("scatter: point " + i + " has " + points[i].length + " coordinates");
            }
            byGroup.computeIfAbsent(groups.get(i), k -> new ArrayList<>()).add(points[i]);
        }
        Color[] colors = Style.seriesColors();
        var markers = new org.knowm.xchart.style.markers.Marker[] {SeriesMarkers.CIRCLE, SeriesMarkers.SQUARE,
                SeriesMarkers.DIAMOND, SeriesMarkers.TRIANGLE_UP, SeriesMarkers.TRIANGLE_DOWN, SeriesMarkers.CROSS};
        if (byGroup.size() > colors.length) {
            throw new IllegalArgumentException("scatter: " + byGroup.size() + " groups but only " + colors.length
                    + " distinct colours; merge groups");
        }
        int g = 0;
        for (Map.Entry<String, List<double[]>> e : byGroup.entrySet()) {
            double[] x = new double[e.getValue().size()], y = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = e.getValue().get(i)[0];
                y[i] = e.getValue().get(i)[1];
            }
            XYSeries s = c.addSeries(e.getKey(), x, y);
            s.setMarkerColor(colors[g]);
            s.setMarker(markers[g % markers.length]);
            g++;
        }
        if (labels != null) {
            c.getStyler().setAnnotationTextFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            c.getStyler().setAnnotationTextFontColor(new Color(60, 60, 60));
            double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
            for (double[] p : points) {
                lo = Math.min(lo, p[1]);
                hi = Math.max(hi, p[1]);
            }
            double lift = 0.045 * (hi > lo ? hi - lo : 1);          // the label sits just above its point
            for (int i = 0; i < points.length; i++) {
                String l = labels.get(i);
                if (l != null && !l.isEmpty()) {
                    c.addAnnotation(new AnnotationText(l, points[i][0], points[i][1] + lift, false));
                }
            }
        }
        return c;
    }

    /** Curves over training steps (x = the given steps), e.g. training and held-out perplexity. */
    public static XYChart stepCurves(String title, String yAxisTitle, int[] steps, Map<String, double[]> series) {
        XYChart c = new XYChartBuilder().width(Style.WIDTH).height(420).title(title).xAxisTitle("training step")
                .yAxisTitle(yAxisTitle).build();
        Style.apply(c.getStyler());
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        double[] x = new double[steps.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = steps[i];
        }
        var markers = new org.knowm.xchart.style.markers.Marker[] {SeriesMarkers.CIRCLE, SeriesMarkers.SQUARE,
                SeriesMarkers.DIAMOND, SeriesMarkers.TRIANGLE_UP};
        int k = 0;
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            if (e.getValue().length != steps.length) {
                throw new IllegalArgumentException("stepCurves: series '" + e.getKey() + "' has " + e.getValue().length
                        + " values for " + steps.length + " steps");
            }
            c.addSeries(e.getKey(), x, e.getValue()).setMarker(markers[k++ % markers.length]);
        }
        return c;
    }
}
