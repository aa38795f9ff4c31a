package rnnlab.viz;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.Locale;
import org.knowm.xchart.XYChart;

/**
 * An {@link XYChart} with a loss surface painted under its series: the heatmap of {@code loss[i][j]} at
 * {@code (w1[i], w2[j])} fills the plot area, a colour bar on the right reads the values, and ordinary XY series
 * (gradient-descent paths, markers) are drawn on top with XChart's own axes and legend.
 *
 * <p>Made by {@link Plots#lossSurface}. It is a normal XYChart: add series, change titles, axes and the styler as
 * usual. The surface itself is read with {@link #w1()}, {@link #w2()}, {@link #loss()} and can be coloured on a
 * logarithmic scale with {@link #setLogColor(boolean)} (useful when a cliff dwarfs the rest of the surface).
 *
 * <p>Grid layout: {@code loss[i][j] = L(w1[i], w2[j])}, {@code w1} on the x axis, {@code w2} on the y axis, both
 * strictly increasing.
 */
public class SurfaceChart extends XYChart {
    /** Width in pixels of the colour-bar strip on the right (bar, ticks and labels). */
    public static final int COLOR_BAR_STRIP = 90;

    private static final Color TRANSPARENT = new Color(0, 0, 0, 0);

    private final double[] w1;
    private final double[] w2;
    private final double[][] loss;
    private final double dataMin;
    private final double dataMax;
    private Color[] colorMap = ColorMaps.sequential();
    private boolean logColor;
    private String colorBarTitle = "loss";

    SurfaceChart(int width, int height, double[] w1, double[] w2, double[][] loss) {
        super(width, height);
        this.w1 = w1.clone();
        this.w2 = w2.clone();
        this.loss = new double[loss.length][];
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < loss.length; i++) {
            this.loss[i] = loss[i].clone();
            for (double v : loss[i]) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (!(hi >= lo)) {
            throw new IllegalArgumentException("loss grid has no finite value: nothing to colour");
        }
        if (hi == lo) {
            hi = lo + 1;
        }
        this.dataMin = lo;
        this.dataMax = hi;
    }

    /** The x-axis weight values (a copy). */
    public double[] w1() {
        return w1.clone();
    }

    /** The y-axis weight values (a copy). */
    public double[] w2() {
        return w2.clone();
    }

    /** The loss grid, {@code loss[i][j] = L(w1[i], w2[j])} (a deep copy). */
    public double[][] loss() {
        double[][] copy = new double[loss.length][];
        for (int i = 0; i < loss.length; i++) {
            copy[i] = loss[i].clone();
        }
        return copy;
    }

    /** Smallest finite loss on the grid. */
    public double lossMin() {
        return dataMin;
    }

    /** Largest finite loss on the grid. */
    public double lossMax() {
        return dataMax;
    }

    /** Colours by log10(loss) instead of loss (only if every finite loss is positive). Returns this chart. */
    public SurfaceChart setLogColor(boolean log) {
        if (log && dataMin <= 0) {
            throw new IllegalArgumentException(
                "log colouring needs positive losses, but the grid's minimum is " + dataMin + "; keep linear colour");
        }
        this.logColor = log;
        return this;
    }

    /** Whether colours follow log10(loss). */
    public boolean isLogColor() {
        return logColor;
    }

    /** Replaces the colour map (e.g. {@link ColorMaps#diverging()}). Returns this chart. */
    public SurfaceChart setColorMap(Color[] map) {
        if (map == null || map.length < 2) {
            throw new IllegalArgumentException("a colour map needs at least 2 colours");
        }
        this.colorMap = map.clone();
        return this;
    }

    /** Title written above the colour bar (default "loss"). Returns this chart. */
    public SurfaceChart setColorBarTitle(String title) {
        this.colorBarTitle = title == null ? "" : title;
        return this;
    }

    /** The colour of a loss value under the current colour settings. */
    public Color colorOf(double value) {
        if (logColor) {
            return ColorMaps.at(colorMap, value > 0 ? Math.log10(value) : Double.NaN,
                Math.log10(dataMin), Math.log10(dataMax));
        }
        return ColorMaps.at(colorMap, value, dataMin, dataMax);
    }

    @Override
    public void paint(Graphics2D g, int width, int height) {
        int plotWidth = Math.max(50, width - COLOR_BAR_STRIP);
        // 1. Layout pass on a scratch image, so that data-to-screen coordinates are known before painting.
        BufferedImage scratch = new BufferedImage(plotWidth, Math.max(1, height), BufferedImage.TYPE_INT_ARGB);
        Graphics2D sg = scratch.createGraphics();
        try {
            super.paint(sg, plotWidth, height);
        } finally {
            sg.dispose();
        }
        // 2. Background and the surface.
        Color chartBg = getStyler().getChartBackgroundColor();
        Color plotBg = getStyler().getPlotBackgroundColor();
        g.setColor(chartBg);
        g.fill(new Rectangle2D.Double(0, 0, width, height));
        Rectangle2D plotBounds = plot.getBounds();
        Shape oldClip = g.getClip();
        g.clip(plotBounds);
        for (int i = 0; i < w1.length; i++) {
            double xa = getScreenXFromChart(edge(w1, i, false));
            double xb = getScreenXFromChart(edge(w1, i, true));
            for (int j = 0; j < w2.length; j++) {
                double ya = getScreenYFromChart(edge(w2, j, true));
                double yb = getScreenYFromChart(edge(w2, j, false));
                g.setColor(colorOf(loss[i][j]));
                // +0.5 px overlap hides hairline seams between neighbouring cells
                g.fill(new Rectangle2D.Double(Math.min(xa, xb), Math.min(ya, yb),
                    Math.abs(xb - xa) + 0.5, Math.abs(yb - ya) + 0.5));
            }
        }
        g.setClip(oldClip);
        // 3. Axes, series, legend and title on top, with see-through backgrounds.
        getStyler().setChartBackgroundColor(TRANSPARENT);
        getStyler().setPlotBackgroundColor(TRANSPARENT);
        try {
            super.paint(g, plotWidth, height);
        } finally {
            getStyler().setChartBackgroundColor(chartBg);
            getStyler().setPlotBackgroundColor(plotBg);
            setWidth(width);
        }
        paintColorBar(g, plotWidth, plotBounds);
    }

    private void paintColorBar(Graphics2D g, int x0, Rectangle2D plotBounds) {
        double top = plotBounds.getY() + 22;
        double bottom = plotBounds.getMaxY();
        double barX = x0 + 8;
        double barW = 18;
        int steps = 100;
        double lo = logColor ? Math.log10(dataMin) : dataMin;
        double hi = logColor ? Math.log10(dataMax) : dataMax;
        for (int k = 0; k < steps; k++) {
            double v = lo + (hi - lo) * (k + 0.5) / steps;
            g.setColor(ColorMaps.at(colorMap, v, lo, hi));
            double y = bottom - (bottom - top) * (k + 1.0) / steps;
            g.fill(new Rectangle2D.Double(barX, y, barW, (bottom - top) / steps + 0.5));
        }
        g.setColor(new Color(120, 120, 120));
        g.draw(new Rectangle2D.Double(barX, top, barW, bottom - top));
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, Style.LABEL_SIZE - 1);
        g.setFont(font);
        g.setColor(Color.BLACK);
        int ticks = 5;
        for (int k = 0; k < ticks; k++) {
            double v = lo + (hi - lo) * k / (ticks - 1);
            double y = bottom - (bottom - top) * k / (ticks - 1);
            g.draw(new Rectangle2D.Double(barX + barW, y, 4, 0));
            double shown = logColor ? Math.pow(10, v) : v;
            g.drawString(format(shown), (float) (barX + barW + 6), (float) (y + font.getSize() / 2.5));
        }
        Font titleFont = new Font(Font.SANS_SERIF, Font.PLAIN, Style.LABEL_SIZE);
        g.setFont(titleFont);
        double tw = titleFont.getStringBounds(colorBarTitle, new FontRenderContext(null, true, false)).getWidth();
        g.drawString(colorBarTitle, (float) (barX + barW / 2 - Math.min(tw / 2, 8)), (float) (top - 8));
    }

    static String format(double v) {
        double a = Math.abs(v);
        if (a != 0 && (a < 1e-3 || a >= 1e5)) {
            return String.format(Locale.ROOT, "%.1e", v);
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }

    /** Boundary of grid cell i: half-way to the neighbour (or mirrored at the ends). */
    private static double edge(double[] w, int i, boolean upper) {
        if (w.length == 1) {
            return upper ? w[0] + 0.5 : w[0] - 0.5;
        }
        if (upper) {
            return i + 1 < w.length ? (w[i] + w[i + 1]) / 2 : w[i] + (w[i] - w[i - 1]) / 2;
        }
        return i > 0 ? (w[i - 1] + w[i]) / 2 : w[i] - (w[i + 1] - w[i]) / 2;
    }

    /** The outer edge of the grid along one axis (used to set axis limits). */
    static double outerEdge(double[] w, boolean upper) {
        return edge(w, upper ? w.length - 1 : 0, upper);
    }

    @Override
    public String toString() {
        return "SurfaceChart[" + w1.length + "×" + w2.length + " grid, w1 in [" + format(w1[0]) + ", "
            + format(w1[w1.length - 1]) + "], w2 in [" + format(w2[0]) + ", " + format(w2[w2.length - 1])
            + "], loss in [" + format(dataMin) + ", " + format(dataMax) + "], " + getSeriesMap().size()
            + " series " + getSeriesMap().keySet() + (logColor ? ", log colour" : "") + "]";
    }
}
