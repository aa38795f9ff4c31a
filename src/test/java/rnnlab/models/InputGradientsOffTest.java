package rnnlab.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import rnnlab.core.Param;
import rnnlab.core.Precision;

/**
 * {@link SequenceModel#setInputGradients setInputGradients(false)}: a model on dense inputs skips ∂x = δ·Wᵀ, and
 * every parameter gradient and the loss stay bit for bit what they are with ∂x computed; asking for the input
 * gradients then is a clear error; the gradient check still checks them; look-up tables still get theirs.
 */
class InputGradientsOffTest {

    @Test
    void parameterGradientsAreTheSameBitsWithoutTheInputGradients() {
        for (Network.Cell cell : List.of(Network.Cell.LSTM, Network.Cell.ELMAN, Network.Cell.GRU, Network.Cell.JORDAN,
                Network.Cell.SCRN)) {
            for (boolean bi : new boolean[] {false, true}) {
                for (int layers = 1; layers <= 2; layers++) {
                    for (Precision p : List.of(Precision.DOUBLE, Precision.FLOAT32)) {
                        if (p == Precision.FLOAT32 && cell != Network.Cell.LSTM && cell != Network.Cell.ELMAN) {
                            continue; // no float path
                        }
                        if (cell == Network.Cell.JORDAN && (bi || layers > 1)) {
                            continue;
                        }
                        String what = cell + " bidirectional=" + bi + " layers=" + layers + " " + p;
                        compare(cell, bi, layers, p, what);
                    }
                }
            }
        }
    }

    private static void compare(Network.Cell cell, boolean bi, int layers, Precision p, String what) {
        SequenceModel on = GradientCheckTest.model(cell, bi, layers, SequenceModel.Kind.MANY_TO_MANY, 3);
        SequenceModel off = GradientCheckTest.model(cell, bi, layers, SequenceModel.Kind.MANY_TO_MANY, 3);
        on.setPrecision(p);
        off.setPrecision(p);
        off.setInputGradients(false);
        Batch b = GradientCheckTest.batch(SequenceModel.Kind.MANY_TO_MANY, true, 5);
        for (int pass = 0; pass < 2; pass++) {   // the second pass reuses the buffers
            double l1 = on.lossAndGradient(b), l2 = off.lossAndGradient(b);
            assertEquals(Double.doubleToLongBits(l1), Double.doubleToLongBits(l2), what + ": loss");
            List<Param> a = on.params().list(), c = off.params().list();
            for (int i = 0; i < a.size(); i++) {
                assertTrue(a.get(i).grad.approxEquals(c.get(i).grad, 0.0), what + ": gradient of "
                        + a.get(i).name + " differs without the input gradients");
            }
            assertNotNull(on.inputGradients());
        }
        if (cell != Network.Cell.SCRN) {          // the SCRN computes ∂x anyway, and keeps it readable
            IllegalStateException e = assertThrows(IllegalStateException.class, off::inputGradients, what);
            assertTrue(e.getMessage().contains("setInputGradients(true)"), e.getMessage());
        }
        off.setInputGradients(true);
        off.lossAndGradient(b);
        assertEquals(on.inputGradients().length, off.inputGradients().length);
        for (int t = 0; t < b.steps(); t++) {
            assertTrue(on.inputGradients()[t].approxEquals(off.inputGradients()[t], 0.0), what + ": ∂x at step " + t
                    + " after turning the input gradients back on");
        }
    }

    @Test
    void theGradientCheckStillChecksTheInputsAndLeavesTheSettingAsItWas() {
        SequenceModel m = GradientCheckTest.model(Network.Cell.LSTM, true, 1, SequenceModel.Kind.MANY_TO_MANY, 3);
        m.setInputGradients(false);
        Batch b = GradientCheckTest.batch(SequenceModel.Kind.MANY_TO_MANY, true, 5);
        var report = m.gradientCheck(b, rnnlab.core.GradCheck.Options.full());
        report.assertBelow(rnnlab.core.GradCheck.SEQUENCE_TOLERANCE);
        assertTrue(report.entries().stream().anyMatch(e -> e.name().equals("x")), "the inputs were not checked: "
                + report);
        m.lossAndGradient(b);
        assertThrows(IllegalStateException.class, m::inputGradients);
    }

    @Test
    void wordVectorsStillGetTheirGradient() {
        Network net = Network.builder().cell(Network.Cell.LSTM).vocabulary(20).embedding(5).hidden(6).classes(4)
                .seed(2).build();
        SequenceModel on = net.model(), off = net.model();
        off.setInputGradients(false);
        Batch b = Batch.ofIds(new int[][] {{1, 4, 7, 2}, {3, 3, 9, 0}}, new int[] {4, 3},
                new int[][] {{0, 1, 2, 3}, {1, 1, 0, -1}});
        on.lossAndGradient(b);
        off.lossAndGradient(b);
        List<Param> a = on.params().list(), c = off.params().list();
        for (int i = 0; i < a.size(); i++) {
            assertTrue(a.get(i).grad.approxEquals(c.get(i).grad, 0.0), a.get(i).name);
        }
        assertNotNull(off.inputGradients());
    }
}
