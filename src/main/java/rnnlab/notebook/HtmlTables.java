package rnnlab.notebook;

import rnnlab.core.Html;
import tech.tablesaw.api.Table;

/**
 * Tablesaw tables as self-contained HTML (no scripts, no external styles), as shown in notebooks.
 *
 * <p>Every cell is HTML-escaped. Long tables show their first and last rows with a marker row in between,
 * so a 100 000-row table does not flood the notebook.
 */
public final class HtmlTables {
    private HtmlTables() {}

    /** Rows shown in a notebook before the middle of a table is elided. */
    public static final int DEFAULT_MAX_ROWS = 20;

    /** {@link #toHtml(Table, int)} with {@link #DEFAULT_MAX_ROWS}. */
    public static String toHtml(Table table) {
        return toHtml(table, DEFAULT_MAX_ROWS);
    }

    /**
     * An HTML {@code <table>} with a caption "name: R rows × C columns", a header row of column names, and at most
     * {@code maxRows} data rows (the first {@code maxRows - maxRows/4} and the last {@code maxRows/4} when the
     * table is longer).
     *
     * @param maxRows at least 1
     */
    public static String toHtml(Table table, int maxRows) {
        if (maxRows < 1) {
            throw new IllegalArgumentException("maxRows must be at least 1, got " + maxRows);
        }
        int rows = table.rowCount();
        int cols = table.columnCount();
        int tail = rows > maxRows ? maxRows / 4 : 0;
        int head = rows > maxRows ? maxRows - tail : rows;

        StringBuilder sb = new StringBuilder(256 + 32 * Math.min(rows, maxRows) * Math.max(cols, 1));
        sb.append("<table class=\"rnnlab-table\">");
        sb.append("<caption style=\"text-align:left\">")
                .append(Html.escape(table.name() == null ? "table" : table.name()))
                .append(": ").append(rows).append(rows == 1 ? " row" : " rows")
                .append(" &times; ").append(cols).append(cols == 1 ? " column" : " columns")
                .append("</caption>");
        sb.append("<thead><tr>");
        for (int c = 0; c < cols; c++) {
            sb.append("<th>").append(Html.escape(table.column(c).name())).append("</th>");
        }
        sb.append("</tr></thead><tbody>");
        for (int r = 0; r < head; r++) {
            appendRow(sb, table, r, cols);
        }
        if (rows > maxRows) {
            sb.append("<tr><td colspan=\"").append(Math.max(cols, 1)).append("\" style=\"text-align:center\">&hellip; ")
                    .append(rows - head - tail).append(" more rows &hellip;</td></tr>");
            for (int r = rows - tail; r < rows; r++) {
                appendRow(sb, table, r, cols);
            }
        }
        sb.append("</tbody></table>");
        return sb.toString();
    }

    private static void appendRow(StringBuilder sb, Table table, int r, int cols) {
        sb.append("<tr>");
        for (int c = 0; c < cols; c++) {
            sb.append("<td>").append(Html.escape(table.getString(r, c))).append("</td>");
        }
        sb.append("</tr>");
    }

}
