package rnnlab.viz;

import rnnlab.core.Html;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.font.FontRenderContext;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import rnnlab.core.HtmlRenderable;

/**
 * A sentence with each token coloured, as an HTML fragment with inline styles only (no JavaScript, no external
 * resources), so it stays readable in a saved notebook and on any viewer; {@link #toString()} is the plain-text
 * fallback for jshell.
 *
 * <ul>
 *   <li>{@link #byActivation}: background = one unit's activation per token on the diverging map (blue negative,
 *       white 0, red positive) — e.g. the unit that fires on city names.</li>
 *   <li>{@link #bySlot}: background = predicted slot (the slot's own colour from {@link SlotColors}, the same in
 *       every picture; none for "other"), slot name written small after the token — e.g. "arrive Taipei[dest] on November[time] 2nd[time]".</li>
 * </ul>
 */
public final class TokenColors implements HtmlRenderable {
    /** Slot names treated as "no slot" by {@link #bySlot} and left uncoloured. */
    public static final List<String> NO_SLOT = List.of("O", "o", "other", "none", "");

    private final String caption;
    private final List<String> tokens;
    private final List<String> notes;     // per token: formatted value or slot name ("" = none)
    private final List<Color> colors;     // per token: background (null = none)
    private final Map<String, Color> legend;
    private final boolean slotMode;

    private TokenColors(boolean slotMode, String caption, List<String> tokens, List<String> notes, List<Color> colors,
                        Map<String, Color> legend) {
        this.caption = caption;
        this.tokens = List.copyOf(tokens);
        this.notes = List.copyOf(notes);
        this.colors = new ArrayList<>(colors);
        this.legend = legend;
        this.slotMode = slotMode;
    }

    /**
     * Tokens coloured by one unit's activation, on a range symmetric around 0 ([-1, 1] for tanh-like values).
     *
     * @param activation one value per token (e.g. {@code h[t][unit]} for t = 1..T)
     * @param caption    what the colour means, e.g. "hidden unit 3"
     */
    public static TokenColors byActivation(List<String> tokens, double[] activation, String caption) {
        double m = 0;
        for (double v : requireSameLength(tokens, activation)) {
            if (Double.isFinite(v)) {
                m = Math.max(m, Math.abs(v));
            }
        }
        if (m <= 1) {
            m = 1;
        }
        return byActivation(tokens, activation, caption, -m, m, ColorMaps.diverging());
    }

    /** Tokens coloured by activation on a chosen map and range (e.g. gates on {@link ColorMaps#sequential()}, [0,1]). */
    public static TokenColors byActivation(List<String> tokens, double[] activation, String caption, double min,
                                           double max, Color[] colorMap) {
        requireSameLength(tokens, activation);
        if (!(max > min)) {
            throw new IllegalArgumentException("colour range [" + min + ", " + max + "] is empty: max must be > min");
        }
        List<String> notes = new ArrayList<>();
        List<Color> colors = new ArrayList<>();
        for (double v : activation) {
            notes.add(String.format(Locale.ROOT, "%+.2f", v));
            colors.add(ColorMaps.at(colorMap, v, min, max));
        }
        Map<String, Color> legend = new LinkedHashMap<>();
        legend.put(SurfaceChart.format(min), ColorMaps.at(colorMap, min, min, max));
        legend.put(SurfaceChart.format((min + max) / 2), ColorMaps.at(colorMap, (min + max) / 2, min, max));
        legend.put(SurfaceChart.format(max), ColorMaps.at(colorMap, max, min, max));
        return new TokenColors(false, caption == null ? "activation" : caption, tokens, notes, colors, legend);
    }

    /**
     * Tokens coloured by predicted slot; slots in {@link #NO_SLOT} (and null) stay uncoloured. BIO labels are
     * read as their slot: "B-dest" and "I-dest" share the colour of "dest".
     *
     * @param slots one slot name or BIO label per token
     */
    public static TokenColors bySlot(List<String> tokens, List<String> slots) {
        return bySlot(tokens, slots, "predicted slot");
    }

    /** {@link #bySlot(List, List)} with another caption, e.g. "gold slot" for the labels of a test file. */
    public static TokenColors bySlot(List<String> tokens, List<String> slots, String caption) {
        if (tokens == null || slots == null || tokens.size() != slots.size()) {
            throw new IllegalArgumentException("bySlot needs one slot per token, got " + size(tokens) + " tokens and "
                + size(slots) + " slots");
        }
        Map<String, Color> legend = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        List<Color> colors = new ArrayList<>();
        for (String label : slots) {
            String s = slotType(label);
            if (s == null) {
                notes.add("");
                colors.add(null);
            } else {
                Color c = legend.computeIfAbsent(s, SlotColors::of);
                notes.add(s);
                colors.add(c);
            }
        }
        return new TokenColors(true, caption, tokens, notes, colors, legend);
    }

    /**
     * The slot a label names: BIO/BIOES prefixes are dropped ("B-dest" and "I-dest" are both "dest", so a
     * two-word slot has one colour); null for "no slot" ({@link #NO_SLOT}, null).
     */
    static String slotType(String label) {
        if (label == null || NO_SLOT.contains(label)) {
            return null;
        }
        if (label.length() > 2 && label.charAt(1) == '-' && "BIESbies".indexOf(label.charAt(0)) >= 0) {
            return label.substring(2);
        }
        return label;
    }

    /** The tokens. */
    public List<String> tokens() {
        return tokens;
    }

    /** Per token: the formatted activation or the slot name ("" when uncoloured). */
    public List<String> notes() {
        return notes;
    }

    /** Per token: the background colour, or null when uncoloured. */
    public List<Color> colors() {
        return new ArrayList<>(colors);
    }

    @Override
    public String toHtml() {
        StringBuilder sb = new StringBuilder();
        sb.append("<div style=\"font-family:sans-serif;font-size:15px;line-height:2.3;max-width:60em\">");
        sb.append("<div style=\"font-size:12px;color:#444;line-height:1.4\">").append(Html.escape(caption)).append("</div>");
        for (int i = 0; i < tokens.size(); i++) {
            Color c = colors.get(i);
            sb.append("<span title=\"").append(Html.escape(notes.get(i))).append("\" style=\"");
            if (c != null) {
                sb.append("background:").append(ColorMaps.css(c)).append(";color:")
                    .append(ColorMaps.css(ColorMaps.textColorOn(c))).append(';');
            }
            sb.append("padding:3px 5px;margin:0 2px;border-radius:4px;border:1px solid #ccc\">")
                .append(Html.escape(tokens.get(i)));
            if (slotMode && !notes.get(i).isEmpty()) {
                sb.append("<sub style=\"font-size:10px;margin-left:3px\">").append(Html.escape(notes.get(i))).append("</sub>");
            }
            sb.append("</span> ");
        }
        sb.append("<div style=\"font-size:12px;color:#444;line-height:1.8\">");
        for (Map.Entry<String, Color> e : legend.entrySet()) {
            sb.append("<span style=\"display:inline-block;width:12px;height:12px;vertical-align:middle;background:")
                .append(ColorMaps.css(e.getValue())).append(";border:1px solid #999;margin:0 4px 0 10px\"></span>")
                .append(Html.escape(e.getKey()));
        }
        sb.append("</div></div>");
        return sb.toString();
    }

    /**
     * The same display as a picture (for documents and viewers without HTML): tokens in rounded boxes on their
     * colours, slot names or values written small under each token, the legend below; width at most 800 px.
     */
    public BufferedImage toImage() {
        int maxWidth = 800;
        int pad = 14;
        Font tokenFont = new Font(Font.SANS_SERIF, Font.PLAIN, 18);
        Font noteFont = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        Font captionFont = new Font(Font.SANS_SERIF, Font.BOLD, 14);
        FontRenderContext frc = new FontRenderContext(null, true, true);
        int boxH = 30;
        int lineH = boxH + 22;
        // layout: x positions and line numbers
        int[] xs = new int[tokens.size()];
        int[] ws = new int[tokens.size()];
        int[] line = new int[tokens.size()];
        int x = pad;
        int ln = 0;
        int widest = 0;
        for (int i = 0; i < tokens.size(); i++) {
            double tw = tokenFont.getStringBounds(tokens.get(i), frc).getWidth();
            double nw = noteFont.getStringBounds(notes.get(i), frc).getWidth();
            int w = (int) Math.ceil(Math.max(tw, nw)) + 14;
            if (x + w > maxWidth - pad && x > pad) {
                ln++;
                x = pad;
            }
            xs[i] = x;
            ws[i] = w;
            line[i] = ln;
            x += w + 8;
            widest = Math.max(widest, x);
        }
        int top = 34;
        int legendY = top + (ln + 1) * lineH + 10;
        int width = Math.min(maxWidth, Math.max(widest + pad, 360));
        int height = legendY + 30;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = ChartKit.whiteCanvas(img);
        try {
            g.setColor(Color.DARK_GRAY);
            g.setFont(captionFont);
            g.drawString(caption, pad, 22);
            for (int i = 0; i < tokens.size(); i++) {
                int y = top + line[i] * lineH;
                Color c = colors.get(i);
                RoundRectangle2D box = new RoundRectangle2D.Double(xs[i], y, ws[i], boxH, 8, 8);
                g.setColor(c == null ? Color.WHITE : c);
                g.fill(box);
                g.setColor(new Color(170, 170, 170));
                g.draw(box);
                g.setColor(c == null ? Color.BLACK : ColorMaps.textColorOn(c));
                g.setFont(tokenFont);
                double tw = tokenFont.getStringBounds(tokens.get(i), frc).getWidth();
                g.drawString(tokens.get(i), (float) (xs[i] + (ws[i] - tw) / 2), y + 21);
                g.setColor(Color.DARK_GRAY);
                g.setFont(noteFont);
                double nw = noteFont.getStringBounds(notes.get(i), frc).getWidth();
                g.drawString(notes.get(i), (float) (xs[i] + (ws[i] - nw) / 2), y + boxH + 14);
            }
            g.setFont(noteFont);
            int lx = pad;
            for (Map.Entry<String, Color> e : legend.entrySet()) {
                g.setColor(e.getValue());
                g.fillRect(lx, legendY, 14, 14);
                g.setColor(Color.GRAY);
                g.drawRect(lx, legendY, 14, 14);
                g.setColor(Color.DARK_GRAY);
                g.drawString(e.getKey(), lx + 20, legendY + 12);
                lx += 20 + (int) noteFont.getStringBounds(e.getKey(), frc).getWidth() + 18;
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    /** Plain text: {@code caption: token(note) token(note) ...}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(caption).append(':');
        for (int i = 0; i < tokens.size(); i++) {
            sb.append(' ').append(tokens.get(i));
            if (!notes.get(i).isEmpty()) {
                sb.append(slotMode ? "[" + notes.get(i) + "]" : "(" + notes.get(i) + ")");
            }
        }
        return sb.toString();
    }


    private static double[] requireSameLength(List<String> tokens, double[] values) {
        if (tokens == null || values == null || tokens.size() != values.length) {
            throw new IllegalArgumentException("need one activation per token, got " + size(tokens) + " tokens and "
                + (values == null ? "null" : values.length) + " values");
        }
        return values;
    }

    private static String size(List<?> l) {
        return l == null ? "null" : Integer.toString(l.size());
    }
}
