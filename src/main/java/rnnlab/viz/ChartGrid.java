package rnnlab.viz;

import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.svg.SVGProcessor;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
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
 * output gates and cell memory made by {@link Plots#lstmGates}, or the stacked value and gate panels of
 * {@link Plots#lstmCellTrace}. A panel may itself be a grid, so two stacked traces can stand side by side:
 * {@code new ChartGrid(List.of(traceArrive, traceLeave), 2)}.
 *
 * <p>Each chart stays an ordinary XChart chart ({@link #chart(int)}, {@link #charts()}) that can be restyled; the grid
 * only composes them. Each column is as wide as its widest panel and each row as high as its tallest; panels are
 * painted at their own size, left to right, then top to bottom, under an optional title ({@link #setTitle}).
 *
 * <p>In a notebook the grid shows as one picture ({@link #toHtml()}: an inline PNG, no script); in jshell
 * {@link #toString()} names its charts.
 */
public final class ChartGrid implements HtmlRenderable {
    /** Height of the title band in pixels (when there is a title). */
    static final int TITLE_BAND = 40;

    private final List<Object> panels;     // each a Chart or a ChartGrid
    private final int columns;
    private String title;

    /**
     * A grid of {@code panels} with {@code columns} panels per row.
     *
     * @param panels XChart charts or other grids, in layout order
     */
    public ChartGrid(List<?> panels, int columns) {
        if (panels == null || panels.isEmpty()) {
            throw new IllegalArgumentException("a chart grid needs at least one chart");
        }
        if (columns < 1) {
            throw new IllegalArgumentException("columns must be >= 1, got " + columns);
        }
        for (int i = 0; i < panels.size(); i++) {
            Object p = panels.get(i);
            if (p == null) {
                throw new IllegalArgumentException("chart " + i + " of the grid is null");
            }
            if (!(p instanceof Chart<?, ?>) && !(p instanceof ChartGrid)) {
                throw new IllegalArgumentException("panel " + i + " of the grid is a " + p.getClass().getSimpleName()
                    + ": a grid holds XChart charts or other ChartGrids");
            }
        }
        this.panels = List.copyOf(panels);
        this.columns = Math.min(columns, panels.size());
    }

    /** A grid of the given panels (charts or grids) with {@code columns} per row. */
    public static ChartGrid of(int columns, Object... panels) {
        return new ChartGrid(List.of(panels), columns);
    }

    /** The title drawn above the grid, or null. */
    public String getTitle() {
        return title;
    }

    /** Sets the title drawn above the grid (null or empty: none); returns this grid. */
    public ChartGrid setTitle(String title) {
        this.title = title == null || title.isEmpty() ? null : title;
        return this;
    }

    /** Every chart of the grid, nested grids flattened, in layout order (unmodifiable). */
    public List<Chart<?, ?>> charts() {
        List<Chart<?, ?>> out = new ArrayList<>();
        for (Object p : panels) {
            if (p instanceof ChartGrid g) {
                out.addAll(g.charts());
            } else {
                out.add((Chart<?, ?>) p);
            }
        }
        return List.copyOf(out);
    }

    /** The panels as given (charts and grids), in layout order. */
    public List<Object> panels() {
        return panels;
    }

    /** Chart number {@code i} of {@link #charts()}. */
    public Chart<?, ?> chart(int i) {
        List<Chart<?, ?>> all = charts();
        if (i < 0 || i >= all.size()) {
            throw new IndexOutOfBoundsException("chart index " + i + " is outside 0.." + (all.size() - 1));
        }
        return all.get(i);
    }

    /** Panels per row. */
    public int columns() {
        return columns;
    }

    /** Number of rows. */
    public int rows() {
        return (panels.size() + columns - 1) / columns;
    }

    /** Width of the widest panel. */
    public int cellWidth() {
        return panels.stream().mapToInt(ChartGrid::widthOf).max().orElseThrow();
    }

    /** Height of the tallest panel. */
    public int cellHeight() {
        return panels.stream().mapToInt(ChartGrid::heightOf).max().orElseThrow();
    }

    private int columnWidth(int c) {
        int w = 0;
        for (int k = c; k < panels.size(); k += columns) {
            w = Math.max(w, widthOf(panels.get(k)));
        }
        return w;
    }

    private int rowHeight(int r) {
        int h = 0;
        for (int k = r * columns; k < Math.min(panels.size(), (r + 1) * columns); k++) {
            h = Math.max(h, heightOf(panels.get(k)));
        }
        return h;
    }

    private static int widthOf(Object p) {
        return p instanceof ChartGrid g ? g.width() : ((Chart<?, ?>) p).getWidth();
    }

    private static int heightOf(Object p) {
        return p instanceof ChartGrid g ? g.height() : ((Chart<?, ?>) p).getHeight();
    }

    /** Total width in pixels. */
    public int width() {
        int w = 0;
        for (int c = 0; c < columns; c++) {
            w += columnWidth(c);
        }
        return w;
    }

    /** Total height in pixels (title band included). */
    public int height() {
        int h = title == null ? 0 : TITLE_BAND;
        for (int r = 0; r < rows(); r++) {
            h += rowHeight(r);
        }
        return h;
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

    void paint(Graphics2D g) {
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width(), height());
        int top = 0;
        if (title != null) {
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Style.TITLE_SIZE));
            int tw = g.getFontMetrics().stringWidth(title);
            g.drawString(title, Math.max(8, (width() - tw) / 2), TITLE_BAND - 12);
            top = TITLE_BAND;
        }
        int y = top;
        for (int r = 0; r < rows(); r++) {
            int x = 0;
            for (int c = 0; c < columns && r * columns + c < panels.size(); c++) {
                Object p = panels.get(r * columns + c);
                AffineTransform saved = g.getTransform();
                Shape clip = g.getClip();
                g.translate(x, y);
                g.clipRect(0, 0, widthOf(p), heightOf(p));
                if (p instanceof ChartGrid grid) {
                    grid.paint(g);
                } else {
                    Chart<?, ?> chart = (Chart<?, ?>) p;
                    chart.paint(g, chart.getWidth(), chart.getHeight());
                }
                g.setClip(clip);
                g.setTransform(saved);
                x += columnWidth(c);
            }
            y += rowHeight(r);
        }
    }

    /** The grid as an {@code <img>} with an inline PNG (data URI). */
    @Override
    public String toHtml() {
        return Pictures.imgTag(toImage(), toString());
    }

    @Override
    public String toString() {
        List<String> titles = new ArrayList<>();
        for (Chart<?, ?> c : charts()) {
            titles.add(c.getTitle());
        }
        return "ChartGrid[" + (title == null ? "" : "\"" + title + "\", ") + rows() + "×" + columns + ", " + width()
            + "×" + height() + " px, charts " + titles + "]";
    }
}
