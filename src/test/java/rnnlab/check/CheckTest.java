package rnnlab.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import rnnlab.core.Matrix;

/** The notebook check helper: one line when right, an explanation (thrown) when wrong. */
class CheckTest {
    static String failure(org.junit.jupiter.api.function.Executable run) {
        CheckFailed e = assertThrows(CheckFailed.class, run);
        assertTrue(e instanceof AssertionError, "a failed check fails a test cell");
        return e.getMessage();
    }

    @Test
    void aNumberPassesWithOneLineAndFailsWithTheDifference() {
        Verdict v = Check.close("memory after step 3", 7, 6.9995, 1e-3);
        assertTrue(v.passed());
        assertEquals("✔ memory after step 3: 6.9995 (expected 7 ± 0.001)", v.toString());
        assertEquals(1, v.toString().lines().count());
        assertEquals("✘ memory after step 3: expected 7 ± 0.001, got 6.2 (off by 0.8)",
                failure(() -> Check.close("memory after step 3", 7, 6.2, 1e-3)));
        assertTrue(failure(() -> Check.close("loss", 1, Double.NaN, 1)).contains("got NaN"));
        assertThrows(IllegalArgumentException.class, () -> Check.close("x", 1, 1, -1));
    }

    @Test
    void vectorsAndMatricesNameTheFirstWrongEntry() {
        Verdict v = Check.close("h after step 2", new double[] {6, 6}, new double[] {6, 6}, 0);
        assertEquals("✔ h after step 2: 2 values within 0 (largest difference 0): [6, 6]", v.toString());
        String m = failure(() -> Check.close("h after step 2", new double[] {6, 6}, new double[] {6, 5.5}, 1e-9));
        assertTrue(m.startsWith("✘ h after step 2: 1 of 2 values differ by more than 1.0000e-09; first at [1]: expected 6,"
                + " got 5.5"), m);
        assertTrue(m.contains("\n  expected [6, 6]\n  got      [6, 5.5]"), m);
        String shape = failure(() -> Check.close("h", new double[] {1, 2}, new double[] {1, 2, 3}, 0));
        assertEquals("✘ h: expected 2 values, got 3 values", shape);
        Matrix a = Matrix.ofRows(new double[][] {{1, 2}, {3, 4}});
        assertTrue(Check.close("state", a, a.copy(), 0).passed());
        Matrix b = a.copy();
        b.set(1, 0, 3.5);
        String mm = failure(() -> Check.close("state", a, b, 0.1));
        assertTrue(mm.contains("first at [1, 0]: expected 3, got 3.5"), mm);
        assertTrue(Check.close("row", new double[] {1, 2}, Matrix.row(1, 2), 0).passed());
        assertTrue(failure(() -> Check.close("row", new double[] {1, 2}, a, 0)).contains("2×2 matrix"));
    }

    @Test
    void otherClaimsAndSeveralAtOnce() {
        assertTrue(Check.equal("tags", List.of("O", "B-dest"), List.of("O", "B-dest")).passed());
        assertEquals("✘ tags: expected [O, B-dest], got [O, O]",
                failure(() -> Check.equal("tags", List.of("O", "B-dest"), List.of("O", "O"))));
        assertTrue(Check.atLeast("F1", 0.9, 0.95).passed());
        assertTrue(failure(() -> Check.atLeast("F1", 0.9, 0.5)).contains("expected at least 0.9, got 0.5"));
        assertTrue(failure(() -> Check.atMost("error", 1e-6, 1e-3)).contains("at most"));
        assertTrue(failure(() -> Check.that("the loss went down", false, "first 2, last 3"))
                .contains("not true — first 2, last 3"));
        Verdict all = Check.all(Check.close("a", 1, 1, 0), Check.that("b", true, "fine"));
        assertEquals("✔ a: 1 (expected 1 ± 0)\n✔ b: fine", all.toString());
    }
}
