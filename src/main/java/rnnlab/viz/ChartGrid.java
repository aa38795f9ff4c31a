package rnnlab.viz;

import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.svg.SVGProcessor;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.internal.chartpart.Chart;
import rnnlab.core.HtmlRenderable;

/**
 * Several charts laid out in a grid and rendered into one picture, e.g. the 2×2 panel of LSTM input, forget and
 * output gates and cell memory made by {@link Plots#lstmGates}.
 *
 * <p>Each chart stays an ordinary XChart chart ({@link #chart(int)}, {@link #charts()}) that can be restyled; the grid
 * only composes them. Cells have the size of the largest chart; charts are painted at their own size, left to
 * right, then top to bottom.
 *
 * <p>In a notebook the grid shows as one picture ({@link #toHtml()}: an inline PNG, no script); in jshell
 * {@link #toString()} names its charts.
 */
public final class ChartGrid implements HtmlRenderable {
    private final List<Chart<?, ?>> charts;
    private final int columns;

    /** A grid of {@code charts} with {@code columns} charts per row. */
    public ChartGrid(List<? extends Chart<?, ?>> charts, int columns) {
        if (charts == null || charts.isEmpty()) {
            throw new IllegalArgumentException("a chart grid needs at least one chart");
        }
        if (columns < 1) {
            throw new IllegalArgumentException("columns must be >= 1, got " + columns);
        }
        for (int i = 0; i < charts.size(); i++) {
            if (charts.get(i) == null) {
                throw new IllegalArgumentException("chart " + i + " of the grid is null");
            }
        }
        this.charts = List.copyOf(charts);
        this.columns = Math.min(columns, charts.size());
    }

    /** The charts, in layout order (unmodifiable). */
    public List<Chart<?, ?>> charts() {
        return charts;
    }

    /** Chart number {@code i} in layout order. */
    public Chart<?, ?> chart(int i) {
        if (i < 0 || i >= charts.size()) {
            throw new IndexOutOfBoundsException("chart index " + i + " is outside 0.." + (charts.size() - 1));
        }
        return charts.get(i);
    }

    /** Charts per row. */
    public int columns() {
        return columns;
    }

    /** Number of rows. */
    public int rows() {
        return (charts.size() + columns - 1) / columns;
    }

    /** Width of one grid cell (the widest chart). */
    public int cellWidth() {
        return charts.stream().mapToInt(Chart::getWidth).max().orElseThrow();
    }

    /** Height of one grid cell (the tallest chart). */
    public int cellHeight() {
        return charts.stream().mapToInt(Chart::getHeight).max().orElseThrow();
    }

    /** Total width in pixels. */
    public int width() {
        return cellWidth() * columns;
    }

    /** Total height in pixels. */
    public int height() {
        return cellHeight() * rows();
    }

    /** Renders every chart into one image (white background), headless. */
    public BufferedImage toImage() {
        BufferedImage img = new BufferedImage(width(), height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            paint(g);
        } finally {
            g.dispose();
        }
        return img;
    }

    /** Renders every chart into one SVG document. */
    public String toSvg() {
        VectorGraphics2D vg = new VectorGraphics2D();
        paint(vg);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            new SVGProcessor().getDocument(vg.getCommands(), new PageSize(0, 0, width(), height())).writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the SVG of " + this, e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private void paint(Graphics2D g) {
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width(), height());
        int cw = cellWidth();
        int ch = cellHeight();
        for (int k = 0; k < charts.size(); k++) {
            Chart<?, ?> c = charts.get(k);
            AffineTransform saved = g.getTransform();
            g.translate((k % columns) * cw, (k / columns) * ch);
            g.setClip(0, 0, c.getWidth(), c.getHeight());
            c.paint(g, c.getWidth(), c.getHeight());
            g.setClip(null);
            g.setTransform(saved);
        }
    }

    /** The grid as an {@code <img>} with an inline PNG (data URI). */
    @Override
    public String toHtml() {
        return Plots.imgTag(toImage(), toString());
    }

    @Override
    public String toString() {
        List<String> titles = new ArrayList<>();
        for (Chart<?, ?> c : charts) {
            titles.add(c.getTitle());
        }
        return "ChartGrid[" + rows() + "×" + columns + ", " + width() + "×" + height() + " px, charts " + titles + "]";
    }
}
