package rnnlab.viz;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import rnnlab.core.Html;

/**
 * A drawing of a network: boxes and circles (nodes) joined by arrows (edges), with free text, made by
 * {@link Diagrams}. The drawing is data first — {@link #nodes()}, {@link #edges()}, {@link #texts()} say what is
 * drawn, with which label and which number, so tests check the drawing, not pixels — and renders the same
 * primitives as SVG ({@link #toSvg()}) and PNG ({@link #toImage()}). In a notebook it shows as an SVG picture
 * (the kernel sends {@code image/svg+xml} with a PNG beside it); {@link #toHtml()} gives an {@code <img>} with the
 * SVG inline for HTML pages.
 */
public final class Diagram {
    /** How a node is drawn. */
    public enum Shape { BOX, ROUNDED, CIRCLE }

    /**
     * One node: its id (unique in the drawing), position of its centre and size in pixels, shape, fill colour, the
     * label written in it (e.g. "h₁", "f(zᶠ)") and the number written under the label ("" for none).
     */
    public record Node(String id, double x, double y, double width, double height, Shape shape, Color fill,
                       String label, String value) {}

    /** An arrow from one node to another, optionally through bend points, with a label near its middle. */
    public record Edge(String from, String to, String label, boolean dashed, List<double[]> via) {}

    /** Free text at a position (anchor: the text's centre when {@code centred}, else its left end). */
    public record Text(double x, double y, String text, int size, boolean bold, boolean centred) {}

    private final String title;
    private final int width;
    private final int height;
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final List<Edge> edges = new ArrayList<>();
    private final List<Text> texts = new ArrayList<>();

    Diagram(String title, int width, int height) {
        this.title = title;
        this.width = width;
        this.height = height;
    }

    // ------------------------------------------------------------------------------------------ building

    Node node(String id, double x, double y, double w, double h, Shape shape, Color fill, String label,
              String value) {
        if (nodes.containsKey(id)) {
            throw new IllegalStateException("node id '" + id + "' used twice in diagram '" + title + "'");
        }
        Node n = new Node(id, x, y, w, h, shape, fill, label, value == null ? "" : value);
        nodes.put(id, n);
        return n;
    }

    void edge(String from, String to, String label, boolean dashed, double[]... via) {
        if (!nodes.containsKey(from) || !nodes.containsKey(to)) {
            throw new IllegalStateException("edge " + from + " → " + to + ": both nodes must be added first");
        }
        edges.add(new Edge(from, to, label == null ? "" : label, dashed, List.of(via)));
    }

    void text(double x, double y, String text, int size, boolean bold, boolean centred) {
        texts.add(new Text(x, y, text, size, bold, centred));
    }

    // ------------------------------------------------------------------------------------------ reading

    /** The title written at the top. */
    public String title() {
        return title;
    }

    /** Width in pixels. */
    public int width() {
        return width;
    }

    /** Height in pixels. */
    public int height() {
        return height;
    }

    /** Every node, in drawing order. */
    public List<Node> nodes() {
        return List.copyOf(nodes.values());
    }

    /** The node with this id. */
    public Node node(String id) {
        Node n = nodes.get(id);
        if (n == null) {
            throw new IllegalArgumentException("diagram '" + title + "' has no node '" + id + "'; its nodes are "
                + nodes.keySet());
        }
        return n;
    }

    /** Every arrow, in drawing order. */
    public List<Edge> edges() {
        return List.copyOf(edges);
    }

    /** True when an arrow runs from node {@code from} to node {@code to}. */
    public boolean hasEdge(String from, String to) {
        return edges.stream().anyMatch(e -> e.from().equals(from) && e.to().equals(to));
    }

    /** The free texts (captions, equations). */
    public List<Text> texts() {
        return List.copyOf(texts);
    }

    /** Every string written in the picture: title, node labels and values, edge labels, texts. */
    public List<String> strings() {
        List<String> out = new ArrayList<>();
        out.add(title);
        for (Node n : nodes.values()) {
            out.add(n.label());
            if (!n.value().isEmpty()) {
                out.add(n.value());
            }
        }
        for (Edge e : edges) {
            if (!e.label().isEmpty()) {
                out.add(e.label());
            }
        }
        for (Text t : texts) {
            out.add(t.text());
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------ geometry

    /** The points an edge is drawn through: from the border of its first node to the border of its last. */
    List<double[]> path(Edge e) {
        Node a = nodes.get(e.from());
        Node b = nodes.get(e.to());
        List<double[]> pts = new ArrayList<>();
        double[] firstTarget = e.via().isEmpty() ? new double[] {b.x(), b.y()} : e.via().get(0);
        double[] lastSource = e.via().isEmpty() ? new double[] {a.x(), a.y()} : e.via().get(e.via().size() - 1);
        pts.add(border(a, firstTarget[0], firstTarget[1]));
        pts.addAll(e.via());
        pts.add(border(b, lastSource[0], lastSource[1]));
        return pts;
    }

    /** Where the line from the node's centre towards (tx, ty) leaves the node. */
    static double[] border(Node n, double tx, double ty) {
        double dx = tx - n.x();
        double dy = ty - n.y();
        if (dx == 0 && dy == 0) {
            return new double[] {n.x(), n.y()};
        }
        double s;
        if (n.shape() == Shape.CIRCLE) {
            s = (n.width() / 2) / Math.hypot(dx, dy);
        } else {
            double sx = dx == 0 ? Double.POSITIVE_INFINITY : (n.width() / 2) / Math.abs(dx);
            double sy = dy == 0 ? Double.POSITIVE_INFINITY : (n.height() / 2) / Math.abs(dy);
            s = Math.min(sx, sy);
        }
        return new double[] {n.x() + dx * s, n.y() + dy * s};
    }

    // ------------------------------------------------------------------------------------------ SVG

    /** The drawing as a standalone SVG document. */
    public String toSvg() {
        StringBuilder sb = new StringBuilder();
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"")
            .append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
            .append("\" font-family=\"DejaVu Sans, Verdana, sans-serif\">\n");
        sb.append("<title>").append(Html.escape(title)).append("</title>\n");
        sb.append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"8\" "
            + "markerHeight=\"8\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#333\"/>"
            + "</marker></defs>\n");
        sb.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        sb.append(svgText(width / 2.0, 26, title, 18, true, true));
        for (Edge e : edges) {
            List<double[]> p = path(e);
            sb.append("<polyline fill=\"none\" stroke=\"#333\" stroke-width=\"1.6\"")
                .append(e.dashed() ? " stroke-dasharray=\"6,4\"" : "").append(" marker-end=\"url(#arrow)\" points=\"");
            for (double[] q : p) {
                sb.append(f(q[0])).append(',').append(f(q[1])).append(' ');
            }
            sb.append("\"/>\n");
            if (!e.label().isEmpty()) {
                double[] m = labelPoint(p);
                sb.append(svgText(m[0], m[1], e.label(), 13, false, true, "#7a3d00"));
            }
        }
        for (Node n : nodes.values()) {
            String fill = ColorMaps.css(n.fill());
            switch (n.shape()) {
                case CIRCLE -> sb.append("<circle cx=\"").append(f(n.x())).append("\" cy=\"").append(f(n.y()))
                    .append("\" r=\"").append(f(n.width() / 2)).append("\" fill=\"").append(fill)
                    .append("\" stroke=\"#333\" stroke-width=\"1.5\"/>\n");
                case BOX, ROUNDED -> sb.append("<rect x=\"").append(f(n.x() - n.width() / 2)).append("\" y=\"")
                    .append(f(n.y() - n.height() / 2)).append("\" width=\"").append(f(n.width()))
                    .append("\" height=\"").append(f(n.height())).append("\" rx=\"")
                    .append(n.shape() == Shape.ROUNDED ? 10 : 2).append("\" fill=\"").append(fill)
                    .append("\" stroke=\"#333\" stroke-width=\"1.5\"/>\n");
                default -> throw new IllegalStateException("unknown shape " + n.shape());
            }
            if (n.value().isEmpty()) {
                sb.append(svgText(n.x(), n.y() + 5, n.label(), 15, false, true));
            } else {
                sb.append(svgText(n.x(), n.y() - 3, n.label(), 14, false, true));
                sb.append(svgText(n.x(), n.y() + 14, n.value(), 13, true, true, "#0b3d91"));
            }
        }
        for (Text t : texts) {
            sb.append(svgText(t.x(), t.y(), t.text(), t.size(), t.bold(), t.centred()));
        }
        sb.append("</svg>\n");
        return sb.toString();
    }

    private static String svgText(double x, double y, String s, int size, boolean bold, boolean centred) {
        return svgText(x, y, s, size, bold, centred, "#111");
    }

    private static String svgText(double x, double y, String s, int size, boolean bold, boolean centred,
                                  String color) {
        return "<text x=\"" + f(x) + "\" y=\"" + f(y) + "\" font-size=\"" + size + "\""
            + (bold ? " font-weight=\"bold\"" : "") + (centred ? " text-anchor=\"middle\"" : "") + " fill=\"" + color
            + "\">" + Html.escape(s) + "</text>\n";
    }

    /** Middle of the longest segment, nudged up-right so the label sits beside the line. */
    private static double[] labelPoint(List<double[]> p) {
        int best = 0;
        double len = -1;
        for (int i = 0; i + 1 < p.size(); i++) {
            double l = Math.hypot(p.get(i + 1)[0] - p.get(i)[0], p.get(i + 1)[1] - p.get(i)[1]);
            if (l > len) {
                len = l;
                best = i;
            }
        }
        double mx = (p.get(best)[0] + p.get(best + 1)[0]) / 2;
        double my = (p.get(best)[1] + p.get(best + 1)[1]) / 2;
        boolean vertical = Math.abs(p.get(best + 1)[0] - p.get(best)[0]) < Math.abs(p.get(best + 1)[1] - p.get(best)[1]);
        return vertical ? new double[] {mx + 18, my + 4} : new double[] {mx, my - 6};
    }

    private static String f(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }

    // ------------------------------------------------------------------------------------------ PNG

    /** The drawing as an image (the same primitives as {@link #toSvg()}), headless. */
    public BufferedImage toImage() {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = ChartKit.whiteCanvas(img);
        try {
            drawText(g, width / 2.0, 26, title, 18, true, true, new Color(17, 17, 17));
            Color line = new Color(51, 51, 51);
            for (Edge e : edges) {
                List<double[]> p = path(e);
                g.setColor(line);
                g.setStroke(e.dashed() ? new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10,
                    new float[] {6, 4}, 0) : new BasicStroke(1.6f));
                Path2D.Double path = new Path2D.Double();
                path.moveTo(p.get(0)[0], p.get(0)[1]);
                for (int i = 1; i < p.size(); i++) {
                    path.lineTo(p.get(i)[0], p.get(i)[1]);
                }
                g.draw(path);
                double[] a = p.get(p.size() - 2);
                double[] b = p.get(p.size() - 1);
                double ang = Math.atan2(b[1] - a[1], b[0] - a[0]);
                Path2D.Double head = new Path2D.Double();
                head.moveTo(b[0], b[1]);
                head.lineTo(b[0] - 10 * Math.cos(ang - 0.4), b[1] - 10 * Math.sin(ang - 0.4));
                head.lineTo(b[0] - 10 * Math.cos(ang + 0.4), b[1] - 10 * Math.sin(ang + 0.4));
                head.closePath();
                g.fill(head);
                if (!e.label().isEmpty()) {
                    double[] m = labelPoint(p);
                    drawText(g, m[0], m[1], e.label(), 13, false, true, new Color(0x7a, 0x3d, 0x00));
                }
            }
            g.setStroke(new BasicStroke(1.5f));
            for (Node n : nodes.values()) {
                java.awt.Shape s = switch (n.shape()) {
                    case CIRCLE -> new Ellipse2D.Double(n.x() - n.width() / 2, n.y() - n.width() / 2, n.width(),
                        n.width());
                    case BOX, ROUNDED -> new RoundRectangle2D.Double(n.x() - n.width() / 2, n.y() - n.height() / 2,
                        n.width(), n.height(), n.shape() == Shape.ROUNDED ? 20 : 4, n.shape() == Shape.ROUNDED ? 20 : 4);
                };
                g.setColor(n.fill());
                g.fill(s);
                g.setColor(line);
                g.draw(s);
                Color ink = new Color(17, 17, 17);
                if (n.value().isEmpty()) {
                    drawText(g, n.x(), n.y() + 5, n.label(), 15, false, true, ink);
                } else {
                    drawText(g, n.x(), n.y() - 3, n.label(), 14, false, true, ink);
                    drawText(g, n.x(), n.y() + 14, n.value(), 13, true, true, new Color(0x0b, 0x3d, 0x91));
                }
            }
            for (Text t : texts) {
                drawText(g, t.x(), t.y(), t.text(), t.size(), t.bold(), t.centred(), new Color(17, 17, 17));
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    private static void drawText(Graphics2D g, double x, double y, String s, int size, boolean bold, boolean centred,
                                 Color c) {
        g.setFont(new Font(Font.SANS_SERIF, bold ? Font.BOLD : Font.PLAIN, size));
        g.setColor(c);
        FontMetrics fm = g.getFontMetrics();
        double w = fm.stringWidth(s);
        g.drawString(s, (float) (centred ? x - w / 2 : x), (float) y);
    }

    // ------------------------------------------------------------------------------------------ output

    /** The drawing as PNG bytes. */
    public byte[] png() {
        return Pictures.pngBytes(toImage());
    }

    /** An {@code <img>} holding the SVG inline (data URI): self-contained, no script, kept in a saved notebook. */
    public String toHtml() {
        return "<img alt=\"" + Html.escape(title) + "\" width=\"" + width + "\" height=\"" + height
            + "\" src=\"data:image/svg+xml;base64,"
            + Base64.getEncoder().encodeToString(toSvg().getBytes(StandardCharsets.UTF_8)) + "\"/>";
    }

    /** e.g. {@code Diagram "The LSTM cell" (12 nodes, 14 arrows, 720×520 px)}. */
    @Override
    public String toString() {
        return "Diagram \"" + title + "\" (" + nodes.size() + " nodes, " + edges.size() + " arrows, " + width + "×"
            + height + " px)";
    }
}
