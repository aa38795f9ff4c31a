package rnnlab.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import rnnlab.core.Matrix;
import rnnlab.core.Param;

/**
 * Issue 10, point 15: padding never changes a result, with or without truncated BPTT. A 2-word sentence alone and
 * the same sentence padded to 7 steps give the same loss and the same gradients, for every cell, one- and
 * two-directional, k = 0 … 4 (the case: a bidirectional LSTM tagger with k = 3, where {@code rnn.bw.b[0,3]}
 * got −0.04723 alone and −0.00568 padded). The whole grid is in {@code FastAgreesWithReferenceTest}.
 */
class TruncationPaddingTest {
    @Test
    void aPaddedSentenceGetsTheGradientsItGetsAlone() {
        for (Network.Cell arch : Network.Cell.recurrent()) {
            for (boolean bi : new boolean[] {false, true}) {
                for (int k = 0; k <= 4; k++) {
                    SequenceModel m = Network.builder().cell(arch).vocabulary(10).embedding(4).hidden(5).bidirectional(bi).classes(3).seed(42).build().model();
                    m.body().setTruncation(k);
                    Batch alone = Batch.ofIds(new int[][] {{4, 7}}, null, new int[][] {{1, 2}});
                    Batch padded = Batch.ofIds(new int[][] {{4, 7, 0, 0, 0, 0, 0}}, new int[] {2},
                            new int[][] {{1, 2, -1, -1, -1, -1, -1}});
                    double l1 = m.lossAndGradient(alone);
                    var g1 = m.params().snapshot();
                    for (Param p : m.params()) {
                        g1.get(p.name).value.copyFrom(p.grad);
                    }
                    double l2 = m.lossAndGradient(padded);
                    String what = arch + (bi ? " bidirectional" : "") + " bptt=" + k;
                    assertEquals(l1, l2, 1e-12, what + ": loss");
                    for (Param p : m.params()) {
                        Matrix a = g1.get(p.name).value;
                        assertTrue(a.approxEquals(p.grad, 1e-12), what + ": ∂" + p.name + " alone " + a
                                + " but padded " + p.grad);
                    }
                }
            }
        }
    }
}
