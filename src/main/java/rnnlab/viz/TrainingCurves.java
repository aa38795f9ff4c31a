package rnnlab.viz;

import static rnnlab.viz.ChartKit.*;
import static rnnlab.viz.EvalPlots.*;
import static rnnlab.viz.GradientPlots.*;
import static rnnlab.viz.Heatmaps.*;
import static rnnlab.viz.LstmPlots.*;
import static rnnlab.viz.Pictures.*;
import static rnnlab.viz.SurfacePlots.*;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;
import rnnlab.train.EpochStats;
import rnnlab.train.History;

/**
 * Curves per epoch of a training run: loss, accuracy and F1 (train solid, dev dashed), from plain arrays or a
 * {@link rnnlab.train.History}.
 *
 * <p>Part of the plots that {@link Plots} gathers behind one facade; see {@link Plots} for the shape conventions.
 */
public final class TrainingCurves {
    private TrainingCurves() {}

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

    static void requireEpochs(History history) {
        if (history == null || history.size() == 0) {
            throw new IllegalArgumentException("the history has no finished epoch yet: train first");
        }
    }

    static void putMeasured(Map<String, double[]> m, String name, double[] v) {
        if (!allNaN(v)) {
            m.put(name, v);
        }
    }

    static boolean allNaN(double[] v) {
        for (double x : v) {
            if (!Double.isNaN(x)) {
                return false;
            }
        }
        return true;
    }
}
