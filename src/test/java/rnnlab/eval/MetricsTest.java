package rnnlab.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import rnnlab.data.LabelVocabulary;
import tech.tablesaw.api.Table;

/** Token accuracy, confusion matrix and per-label report. */
class MetricsTest {
    private static final List<List<String>> GOLD = List.of(
            List.of("O", "B-dest", "O", "B-depart"),
            List.of("O", "B-dest"));
    private static final List<List<String>> PRED = List.of(
            List.of("O", "B-depart", "O", "B-depart"),
            List.of("B-dest", "B-dest"));

    @Test
    void tokenAccuracyOverStringsAndPaddedIds() {
        assertEquals(4.0 / 6, Accuracy.tokenAccuracy(GOLD, PRED), 1e-12);
        int[][] gold = {{0, 1, 2}, {1, -1, -1}};
        int[][] pred = {{0, 2, 2}, {1, 0, 5}};
        assertEquals(3.0 / 4, Accuracy.tokenAccuracy(gold, pred), 1e-12, "padding (-1) is skipped");
        assertArrayEquals(new long[] {3, 4}, Accuracy.counts(gold, pred));
        assertThrows(IllegalArgumentException.class, () -> Accuracy.tokenAccuracy(GOLD, PRED.subList(0, 1)));
    }

    @Test
    void confusionMatrixCountsGoldByPredicted() {
        ConfusionMatrix m = ConfusionMatrix.of(GOLD, PRED);
        assertEquals(List.of("O", "B-depart", "B-dest"), m.labels());
        assertArrayEquals(new int[][] {{2, 0, 1}, {0, 1, 0}, {0, 1, 1}}, m.counts());
        assertEquals(1, m.count("B-dest", "B-depart"));
        assertEquals(6, m.total());
        assertEquals(4, m.correct());
        assertTrue(m.toString().contains("gold \\ predicted"), m.toString());
        assertTrue(m.toHtml().startsWith("<div class=\"rnnlab-table rnnlab-confusion\"><p><b>ConfusionMatrix("), m.toHtml());
        Table t = m.toTable();
        assertEquals(List.of("gold", "O", "B-depart", "B-dest"), t.columnNames());
        assertEquals(1, t.intColumn("B-depart").get(2), "row B-dest, column B-depart");
    }

    @Test
    void confusionMatrixFromPaddedIds() {
        LabelVocabulary labels = LabelVocabulary.of("O", "B-dest");
        ConfusionMatrix m = ConfusionMatrix.of(new int[][] {{0, 1, -1}}, new int[][] {{1, 1, 0}}, labels);
        assertArrayEquals(new int[][] {{0, 1}, {0, 1}}, m.counts());
        assertThrows(IllegalArgumentException.class,
                () -> ConfusionMatrix.of(new int[][] {{0}}, new int[][] {{7}}, labels));
    }

    @Test
    void labelReportPerLabel() {
        LabelReport r = LabelReport.of(GOLD, PRED);
        LabelReport.Row dest = r.row("B-dest");
        assertEquals(0.5, dest.precision(), 1e-12, "predicted twice (once for an O), correct once");
        assertEquals(0.5, dest.recall(), 1e-12, "gold twice, found once");
        assertEquals(2, dest.support());
        LabelReport.Row depart = r.row("B-depart");
        assertEquals(0.5, depart.precision(), 1e-12);
        assertEquals(1.0, depart.recall(), 1e-12);
        assertEquals(2.0 / 3, depart.f1(), 1e-12);
        assertEquals(4.0 / 6, r.accuracy(), 1e-12);
        assertTrue(r.toString().contains("B-depart"), r.toString());
        assertTrue(r.toHtml().contains(">B-dest</td>"), r.toHtml());
        // the title names what it measures without claiming tokens: a classifier's report counts sentences
        assertTrue(r.toString().startsWith("LabelReport(3 labels, accuracy 0.6667, macro F1 0.6556)"), r.toString());
    }
}
