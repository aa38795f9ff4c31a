package rnnlab.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import rnnlab.core.GradCheck;
import rnnlab.core.Matrix;
import rnnlab.layers.DirectFeatures;
import rnnlab.layers.Dropout;

/** Dropout on the direct sparse features: each feature of each token left out with probability p while training. */
class DirectDropoutTest {
    static SequenceModel model(boolean crf, double p) {
        SequenceModel m = DirectFeaturesTest.net(Network.Cell.LSTM, true, crf).directDropout(p).build().model();
        DirectFeaturesTest.randomW(m, 11);
        return m;
    }

    /** With the mask held the training loss is a fixed function of the weights: every gradient is exact. */
    @Test
    void gradientsAreExactWithTheMaskHeld() {
        for (boolean crf : new boolean[] {false, true}) {
            SequenceModel m = model(crf, 0.5);
            Batch batch = DirectFeaturesTest.batch();
            double evalLoss = m.loss(batch);
            m.setTraining(true);
            m.dropoutControl().hold(true);
            m.gradientCheck(batch, GradCheck.Options.full()).assertAccurate(GradCheck.SEQUENCE_TOLERANCE);
            double trainLoss = m.loss(batch);
            assertNotEquals(evalLoss, trainLoss, "crf=" + crf + ": the held mask leaves features out");
            assertEquals(trainLoss, m.loss(batch), 0, "crf=" + crf + ": held mask, same loss every pass");
        }
    }

    /**
     * While training (p = 0.5) a token's score is 2·Σ W[f] over its kept features only, and a kept feature's row gets
     * 2·∂s, a dropped one nothing. W's rows are distinct powers of two, so each score says which features it counted;
     * in evaluation every feature counts once.
     */
    @Test
    void keptFeaturesCountDoubleAndDroppedOnesGetNoGradient() {
        int[][][] ids = {{{0, 1, 2}, {3}}, {{4, 0}, {}}};
        int[] lengths = {2, 1};
        int K = 2;
        Dropout.Control control = new Dropout.Control(9);
        DirectFeatures d = new DirectFeatures(5, K);
        for (int r = 0; r < 5; r++) {
            d.W.value.data[r][0] = 1 << r;                  // distinct powers of two: the sum says which rows count
            d.W.value.data[r][1] = -(1 << r);
        }
        d.setDropout(0.5, control);
        control.setTraining(true);
        int keptSomewhere = 0, droppedSomewhere = 0;
        for (int pass = 0; pass < 20; pass++) {
            Matrix[] s = {new Matrix(2, K), new Matrix(2, K)};
            d.forward(ids, lengths, s);
            Matrix[] ds = {new Matrix(2, K), new Matrix(2, K)};
            for (Matrix m : ds) {
                for (double[] row : m.data) {
                    java.util.Arrays.fill(row, 1);
                }
            }
            d.W.grad.fill(0);
            d.backward(ds);
            // each score is 2·Σ_{kept} 2^f; the gradient of row f is 2·(times f was kept)
            double[] expectGrad = new double[5];
            for (int b = 0; b < 2; b++) {
                for (int t = 0; t < lengths[b]; t++) {
                    long bits = Math.round(s[t].data[b][0] / 2);
                    assertEquals(-s[t].data[b][0], s[t].data[b][1], 0, "both classes see the same features");
                    for (int f : ids[b][t]) {
                        boolean kept = (bits & (1L << f)) != 0;
                        if (kept) {
                            expectGrad[f] += 2;
                            keptSomewhere++;
                        } else {
                            droppedSomewhere++;
                        }
                        bits &= ~(1L << f);
                    }
                    assertEquals(0, bits, "only the token's own features appear in its score");
                }
            }
            assertEquals(0, s[1].data[1][0], 0, "padding (sequence 1, step 1) gets nothing");
            for (int r = 0; r < 5; r++) {
                assertEquals(expectGrad[r], d.W.grad.data[r][0], 0, "pass " + pass + ": ∂W[" + r + "]");
            }
        }
        assertTrue(keptSomewhere > 20 && droppedSomewhere > 20,
                "over 20 passes of 7 features each, about half are kept: " + keptSomewhere + " kept, "
                        + droppedSomewhere + " dropped");
        control.setTraining(false);                          // evaluation: every feature, counted once
        Matrix[] s = {new Matrix(2, K), new Matrix(2, K)};
        d.forward(ids, lengths, s);
        assertEquals(1 + 2 + 4, s[0].data[0][0], 0);
        assertEquals(8, s[1].data[0][0], 0);
        assertEquals(16 + 1, s[0].data[1][0], 0);
    }

    @Test
    void settingsAreStoredAndChecked() {
        Network n = DirectFeaturesTest.net(Network.Cell.LSTM, true, true).directDropout(0.25).build();
        assertEquals("0.25", n.toSettings().get("directDropout"));
        assertEquals(n, Network.fromSettings(n.toSettings()));
        assertEquals(0.25, n.model().direct().dropoutRate(), 0);
        assertEquals(null, DirectFeaturesTest.net(Network.Cell.LSTM, true, true).build().toSettings()
                .get("directDropout"), "not written when off: older files read the same");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DirectFeaturesTest.net(Network.Cell.LSTM, true, true).directDropout(1).build());
        assertTrue(e.getMessage().contains("directDropout") && e.getMessage().contains("0 ≤ p < 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DirectFeaturesTest.net(Network.Cell.LSTM, true, true)
                .directFeatures(0).directDropout(0.5).build());
        assertTrue(e.getMessage().contains("add .directFeatures(B)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new DirectFeatures(3, 2).setDropout(-0.1,
                new Dropout.Control(1)));
        // the templates: written only when not basic, read back, given to the layer's hashing
        Network h = DirectFeaturesTest.net(Network.Cell.LSTM, true, true)
                .directTemplates(rnnlab.data.HashedFeatures.Templates.HUANG2015).build();
        assertEquals("huang2015", h.toSettings().get("directTemplates"));
        assertEquals(h, Network.fromSettings(h.toSettings()));
        assertTrue(!h.equals(DirectFeaturesTest.net(Network.Cell.LSTM, true, true).build()));
        assertEquals(null, n.toSettings().get("directTemplates"), "basic is not written: older files read the same");
        assertEquals(rnnlab.data.HashedFeatures.Templates.BASIC, n.directTemplates());
        assertEquals(rnnlab.data.HashedFeatures.Templates.HUANG2015, h.model().direct().hashing().templates());
        assertEquals(rnnlab.data.HashedFeatures.Templates.BASIC, n.model().direct().hashing().templates());
        assertTrue(h.model().direct().toString().contains("templates huang2015"));
        e = assertThrows(IllegalArgumentException.class, () -> DirectFeaturesTest.net(Network.Cell.LSTM, true, true)
                .directFeatures(0).directTemplates(rnnlab.data.HashedFeatures.Templates.HUANG2015).build());
        assertTrue(e.getMessage().contains("directTemplates(huang2015)") && e.getMessage().contains(
                "add .directFeatures(B)"), e.getMessage());
        java.util.Map<String, String> bad = new java.util.LinkedHashMap<>(h.toSettings());
        bad.put("directTemplates", "fancy");
        e = assertThrows(IllegalArgumentException.class, () -> Network.fromSettings(bad));
        assertTrue(e.getMessage().contains("directTemplates=fancy") && e.getMessage().contains("basic or huang2015"),
                e.getMessage());
    }

    /** A held mask fits only the batch it was drawn for: another batch is refused with a message, not misread. */
    @Test
    void aHeldMaskRefusesAnotherBatch() {
        Dropout.Control control = new Dropout.Control(3);
        DirectFeatures d = new DirectFeatures(5, 2);
        d.setDropout(0.5, control);
        control.setTraining(true);
        control.hold(true);
        d.forward(new int[][][] {{{0, 1}}}, null, new Matrix[] {new Matrix(1, 2)});
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> d.forward(new int[][][] {{{0, 1, 2}}}, null, new Matrix[] {new Matrix(1, 2)}));
        assertTrue(e.getMessage().contains("held dropout mask covers 2 features but this batch has 3"),
                e.getMessage());
    }
}
