package rnnlab.data;

import java.util.Locale;
import java.util.Objects;

/**
 * How a token is rewritten before it is looked up in a {@link Vocabulary}: optional lower-casing, then optional
 * digit normalisation.
 *
 * <pre>
 *   KEEP   "November" "2nd" "10:30"  -&gt;  unchanged
 *   ZERO   "2nd" -&gt; "0nd",   "10:30" -&gt; "00:00"          (every digit becomes '0')
 *   SHAPE  "2nd" -&gt; "DIGITnd", "1999" -&gt; "DIGITDIGITDIGITDIGIT"
 *          (every digit becomes the word DIGIT, as in the ATIS preprocessing of Mesnil et al. 2013)
 * </pre>
 *
 * Digits are the characters for which {@link Character#isDigit(char)} is true. Lower-casing uses
 * {@link Locale#ROOT}, so results do not depend on the machine's language settings. Lower-casing is applied first,
 * so {@code SHAPE} always produces upper-case {@code DIGIT}.
 *
 * @param lowerCase lower-case every token
 * @param digits    what to do with digits
 */
public record TokenNormalizer(boolean lowerCase, DigitMode digits) {

    /** What happens to digit characters. */
    public enum DigitMode {
        /** Digits are left alone. */
        KEEP,
        /** Every digit becomes {@code '0'}. */
        ZERO,
        /** Every digit becomes the string {@code "DIGIT"}. */
        SHAPE
    }

    /** Leaves every token exactly as it is. */
    public static final TokenNormalizer NONE = new TokenNormalizer(false, DigitMode.KEEP);

    public TokenNormalizer {
        Objects.requireNonNull(digits, "digits must be KEEP, ZERO or SHAPE, not null");
    }

    /** The normalised form of {@code token}. */
    public String apply(String token) {
        if (token == null) {
            throw new IllegalArgumentException("the token is null; a token is a non-empty string (look for a missing"
                    + " word in the list or array you passed)");
        }
        String s = lowerCase ? token.toLowerCase(Locale.ROOT) : token;
        if (digits == DigitMode.KEEP) {
            return s;
        }
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isDigit(c)) {
                if (sb == null) {
                    sb = new StringBuilder(s.length() + 8).append(s, 0, i);
                }
                sb.append(digits == DigitMode.ZERO ? "0" : "DIGIT");
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? s : sb.toString();
    }

    /** True if this normaliser changes nothing. */
    public boolean isIdentity() {
        return !lowerCase && digits == DigitMode.KEEP;
    }

    @Override
    public String toString() {
        return "TokenNormalizer(lowerCase=" + lowerCase + ", digits=" + digits + ")";
    }
}
