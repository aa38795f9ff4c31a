package rnnlab.core;

import java.util.Locale;

/** Number formatting shared by every {@code toString()}: short, locale-independent, exact for small integers. */
public final class Fmt {
    private Fmt() {}

    /** Formats a number compactly: integers without decimals, others with up to 6 significant digits. */
    public static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        double a = Math.abs(v);
        if (a != 0 && (a < 1e-4 || a >= 1e6)) {
            return String.format(Locale.ROOT, "%.4e", v);
        }
        String s = String.format(Locale.ROOT, "%.6g", v);
        if (s.contains(".") && !s.contains("e")) {
            s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return s;
    }
}
