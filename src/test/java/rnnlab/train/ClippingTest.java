package rnnlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import rnnlab.core.Param;
import rnnlab.core.Params;

class ClippingTest {
    /** Two tensors whose gradients (3) and (0, 4) have global norm 5. */
    static Params grads() {
        Params ps = new Params();
        ps.add(new Param("a", 1, 1)).grad.data[0][0] = 3;
        Param b = ps.add(new Param("b", 1, 2));
        b.grad.data[0][1] = 4;
        return ps;
    }

    @Test
    void globalNormScalesAllTensorsTogether() {
        Params ps = grads();
        assertEquals(5.0, Clipping.norm(2.5).apply(ps), 1e-12);
        assertEquals(1.5, ps.get("a").grad.get(0, 0), 1e-12);
        assertArrayEquals(new double[] {0, 2.0}, ps.get("b").grad.rowCopy(0), 1e-12);
        assertEquals(2.5, ps.gradNorm(), 1e-12);
    }

    @Test
    void belowTheThresholdNothingChanges() {
        Params ps = grads();
        assertEquals(5.0, Clipping.byGlobalNorm(ps, 15), 1e-12); // the lecture's 15
        assertEquals(3.0, ps.get("a").grad.get(0, 0));
        assertEquals(4.0, ps.get("b").grad.get(0, 1));
    }

    @Test
    void byValueClampsEachElement() {
        Params ps = grads();
        ps.get("b").grad.data[0][0] = -7;
        assertEquals(Math.sqrt(9 + 49 + 16), Clipping.value(3.5).apply(ps), 1e-12);
        assertEquals(3.0, ps.get("a").grad.get(0, 0));
        assertArrayEquals(new double[] {-3.5, 3.5}, ps.get("b").grad.rowCopy(0));
    }

    @Test
    void noneReportsTheNormOnly() {
        Params ps = grads();
        assertEquals(5.0, Clipping.NONE.apply(ps), 1e-12);
        assertEquals(4.0, ps.get("b").grad.get(0, 1));
    }

    @Test
    void nonFiniteNormIsReportedNotSpread() {
        Params ps = grads();
        ps.get("a").grad.data[0][0] = Double.NaN;
        assertEquals(Double.NaN, Clipping.norm(1).apply(ps));
        assertEquals(4.0, ps.get("b").grad.get(0, 1));
    }

    @Test
    void parseAndValidate() {
        assertEquals(Clipping.norm(5), Clipping.parse("5"));
        assertEquals(Clipping.value(1), Clipping.parse("value:1"));
        assertEquals(Clipping.NONE, Clipping.parse("none"));
        assertThrows(IllegalArgumentException.class, () -> Clipping.parse("five"));
        assertThrows(IllegalArgumentException.class, () -> Clipping.norm(-1));
        assertThrows(IllegalArgumentException.class, () -> Clipping.value(Double.POSITIVE_INFINITY));
    }

    @Test
    void schedules() {
        LearningRateSchedule step = new LearningRateSchedule.Step(2, 0.5);
        assertEquals(0.1, step.rate(0.1, 1), 1e-15);
        assertEquals(0.1, step.rate(0.1, 2), 1e-15);
        assertEquals(0.05, step.rate(0.1, 3), 1e-15);
        assertEquals(0.025, step.rate(0.1, 5), 1e-15);
        LearningRateSchedule exp = LearningRateSchedule.parse("exp:0.9");
        assertEquals(0.1 * 0.9 * 0.9, exp.rate(0.1, 3), 1e-15);
        assertEquals(0.1, LearningRateSchedule.CONSTANT.rate(0.1, 7));
        assertEquals(step, LearningRateSchedule.parse("step:2:0.5"));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.parse("step:0:0.5"));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.parse("cosine"));
        assertThrows(IllegalArgumentException.class, () -> new LearningRateSchedule.Exponential(1.5));
    }
}
