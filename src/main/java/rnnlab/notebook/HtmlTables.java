package rnnlab.notebook;

import rnnlab.core.TextTable;
import tech.tablesaw.api.Table;

/**
 * Tablesaw tables as self-contained HTML (no scripts, no external styles), as shown in notebooks.
 *
 * <p>Rendered by {@link TextTable} (every cell HTML-escaped). Long tables show their first and last rows with a marker row in between,
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
        TextTable.Builder t = TextTable.builder(table.columnNames()).title((table.name() == null ? "table" : table.name())
                + ": " + rows + (rows == 1 ? " row" : " rows") + " × " + cols + (cols == 1 ? " column" : " columns"));
        for (int r = 0; r < head; r++) {
            addRow(t, table, r, cols);
        }
        if (rows > maxRows) {
            t.row("… " + (rows - head - tail) + " more rows …");
            for (int r = rows - tail; r < rows; r++) {
                addRow(t, table, r, cols);
            }
        }
        return t.build().toHtml();
    }

    private static void addRow(TextTable.Builder t, Table table, int r, int cols) {
        Object[] row = new Object[cols];
        for (int c = 0; c < cols; c++) {
            row[c] = table.getString(r, c);
        }
        t.row(row);
    }

}
