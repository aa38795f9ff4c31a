package rnnlab.viz;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import rnnlab.core.HtmlRenderable;
import rnnlab.train.EpochStats;
import rnnlab.train.ProgressListener;

/**
 * A per-epoch curve chart that grows during training and re-renders after each epoch.
 *
 * <p>Feed it one value per series per epoch with {@link #epoch(double...)} (or {@link #add} per series) from a
 * training callback; every listener registered with {@link #onUpdate} then receives a freshly rendered image. The
 * notebook glue uses that to replace the picture in place (display once with an id, then update the display), so a
 * training run shows one moving curve instead of hundreds of lines. Without listeners, call {@link #image()} when
 * wanted. The XChart chart itself is {@link #chart()}, restylable like any other.
 *
 * <pre>
 *   var live = LiveChart.loss();                       // series "train loss", "dev loss"
 *   live.onUpdate(img -> display.update(id, img));     // wiring done by the notebook glue
 *   for (int e = 1; e <= 20; e++) { ...; live.epoch(trainLoss, devLoss); }
 * </pre>
 *
 * <p>In a notebook, with the glue's {@code rnnlab.notebook.Live}:
 * <pre>
 *   var view = Live.show(live.image());
 *   live.onUpdate(view::update);
 * </pre>
 * Shown directly, a live chart displays its current picture ({@link #toHtml()}, an inline PNG).
 *
 * <p>Methods are synchronized: a training thread may feed values while another thread renders.
 */
public final class LiveChart implements HtmlRenderable {
    private final XYChart chart;
    private final Map<String, List<Double>> values = new LinkedHashMap<>();
    private final List<Consumer<BufferedImage>> listeners = new CopyOnWriteArrayList<>();

    /**
     * A live chart with named series (legend order), x = epoch.
     *
     * @param seriesNames at least one name; names starting with "dev" are drawn dashed
     */
    public LiveChart(String title, String yAxisTitle, String... seriesNames) {
        if (seriesNames == null || seriesNames.length == 0) {
            throw new IllegalArgumentException("a live chart needs at least one series name, e.g. \"train loss\"");
        }
        for (String s : seriesNames) {
            if (s == null || s.isBlank() || values.containsKey(s)) {
                throw new IllegalArgumentException("series names must be non-blank and distinct, got '" + s + "'");
            }
            values.put(s, new ArrayList<>());
        }
        chart = ChartKit.xyChart(title, "epoch", yAxisTitle);
        ChartKit.integerTicks(chart, 0);
    }

    /** Train and dev loss per epoch. */
    public static LiveChart loss() {
        return new LiveChart("Loss per epoch", "loss", "train loss", "dev loss");
    }

    /** Chunk F1 on train and dev per epoch (fed by {@link #progressListener()}). */
    public static LiveChart f1() {
        return new LiveChart("F1 per epoch", "chunk F1", "train F1", "dev F1");
    }

    /** The chart (series appear once they have a value). */
    public synchronized XYChart chart() {
        return chart;
    }

    /** Series names in legend order. */
    public synchronized List<String> seriesNames() {
        return List.copyOf(values.keySet());
    }

    /** Number of epochs recorded so far (the longest series). */
    public synchronized int epochs() {
        int n = 0;
        for (List<Double> v : values.values()) {
            n = Math.max(n, v.size());
        }
        return n;
    }

    /** The values of one series so far. */
    public synchronized double[] values(String series) {
        List<Double> v = series(series);
        double[] out = new double[v.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = v.get(i);
        }
        return out;
    }

    /**
     * Records one epoch: one value per series in the order of the constructor (NaN = not measured this epoch),
     * updates the chart and notifies the listeners.
     */
    public LiveChart epoch(double... perSeries) {
        synchronized (this) {
            if (perSeries == null || perSeries.length != values.size()) {
                throw new IllegalArgumentException("epoch() needs one value per series " + values.keySet() + ", got "
                    + (perSeries == null ? "null" : perSeries.length) + "; use NaN for a series not measured");
            }
            int k = 0;
            for (List<Double> v : values.values()) {
                v.add(perSeries[k++]);
            }
            refresh();
        }
        notifyListeners();
        return this;
    }

    /** Appends the next epoch's value of one series, updates the chart and notifies the listeners. */
    public LiveChart add(String series, double value) {
        synchronized (this) {
            series(series).add(value);
            refresh();
        }
        notifyListeners();
        return this;
    }

    /** Registers a listener called with a freshly rendered image after every update. Returns this chart. */
    public LiveChart onUpdate(Consumer<BufferedImage> listener) {
        if (listener == null) {
            throw new IllegalArgumentException("listener is null");
        }
        listeners.add(listener);
        return this;
    }

    /** Renders the current state (a placeholder before the first epoch). */
    public synchronized BufferedImage image() {
        if (chart.getSeriesMap().isEmpty()) {
            BufferedImage img = new BufferedImage(chart.getWidth(), chart.getHeight(), BufferedImage.TYPE_INT_RGB);
            Graphics2D g = img.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, img.getWidth(), img.getHeight());
            g.setColor(Color.DARK_GRAY);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, Style.AXIS_TITLE_SIZE));
            g.drawString(chart.getTitle() + ": waiting for the first epoch …", 40, img.getHeight() / 2);
            g.dispose();
            return img;
        }
        return Plots.toImage(chart);
    }

    /**
     * A training listener feeding this chart after every epoch: series named "train loss", "dev loss",
     * "train accuracy", "dev accuracy", "train F1", "dev F1" or "grad norm" get that value of the epoch, other
     * series NaN. Use {@code trainer.withProgress(live.progressListener())}.
     */
    public ProgressListener progressListener() {
        LiveChart self = this;
        return new ProgressListener() {
            @Override
            public void epochEnded(EpochStats stats, boolean best) {
                List<String> names = seriesNames();
                double[] v = new double[names.size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = valueOf(names.get(i), stats);
                }
                self.epoch(v);
            }

            @Override
            public String toString() {
                return "ProgressListener feeding " + self;
            }
        };
    }

    static double valueOf(String series, EpochStats s) {
        return switch (series) {
            case "train loss" -> s.trainLoss();
            case "dev loss" -> s.devLoss();
            case "train accuracy" -> s.trainAccuracy();
            case "dev accuracy" -> s.devAccuracy();
            case "train F1" -> s.trainF1();
            case "dev F1" -> s.devF1();
            case "grad norm" -> s.gradNorm();
            default -> Double.NaN;
        };
    }

    /** The current picture as an {@code <img>} with an inline PNG (data URI). */
    @Override
    public String toHtml() {
        return Pictures.imgTag(image(), toString());
    }

    private void notifyListeners() {
        if (listeners.isEmpty()) {
            return;
        }
        BufferedImage img = image();
        for (Consumer<BufferedImage> l : listeners) {
            l.accept(img);
        }
    }

    private List<Double> series(String name) {
        List<Double> v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no series '" + name + "' in this live chart; it has " + values.keySet());
        }
        return v;
    }

    private void refresh() {
        int maxLen = 0;
        for (Map.Entry<String, List<Double>> e : values.entrySet()) {
            List<Double> v = e.getValue();
            maxLen = Math.max(maxLen, v.size());
            if (v.isEmpty()) {
                continue;
            }
            double[] x = ChartKit.steps(v.size());
            double[] y = new double[v.size()];
            for (int i = 0; i < y.length; i++) {
                y[i] = v.get(i);
            }
            XYSeries s = chart.getSeriesMap().get(e.getKey());
            if (s == null) {
                s = chart.addSeries(e.getKey(), x, y);
            } else {
                chart.updateXYSeries(e.getKey(), x, y, null);
            }
            TrainingCurves.styleCurve(s, e.getKey(), y.length);
        }
        ChartKit.integerTicks(chart, maxLen);
    }

    @Override
    public synchronized String toString() {
        StringBuilder sb = new StringBuilder("LiveChart['").append(chart.getTitle()).append("', ").append(epochs())
            .append(" epochs");
        for (Map.Entry<String, List<Double>> e : values.entrySet()) {
            List<Double> v = e.getValue();
            sb.append(", ").append(e.getKey()).append(v.isEmpty() ? " –" : " last " + SurfaceChart.format(v.get(v.size() - 1)));
        }
        return sb.append(", ").append(listeners.size()).append(" listener(s)]").toString();
    }
}
