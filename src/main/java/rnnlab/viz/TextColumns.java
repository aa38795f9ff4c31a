package rnnlab.viz;

import java.util.LinkedHashMap;
import java.util.Map;

import rnnlab.core.HtmlRenderable;
import rnnlab.core.Named;
import rnnlab.core.TextTable;

/**
 * Texts side by side under their headings, e.g. samples of a character model at temperatures 0.5, 1 and 1.5: an
 * HTML table of pre-formatted columns in a notebook, the texts one after another in plain text.
 */
public final class TextColumns implements HtmlRenderable {
    private final Map<String, String> columns;

    private TextColumns(Map<String, String> columns) {
        this.columns = columns;
    }

    /** Columns in the map's order: heading → text. */
    public static TextColumns of(Map<String, String> headingToText) {
        if (headingToText.isEmpty()) {
            throw new IllegalArgumentException("TextColumns: no columns");
        }
        return new TextColumns(new LinkedHashMap<>(headingToText));
    }

    /** The text under a heading. */
    public String text(String heading) {
        return Named.get(columns, heading, "TextColumns: no column '" + heading + "'; the headings are ");
    }

    @Override
    public String toHtml() {
        TextTable.Builder t = TextTable.builder(java.util.List.copyOf(columns.keySet())).cssClass("rnnlab-text-columns");
        t.row(columns.values().stream().map(s -> TextTable.cell(s).left().style("vertical-align:top;"
                + "white-space:pre-wrap;font-family:monospace;font-size:12px;max-width:28em")).toArray());
        return t.build().toHtml();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : columns.entrySet()) {
            sb.append("=== ").append(e.getKey()).append(" ===\n").append(e.getValue()).append("\n\n");
        }
        return sb.toString().stripTrailing();
    }
}
