package rnnlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import tech.tablesaw.api.Table;

class DataTablesTest {
    private static final Dataset DATA = Dataset.of("toy", List.of(
            Sentence.parse("arrive Taipei on November 2nd", "O B-dest O B-arrive_date I-arrive_date"),
            Sentence.parse("leave Taipei", "O B-depart")));

    @Test
    void tokenTableHasOneRowPerToken() {
        Table t = DataTables.tokens(DATA);
        assertEquals(7, t.rowCount());
        assertEquals(List.of("sentence", "position", "token", "label"), t.columnNames());
        assertEquals(1, t.intColumn("sentence").get(6));
        assertEquals(1, t.intColumn("position").get(6));
        assertEquals("Taipei", t.stringColumn("token").get(6));
        assertEquals("B-depart", t.stringColumn("label").get(6));
    }

    @Test
    void summaryAndLabelCounts() {
        Table s = DataTables.summary(DATA);
        assertEquals(2.0, s.doubleColumn("value").get(0));
        assertEquals("tokens", s.stringColumn("statistic").get(1));
        assertEquals(7.0, s.doubleColumn("value").get(1));
        assertEquals(3.5, s.doubleColumn("value").get(5), "median length of 2 and 5");
        Table l = DataTables.labelCounts(DATA);
        assertEquals("O", l.stringColumn("label").get(0));
        assertEquals(3, l.intColumn("count").get(0));
        assertEquals(100.0 * 3 / 7, l.doubleColumn("percent").get(0), 1e-12);
        assertEquals(2, DataTables.sentences(DATA).rowCount());
    }
}
