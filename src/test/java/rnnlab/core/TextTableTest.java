package rnnlab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import rnnlab.eval.ConfusionMatrix;
import rnnlab.train.History;

/** The one table renderer: exact text and HTML of small tables, and the classes that show themselves through it. */
class TextTableTest {

    private static TextTable example() {
        return TextTable.builder("label", "precision", "recall")
                .title("2 labels")
                .row("B-dest", "0.9000", "0.8000")
                .row(TextTable.cell("O").style("color:#999"), 1, 1)
                .build();
    }

    @Test
    void textAlignsColumnsNumbersRight() {
        assertEquals("2 labels\n"
                + "label   precision  recall\n"
                + "B-dest     0.9000  0.8000\n"
                + "O               1       1", example().toString());
    }

    @Test
    void htmlHasHeaderRowsStylesAndRightAlignedNumbers() {
        assertEquals("<div class=\"rnnlab-table\"><p><b>2 labels</b></p><table style=\"border-collapse:collapse\">"
                + "<thead><tr><th style=\"padding:2px 8px\">label</th><th style=\"padding:2px 8px\">precision</th>"
                + "<th style=\"padding:2px 8px\">recall</th></tr></thead><tbody>"
                + "<tr><td style=\"padding:2px 8px\">B-dest</td><td style=\"padding:2px 8px;text-align:right\">0.9000</td>"
                + "<td style=\"padding:2px 8px;text-align:right\">0.8000</td></tr>"
                + "<tr><td style=\"padding:2px 8px;color:#999\">O</td><td style=\"padding:2px 8px;text-align:right\">1</td>"
                + "<td style=\"padding:2px 8px;text-align:right\">1</td></tr></tbody></table></div>",
                example().toHtml());
    }

    @Test
    void everyTextIsEscapedInHtml() {
        String html = TextTable.builder("<h>", "x").title("a & b").row("<script>", TextTable.cell("'x'").asHeader())
                .build().toHtml();
        assertTrue(html.contains("<p><b>a &amp; b</b></p>"), html);
        assertTrue(html.contains(">&lt;h&gt;</th>"), html);
        assertTrue(html.contains(">&lt;script&gt;</td>"), html);
        assertTrue(html.contains("<th style=\"padding:2px 8px;text-align:left\">&#39;x&#39;</th>"), html);
        assertTrue(!html.contains("<script>") && !html.contains("<h>"), html);
    }

    @Test
    void numbersAreRecognisedAndAlignedRight() {
        TextTable t = TextTable.builder("v").row("12.5%").row("–").row("-3e-05").row("1,024").row("abc").row(0.25)
                .build();
        assertEquals("     v\n 12.5%\n     –\n-3e-05\n 1,024\nabc\n  0.25", t.toString());
        for (int r = 0; r < 5; r++) {
            assertEquals(r < 4, t.row(r).get(0).right(), t.text(r, 0));
        }
        assertEquals("0.25", t.text(5, 0));
    }

    @Test
    void rowStylesAndMonospaceGoToHtmlOnly() {
        TextTable t = TextTable.builder("a").monospace().styledRow("background:#fde2e2", "x").build();
        assertTrue(t.toHtml().contains("font-family:monospace"), t.toHtml());
        assertTrue(t.toHtml().contains("<tr style=\"background:#fde2e2\">"), t.toHtml());
        assertEquals("a\nx", t.toString());
    }

    @Test
    void shortRowsAndTablesWithoutHeader() {
        TextTable t = TextTable.builder().row("a", "bb").row("ccc").build();
        assertEquals("a    bb\nccc", t.toString());
        assertEquals("", t.text(1, 1));
        assertTrue(t.toHtml().startsWith("<div class=\"rnnlab-table\"><table"), t.toHtml());
        assertTrue(!t.toHtml().contains("<thead>"), t.toHtml());
    }

    @Test
    void tooManyCellsIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TextTable.builder("a").row(1, 2));
        assertEquals("TextTable: a row has 2 cells but the table has 1 columns [a]", e.getMessage());
    }

    @Test
    void confusionMatrixShowsTheSameTableAsTextAndHtml() {
        ConfusionMatrix m = ConfusionMatrix.of(List.of(List.of("O", "B-x", "O")), List.of(List.of("O", "O", "O")));
        assertEquals("ConfusionMatrix(2 labels, 3 tokens, 2 on the diagonal; rows gold, columns predicted)\n"
                + "gold \\ predicted  O  B-x\n"
                + "O                 2    0\n"
                + "B-x               1    0", m.toString());
        String html = m.toHtml();
        assertTrue(html.contains("<th style=\"padding:2px 8px;text-align:left\">B-x</th>"
                + "<td style=\"padding:2px 8px;text-align:right;background:#fdd\">1</td>"
                + "<td style=\"padding:2px 8px;text-align:right;color:#bbb\">0</td>"), html);
        assertTrue(html.contains("<td style=\"padding:2px 8px;text-align:right;font-weight:bold\">2</td>"), html);
    }

    @Test
    void historyTextHtmlAndTablesawUseOneSetOfColumnNames() {
        History h = new History();
        assertEquals("History (0 epochs)\nepoch  learning rate  train loss  train accuracy  train F1  dev loss"
                + "  dev accuracy  dev F1  grad norm  clipped  seconds", h.toString());
        assertTrue(h.toHtml().contains(">dev F1</th>"), h.toHtml());
        assertEquals(h.table().headers(), h.toTable().columnNames());
    }
}
