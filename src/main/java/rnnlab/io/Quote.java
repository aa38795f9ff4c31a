package rnnlab.io;

/**
 * Quotes user data in error messages without copying all of it: a 10 MB line gives a message of about a hundred
 * characters, not 10 MB. Control characters are shown as backslash-u escapes so one message stays one line.
 */
public final class Quote {
    /** The longest quote, in characters, before it is cut. */
    public static final int MAX = 60;

    private Quote() {}

    /** {@code s} itself if short, else its first {@value #MAX} characters, "…" and the full length. */
    public static String cut(String s) {
        if (s == null) {
            return "null";
        }
        int end = s.length() <= MAX ? s.length() : s.offsetByCodePoints(0, Math.min(MAX, s.codePointCount(0, MAX)));
        StringBuilder sb = new StringBuilder(end + 32);
        for (int i = 0; i < end; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7F || c == 0x85 || c == 0x2028 || c == 0x2029) {
                sb.append(String.format("\\u%04X", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (end < s.length()) {
            sb.append("… (").append(s.length()).append(" characters)");
        }
        return sb.toString();
    }
}
