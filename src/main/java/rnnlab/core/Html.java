package rnnlab.core;

/**
 * The one HTML escaper of RNN Lab: every {@code toHtml()}, table and picture tag escapes text through it.
 */
public final class Html {
    private Html() {}

    /** Escapes {@code & < > " '} for use in HTML text and attribute values; {@code null} becomes "". */
    public static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(ch);
            }
        }
        return sb.toString();
    }
}
