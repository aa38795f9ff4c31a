package rnnlab.notebook;

import rnnlab.core.Html;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

class HtmlTablesTest {

    @Test
    void escapesTheFiveHtmlCharacters() {
        assertEquals("a&amp;b &lt;i&gt; &quot;q&quot; &#39;s&#39;", Html.escape("a&b <i> \"q\" 's'"));
        assertEquals("", Html.escape(null));
    }

    @Test
    void shortTablesAreShownWhole() {
        Table t = Table.create("t", IntColumn.create("n", new int[] {7, 8, 9}));
        String html = HtmlTables.toHtml(t, 3);
        assertTrue(html.contains("t: 3 rows × 1 column"), html);
        assertEquals(4, html.split("<tr>", -1).length - 1, html);
        assertTrue(html.contains(">7</td>") && html.contains(">9</td>") && !html.contains("more rows"), html);
    }

    @Test
    void longTablesKeepHeadAndTail() {
        int[] n = new int[100];
        for (int i = 0; i < n.length; i++) {
            n[i] = i;
        }
        String html = HtmlTables.toHtml(Table.create("big", IntColumn.create("n", n)), 8);
        // 6 head rows (0..5), 92 elided, 2 tail rows (98, 99)
        assertTrue(html.contains(">5</td>") && !html.contains(">6</td>"), html);
        assertTrue(html.contains("92 more rows"), html);
        assertTrue(html.contains(">98</td>") && html.contains(">99</td>") && !html.contains(">97</td>"), html);
    }

    @Test
    void rejectsANonPositiveRowLimit() {
        Table t = Table.create("t", IntColumn.create("n", new int[] {1}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HtmlTables.toHtml(t, 0));
        assertTrue(e.getMessage().contains("maxRows must be at least 1, got 0"), e.getMessage());
    }
}
