package rnnlab.viz;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

import rnnlab.core.HtmlRenderable;

/**
 * A text with every character's background coloured by one value (Karpathy's pictures of a character model's
 * units: blue negative, white 0, red positive on [−1, 1]). Line breaks of the text are kept; long lines wrap.
 * {@link #toImage()} draws it (a notebook shows it as a PNG), {@link #toHtml()} as inline-styled HTML.
 */
public final class CharColors implements HtmlRenderable {
    private static final int WRAP = 90;
    private final String caption;
    private final List<String> chars;
    private final double[] values;
    private final double min, max;

    private CharColors(String caption, List<String> chars, double[] values, double min, double max) {
        this.caption = caption;
        this.chars = List.copyOf(chars);
        this.values = values.clone();
        this.min = min;
        this.max = max;
    }

    /**
     * @param chars  the text, one string per character (newlines included)
     * @param values one value per character, coloured on [−1, 1] (values outside are clamped)
     */
    public static CharColors of(List<String> chars, double[] values, String caption) {
        if (chars.size() != values.length) {
            throw new IllegalArgumentException("CharColors: " + chars.size() + " characters and " + values.length
                    + " values; pass one value per character");
        }
        return new CharColors(caption == null ? "activation" : caption, chars, values, -1, 1);
    }

    /** The values drawn, one per character (a copy). */
    public double[] values() {
        return values.clone();
    }

    public BufferedImage toImage() {
        Font font = new Font(Font.MONOSPACED, Font.PLAIN, 14);
        Font small = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D pg = probe.createGraphics();
        FontMetrics fm = pg.getFontMetrics(font);
        int cw = fm.charWidth('m'), lh = fm.getHeight() + 2;
        pg.dispose();
        int lines = 1, col = 0, widest = 0;
        for (String c : chars) {
            if (c.equals("\n") || col >= WRAP) {
                lines++;
                col = 0;
                if (c.equals("\n")) {
                    continue;
                }
            }
            col++;
            widest = Math.max(widest, col);
        }
        int pad = 12, top = 30;
        int width = Math.max(420, pad * 2 + (widest + 1) * cw), height = top + lines * lh + 40;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setColor(Color.DARK_GRAY);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
            g.drawString(caption, pad, 20);
            g.setFont(font);
            Color[] map = ColorMaps.diverging();
            int line = 0;
            col = 0;
            for (int i = 0; i < chars.size(); i++) {
                String c = chars.get(i);
                if (c.equals("\n") || col >= WRAP) {
                    if (c.equals("\n")) {                     // show the newline's own colour as a small block
                        g.setColor(ColorMaps.at(map, values[i], min, max));
                        g.fillRect(pad + col * cw, top + line * lh, cw / 2, lh - 2);
                    }
                    line++;
                    col = 0;
                    if (c.equals("\n")) {
                        continue;
                    }
                }
                int x = pad + col * cw, y = top + line * lh;
                Color bg = ColorMaps.at(map, values[i], min, max);
                g.setColor(bg);
                g.fillRect(x, y, cw, lh - 2);
                g.setColor(ColorMaps.textColorOn(bg));
                g.drawString(c, x, y + fm.getAscent());
                col++;
            }
            int ly = top + lines * lh + 12;
            g.setFont(small);
            int lx = pad;
            for (double v : new double[] {min, 0, max}) {
                g.setColor(ColorMaps.at(map, v, min, max));
                g.fillRect(lx, ly, 14, 14);
                g.setColor(Color.GRAY);
                g.drawRect(lx, ly, 14, 14);
                g.setColor(Color.DARK_GRAY);
                String s = String.format(Locale.ROOT, "%+.0f", v);
                g.drawString(s, lx + 20, ly + 12);
                lx += 60;
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    @Override
    public String toHtml() {
        StringBuilder sb = new StringBuilder("<div style=\"font-size:12px;color:#444\">")
                .append(TokenColors.esc(caption)).append("</div><pre style=\"font-size:14px;line-height:1.35\">");
        Color[] map = ColorMaps.diverging();
        for (int i = 0; i < chars.size(); i++) {
            Color bg = ColorMaps.at(map, values[i], min, max);
            String c = chars.get(i);
            sb.append("<span title=\"").append(String.format(Locale.ROOT, "%+.2f", values[i])).append("\" style=\"background:")
                    .append(ColorMaps.css(bg)).append(";color:").append(ColorMaps.css(ColorMaps.textColorOn(bg)))
                    .append("\">").append(c.equals("\n") ? " \n" : TokenColors.esc(c)).append("</span>");
        }
        return sb.append("</pre>").toString();
    }

    @Override
    public String toString() {
        return caption + ": " + chars.size() + " characters coloured by value";
    }
}
