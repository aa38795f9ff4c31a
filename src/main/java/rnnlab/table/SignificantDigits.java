package rnnlab.table;

import java.math.RoundingMode;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.Locale;

/**
 * Prints numbers with a fixed count of significant digits: plain notation between 1e-3 and 1e6 with trailing
 * zeros dropped (7 prints as "7", 6.99977 as "6.9998" at 5 digits), scientific notation outside (4.5398e-05).
 * Used as the print format of table columns so that a gate of 4.54e-5 does not print as "0".
 */
final class SignificantDigits extends NumberFormat {
    private final int digits;

    SignificantDigits(int digits) {
        if (digits < 1 || digits > 17) {
            throw new IllegalArgumentException("significant digits must be 1..17, got " + digits);
        }
        this.digits = digits;
    }

    static String format(double v, int digits) {
        if (Double.isNaN(v)) {
            return "";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "∞" : "-∞";
        }
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        if (a < 1e-3 || a >= 1e6) {
            return String.format(Locale.ROOT, "%." + (digits - 1) + "e", v);
        }
        String s = new java.math.BigDecimal(v).round(new java.math.MathContext(digits, RoundingMode.HALF_EVEN))
            .stripTrailingZeros().toPlainString();
        return s.equals("-0") ? "0" : s;
    }

    @Override
    public StringBuffer format(double number, StringBuffer toAppendTo, FieldPosition pos) {
        return toAppendTo.append(format(number, digits));
    }

    @Override
    public StringBuffer format(long number, StringBuffer toAppendTo, FieldPosition pos) {
        return toAppendTo.append(number);
    }

    @Override
    public Number parse(String source, ParsePosition parsePosition) {
        throw new UnsupportedOperationException("SignificantDigits only formats numbers for printing");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignificantDigits s && s.digits == digits;
    }

    @Override
    public int hashCode() {
        return digits;
    }
}
