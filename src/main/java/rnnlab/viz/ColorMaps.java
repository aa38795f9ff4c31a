package rnnlab.viz;

import java.awt.Color;
import java.util.Locale;

/**
 * The colour maps used by RNN Lab's plots, as arrays of evenly spaced colour stops.
 *
 * <ul>
 *   <li>{@link #sequential()}: sequential (dark purple = low, yellow = high), perceptually uniform and readable in
 *       grey-scale and by colour-blind readers. Used for gates (0 = closed, 1 = open), counts and losses.</li>
 *   <li>{@link #diverging()}: diverging (blue = negative, white = 0, red = positive), for signed values such as
 *       tanh hidden states in [-1, 1] and cell memory. Always use it with a range symmetric around 0.</li>
 *   <li>{@link #categories()}: light, distinct background colours for categories such as slot labels.</li>
 * </ul>
 *
 * <p>Each call returns a fresh array, so callers may change it freely (e.g. before passing it to
 * {@code HeatMapStyler.setRangeColors}).
 */
public final class ColorMaps {
    private ColorMaps() {}

    private static final Color[] VIRIDIS_STOPS = {
        hex("#440154"), hex("#472d7b"), hex("#3b528b"), hex("#2c728e"), hex("#21918c"),
        hex("#28ae80"), hex("#5ec962"), hex("#addc30"), hex("#fde725")};

    private static final Color[] BLUE_WHITE_RED_STOPS = {
        hex("#053061"), hex("#2166ac"), hex("#4393c3"), hex("#92c5de"), hex("#d1e5f0"), hex("#f7f7f7"),
        hex("#fddbc7"), hex("#f4a582"), hex("#d6604d"), hex("#b2182b"), hex("#67001f")};

    private static final Color[] CATEGORY_STOPS = {
        hex("#8dd3c7"), hex("#ffffb3"), hex("#bebada"), hex("#fb8072"), hex("#80b1d3"), hex("#fdb462"),
        hex("#b3de69"), hex("#fccde5"), hex("#bc80bd"), hex("#ccebc5"), hex("#ffed6f"), hex("#d9d9d9")};

    /** Sequential map (viridis), 9 stops from low to high; a fresh copy. */
    public static Color[] sequential() {
        return VIRIDIS_STOPS.clone();
    }

    /** Diverging map (ColorBrewer RdBu reversed), 11 stops from most negative (blue) through white to red. */
    public static Color[] diverging() {
        return BLUE_WHITE_RED_STOPS.clone();
    }

    /** Light qualitative colours for category backgrounds (ColorBrewer Set3), 12 colours; a fresh copy. */
    public static Color[] categories() {
        return CATEGORY_STOPS.clone();
    }

    /**
     * The colour for {@code value} on a map spanning {@code [min, max]}, interpolated linearly between stops; values
     * outside the range are clamped, NaN gives light grey.
     */
    public static Color at(Color[] map, double value, double min, double max) {
        if (map == null || map.length == 0) {
            throw new IllegalArgumentException("colour map is empty: pass e.g. ColorMaps.sequential()");
        }
        if (!(max > min)) {
            throw new IllegalArgumentException("colour range [" + min + ", " + max + "] is empty: max must be > min");
        }
        if (Double.isNaN(value)) {
            return new Color(200, 200, 200);
        }
        double t = (value - min) / (max - min);
        t = Math.max(0, Math.min(1, t));
        double pos = t * (map.length - 1);
        int lo = (int) Math.floor(pos);
        if (lo >= map.length - 1) {
            return map[map.length - 1];
        }
        double f = pos - lo;
        Color a = map[lo];
        Color b = map[lo + 1];
        return new Color(
            (int) Math.round(a.getRed() + f * (b.getRed() - a.getRed())),
            (int) Math.round(a.getGreen() + f * (b.getGreen() - a.getGreen())),
            (int) Math.round(a.getBlue() + f * (b.getBlue() - a.getBlue())));
    }

    /** Black or white, whichever reads better on {@code background} (by relative luminance). */
    public static Color textColorOn(Color background) {
        double l = 0.2126 * lin(background.getRed()) + 0.7152 * lin(background.getGreen())
            + 0.0722 * lin(background.getBlue());
        return l > 0.18 ? Color.BLACK : Color.WHITE;
    }

    /** The colour as a CSS hex string, e.g. {@code "#21918c"}. */
    public static String css(Color c) {
        return String.format(Locale.ROOT, "#%02x%02x%02x", c.getRed(), c.getGreen(), c.getBlue());
    }

    private static double lin(int channel) {
        double c = channel / 255.0;
        return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }

    private static Color hex(String s) {
        return Color.decode(s);
    }
}
