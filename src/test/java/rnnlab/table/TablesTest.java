package rnnlab.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import rnnlab.RNN;
import rnnlab.cells.LSTM;
import rnnlab.core.GradCheck;
import rnnlab.core.GradCheckReport;
import rnnlab.core.Matrix;
import rnnlab.core.Objective;
import rnnlab.core.Param;

class TablesTest {
    static final List<String> INPUTS = List.of("(3,1,0)", "(4,1,0)", "(2,0,0)", "(1,0,1)", "(3,-1,0)");

    @Test
    void lstmCellTraceHasTheLectureColumns() {
        double[] c = {3, 7, 7, 7, 0};
        double[] y = {0, 0, 0, 7, 0};
        var t = Tables.lstmCellTrace(INPUTS, null, new double[] {1, 1, 0, 0, 0}, null, null, c, y);
        assertEquals(List.of("step", "input", "input gate", "memory c", "output y"), Tables.columnNames(t));
        assertEquals(5, t.rowCount());
        assertEquals(4, t.intColumn("step").getInt(3));
        assertEquals("(1,0,1)", t.stringColumn("input").get(3));
        assertEquals(7.0, t.doubleColumn("output y").getDouble(3), 0.0);
        assertTrue(t.print().contains("(3,-1,0)"));
    }

    @Test
    void lstmCellTraceFromTheLibraryTapeMatchesLectureExampleC() {
        LSTM cell = RNN.lstm(LSTM.Config.lecture(3, 1));
        cell.W.value.set(new double[][] {{1, 0, 0, 0}, {0, 100, 100, 0}, {0, 0, 0, 100}});
        cell.U.value.zero();
        cell.b.value.set(new double[][] {{0, -10, 10, -10}});
        double[][] x = {{3, 1, 0}, {4, 1, 0}, {2, 0, 0}, {1, 0, 1}, {3, -1, 0}};
        Matrix[] xs = new Matrix[x.length];
        for (int i = 0; i < x.length; i++) {
            xs[i] = Matrix.row(x[i]);
        }
        cell.forward(xs, null);
        var t = Tables.lstmCellTrace(cell.tape(), 0, 0, INPUTS);
        // the lecture's LSTM example (p.20–25): c = 3, 7, 6.99977, 6.99950, ~0 and y ~ 0, 0, 0, 6.99950, 0
        double[] memory = {3, 7, 6.99977, 6.99950, 0};
        for (int s = 0; s < 5; s++) {
            assertEquals(memory[s], t.doubleColumn("memory c").getDouble(s), 1e-3, "memory at step " + (s + 1));
        }
        assertEquals(6.99950, t.doubleColumn("output y").getDouble(3), 1e-4);
        assertEquals(3.0, t.doubleColumn("g(z)").getDouble(0), 1e-12);
        assertTrue(t.doubleColumn("input gate").getDouble(2) < 1e-4, "input gate closed at (2,0,0)");
        assertTrue(t.getString(2, "input gate").contains("e-05"), "tiny gates print in scientific notation: "
            + t.getString(2, "input gate"));
        assertThrows(IllegalArgumentException.class, () -> Tables.lstmCellTrace(cell.tape(), 1, 0, null));
    }

    @Test
    void traceValidatesLengths() {
        Map<String, double[]> m = new LinkedHashMap<>();
        m.put("c", new double[] {1, 2});
        m.put("y", new double[] {1});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tables.trace("t", null, m));
        assertTrue(e.getMessage().contains("'y' has 1 steps"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
            () -> Tables.trace("t", List.of("a"), Map.of("c", new double[] {1, 2})));
    }

    @Test
    void vectorsByStepHaveOneColumnPerUnit() {
        double[][] h = {{0.1, -0.2}, {0.3, 0.4}, {0.5, -0.6}};
        var t = Tables.vectorsByStep("hidden states", List.of("arrive", "Taipei", "on"), h, "h");
        assertEquals(List.of("step", "token", "h[0]", "h[1]"), Tables.columnNames(t));
        assertEquals(-0.6, t.doubleColumn("h[1]").getDouble(2), 0.0);
    }

    @Test
    void historyPadsShorterSeriesWithMissingValues() {
        Map<String, double[]> metrics = new LinkedHashMap<>();
        metrics.put("dev F1", new double[] {0.5, 0.6});
        var t = Tables.history(new double[] {2, 1.5, 1.2}, new double[] {2.2, Double.NaN, 1.4}, metrics);
        assertEquals(List.of("epoch", "train loss", "dev loss", "dev F1"), Tables.columnNames(t));
        assertEquals(3, t.rowCount());
        assertEquals(3, t.intColumn("epoch").getInt(2));
        assertTrue(t.doubleColumn("dev loss").isMissing(1));
        assertTrue(t.doubleColumn("dev F1").isMissing(2));
        assertEquals("", t.getString(2, "dev F1"));
        assertEquals("1.2", t.getString(2, "train loss"));
        assertThrows(IllegalArgumentException.class, () -> Tables.history(null, null, null));
    }

    @Test
    void gradientCheckMarksFailures() {
        var t = Tables.gradientCheck(new String[] {"Wh", "b"}, new double[] {3e-9, 2e-3}, new String[] {"[0,1] t=2",
            "[0,0]"}, new double[] {0.25, -1.5}, new double[] {0.25000001, -1.49}, 1e-6);
        assertEquals(List.of("tensor", "max rel. error", "where", "analytic", "numeric", "status"),
            Tables.columnNames(t));
        assertEquals("ok", t.stringColumn("status").get(0));
        assertEquals("FAIL", t.stringColumn("status").get(1));
        assertEquals("3.0000e-09", t.getString(0, "max rel. error"));
        assertThrows(IllegalArgumentException.class, () -> Tables.gradientCheck(new String[] {"W"}, new double[0],
            null, new double[1], new double[1], 1e-6));
    }

    @Test
    void gradientCheckFromTheLibraryReport() {
        // L = sum of squares of one tensor, gradient 2w: analytic and numeric agree
        Param w = new Param("w", 2, 2);
        w.value.set(new double[][] {{1, -2}, {0.5, 3}});
        Objective sumOfSquares = new Objective() {
            @Override
            public double loss() {
                return w.value.sumOfSquares();
            }

            @Override
            public double gradients() {
                for (int r = 0; r < 2; r++) {
                    for (int c = 0; c < 2; c++) {
                        w.grad.data[r][c] = 2 * w.value.data[r][c];
                    }
                }
                return loss();
            }
        };
        GradCheckReport report = GradCheck.check(sumOfSquares, List.of(w), GradCheck.Options.full());
        var t = Tables.gradientCheck(report, GradCheck.SEQUENCE_TOLERANCE);
        assertEquals(List.of("tensor", "shape", "probed", "max rel. error", "where", "analytic", "numeric", "status"),
            Tables.columnNames(t));
        assertEquals("w", t.stringColumn("tensor").get(0));
        assertEquals(4, t.intColumn("probed").getInt(0));
        assertEquals("ok", t.stringColumn("status").get(0));
        assertEquals(report.maxRelError(), t.doubleColumn("max rel. error").getDouble(0), 0.0);
    }

    @Test
    void significantDigitsFormat() {
        assertEquals("7", SignificantDigits.format(7.0, 5));
        assertEquals("6.9998", SignificantDigits.format(6.99977, 5));
        assertEquals("4.5398e-05", SignificantDigits.format(4.539787e-5, 5));
        assertEquals("0", SignificantDigits.format(0, 5));
        assertEquals("", SignificantDigits.format(Double.NaN, 5));
        assertEquals("-0.125", SignificantDigits.format(-0.125, 5));
    }
}
