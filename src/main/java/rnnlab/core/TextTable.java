package rnnlab.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The one way RNN Lab shows a small table: as aligned text ({@link #toString()}) and as an HTML fragment
 * ({@link #toHtml()}), both from the same cells. Reports, histories, tapes, traces, parameter lists and matrices
 * build one of these instead of writing their own text columns and {@code <table>} tags.
 *
 * <pre>
 *   TextTable t = TextTable.builder("label", "precision", "recall")
 *           .title("2 labels")
 *           .row("B-dest", "0.9000", "0.8000")
 *           .row(TextTable.cell("O").style("color:#999"), 1, 1)
 *           .build();
 *   t.toString()  →  "2 labels\nlabel   precision  recall\nB-dest     0.9000  0.8000\nO               1       1"
 * </pre>
 *
 * <p>Cells are text. A number (a {@link Number}, or text that reads as one, like {@code "0.9000"}, {@code "12.5%"}
 * or the dash "–" of a value not measured) is right-aligned, other text left-aligned. In HTML every text is escaped
 * through {@link Html#escape}; a cell's {@linkplain Cell#style(String) style} is the only raw CSS, and it is
 * given by code, never by data. Immutable.
 */
public final class TextTable implements HtmlRenderable {
    private static final Pattern NUMBER = Pattern.compile(
            "[-+−]?(\\d[\\d,]*(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?%?|[-+]?(NaN|∞|Infinity)|–");

    /** One cell: its text, whether it heads its row, its alignment and an optional CSS style for HTML. */
    public record Cell(String text, boolean header, boolean right, String style) {
        public Cell {
            Objects.requireNonNull(text, "text");
        }

        /** The same cell with a CSS style (e.g. {@code "color:#999"}) added in HTML; text output ignores it. */
        public Cell style(String css) {
            return new Cell(text, header, right, css);
        }

        /** The same cell shown as a row header ({@code <th>} in HTML). */
        public Cell asHeader() {
            return new Cell(text, true, right, style);
        }

        /** The same cell aligned left even if it reads as a number. */
        public Cell left() {
            return new Cell(text, header, false, style);
        }
    }

    private final String title;
    private final String cssClass;
    private final boolean monospace;
    private final List<String> headers;
    private final List<List<Cell>> rows;
    private final List<String> rowStyles;

    private TextTable(Builder b) {
        this.title = b.title;
        this.cssClass = b.cssClass;
        this.monospace = b.monospace;
        this.headers = List.copyOf(b.headers);
        this.rows = List.copyOf(b.rows);
        this.rowStyles = Collections.unmodifiableList(new ArrayList<>(b.rowStyles));
    }

    /** A table with these column headers (none: a table without a header row). */
    public static Builder builder(String... headers) {
        return new Builder(List.of(headers));
    }

    /** A table with these column headers. */
    public static Builder builder(List<String> headers) {
        return new Builder(List.copyOf(headers));
    }

    /** A cell from any value: numbers (and text that reads as one) are right-aligned. */
    public static Cell cell(Object value) {
        if (value instanceof Cell c) {
            return c;
        }
        if (value instanceof Number n) {
            String s = n instanceof Double || n instanceof Float ? Fmt.num(n.doubleValue()) : n.toString();
            return new Cell(s, false, true, null);
        }
        String s = String.valueOf(value);
        return new Cell(s, false, NUMBER.matcher(s.strip()).matches(), null);
    }

    /** The title shown above the table, or null. */
    public String title() {
        return title;
    }

    /** The column headers (empty: no header row). */
    public List<String> headers() {
        return headers;
    }

    /** Number of body rows. */
    public int rowCount() {
        return rows.size();
    }

    /** The text of body row r, column c ("" past the end of a short row). */
    public String text(int r, int c) {
        List<Cell> row = rows.get(r);
        return c < row.size() ? row.get(c).text() : "";
    }

    /** The cells of body row r. */
    public List<Cell> row(int r) {
        return rows.get(r);
    }

    private int columns() {
        int n = headers.size();
        for (List<Cell> r : rows) {
            n = Math.max(n, r.size());
        }
        return n;
    }

    /**
     * The table as text: the title (if any) on its own line, then the header and one line per row, columns two
     * spaces apart, numbers right-aligned; no trailing spaces.
     */
    @Override
    public String toString() {
        int n = columns();
        int[] width = new int[n];
        for (int c = 0; c < headers.size(); c++) {
            width[c] = headers.get(c).length();
        }
        for (List<Cell> r : rows) {
            for (int c = 0; c < r.size(); c++) {
                width[c] = Math.max(width[c], r.get(c).text().length());
            }
        }
        boolean[] rightColumn = new boolean[n];
        for (List<Cell> r : rows) {
            for (int c = 0; c < r.size(); c++) {
                rightColumn[c] |= r.get(c).right();
            }
        }
        List<String> lines = new ArrayList<>();
        if (title != null) {
            lines.add(title);
        }
        if (!headers.isEmpty()) {
            List<Cell> head = new ArrayList<>();
            for (int c = 0; c < headers.size(); c++) {
                head.add(new Cell(headers.get(c), true, rightColumn[c], null));
            }
            lines.add(line(head, width));
        }
        for (List<Cell> r : rows) {
            lines.add(line(r, width));
        }
        return String.join("\n", lines);
    }

    private static String line(List<Cell> cells, int[] width) {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            String s = cells.get(c).text();
            String pad = " ".repeat(width[c] - s.length());
            sb.append(c > 0 ? "  " : "").append(cells.get(c).right() ? pad + s : s + pad);
        }
        return sb.toString().stripTrailing();
    }

    /**
     * The table as an HTML fragment: {@code <div class="rnnlab-table …">}, the title in bold (if any), then a
     * {@code <table>} with a header row (if any) and one row per body row; every text escaped.
     */
    @Override
    public String toHtml() {
        StringBuilder sb = new StringBuilder("<div class=\"rnnlab-table");
        if (cssClass != null) {
            sb.append(' ').append(Html.escape(cssClass));
        }
        sb.append("\">");
        if (title != null) {
            sb.append("<p><b>").append(Html.escape(title)).append("</b></p>");
        }
        sb.append("<table style=\"border-collapse:collapse").append(monospace ? ";font-family:monospace" : "")
                .append("\">");
        if (!headers.isEmpty()) {
            sb.append("<thead><tr>");
            for (String h : headers) {
                sb.append("<th style=\"padding:2px 8px\">").append(Html.escape(h)).append("</th>");
            }
            sb.append("</tr></thead>");
        }
        sb.append("<tbody>");
        for (int r = 0; r < rows.size(); r++) {
            String rowStyle = rowStyles.get(r);
            sb.append(rowStyle == null ? "<tr>" : "<tr style=\"" + Html.escape(rowStyle) + "\">");
            for (Cell c : rows.get(r)) {
                String tag = c.header() ? "th" : "td";
                sb.append('<').append(tag).append(" style=\"padding:2px 8px")
                        .append(c.right() ? ";text-align:right" : c.header() ? ";text-align:left" : "")
                        .append(c.style() != null ? ";" + Html.escape(c.style()) : "").append("\">")
                        .append(Html.escape(c.text())).append("</").append(tag).append('>');
            }
            sb.append("</tr>");
        }
        return sb.append("</tbody></table></div>").toString();
    }

    /** Builds a {@link TextTable}; rows are added in order. */
    public static final class Builder {
        private final List<String> headers;
        private String title;
        private String cssClass;
        private boolean monospace;
        private final List<List<Cell>> rows = new ArrayList<>();
        private final List<String> rowStyles = new ArrayList<>();

        private Builder(List<String> headers) {
            for (String h : headers) {
                Objects.requireNonNull(h, "a column header is null");
            }
            this.headers = headers;
        }

        /** A line above the table (in HTML: bold). */
        public Builder title(String title) {
            this.title = title;
            return this;
        }

        /** An extra CSS class on the HTML {@code <div>} (e.g. "rnnlab-history"), for styling and tests. */
        public Builder cssClass(String cssClass) {
            this.cssClass = cssClass;
            return this;
        }

        /** Shows the HTML table in a monospace font (numbers that line up, as in tapes and matrices). */
        public Builder monospace() {
            this.monospace = true;
            return this;
        }

        /** A row of cells: each a {@link Cell}, a number or any value shown as text. */
        public Builder row(Object... cells) {
            return styledRow(null, cells);
        }

        /** A row of cells. */
        public Builder row(List<?> cells) {
            return row(cells.toArray());
        }

        /** A row with a CSS style for its HTML {@code <tr>} (e.g. a background colour); text output ignores it. */
        public Builder styledRow(String style, Object... cells) {
            if (!headers.isEmpty() && cells.length > headers.size()) {
                throw new IllegalArgumentException("TextTable: a row has " + cells.length + " cells but the table has "
                        + headers.size() + " columns " + headers);
            }
            List<Cell> row = new ArrayList<>(cells.length);
            for (Object c : cells) {
                row.add(cell(c));
            }
            rows.add(Collections.unmodifiableList(row));
            rowStyles.add(style);
            return this;
        }

        public TextTable build() {
            return new TextTable(this);
        }
    }
}
