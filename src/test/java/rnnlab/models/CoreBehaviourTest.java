package rnnlab.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import rnnlab.RNN;
import rnnlab.cells.LSTM;
import rnnlab.cells.RecurrentLayer;
import rnnlab.core.GradCheck;
import rnnlab.core.GradCheckReport;
import rnnlab.core.Matrix;
import rnnlab.core.Objective;
import rnnlab.core.Param;
import rnnlab.layers.Dense;

class CoreBehaviourTest {

    static Batch tagging(long seed) {
        return GradientCheckTest.batch(SequenceModel.Kind.MANY_TO_MANY, true, seed);
    }

    /** A backward pass that forgets to carry the gradient through time (truncation at every step) is caught. */
    @Test
    void backwardWithoutTimeIsCaught() {
        SequenceModel m = GradientCheckTest.model(Network.Cell.ELMAN, false, 1, SequenceModel.Kind.MANY_TO_MANY, 4);
        m.body().setTruncation(1); // the gradient never crosses a step: wrong for the full-sequence loss
        GradCheckReport r = m.gradientCheck(tagging(3), GradCheck.Options.full());
        assertFalse(r.passes(GradCheck.SEQUENCE_TOLERANCE), r.toString());
        assertTrue(r.worst().maxRelError() > 1e-3, r.toString());
        AssertionError e = assertThrows(AssertionError.class, () -> r.assertBelow(GradCheck.SEQUENCE_TOLERANCE));
        assertTrue(e.getMessage().contains(r.worst().name()), e.getMessage());
        assertThrows(AssertionError.class, () -> r.assertAccurate(GradCheck.SEQUENCE_TOLERANCE),
                "the resolution-aware check must catch it too");
    }

    /**
     * At the default initialisation some gradients are ~1e-9 and their relative error is rounding noise; the
     * resolution-aware assertion looks past those (and only those), and the resolution is tiny.
     */
    @Test
    void resolutionAwareCheckOnADefaultModel() {
        SequenceModel m = Network.builder().cell(Network.Cell.LSTM).vocabulary(10).embedding(4).hidden(5).bidirectional(true).classes(3).seed(42).build().model();
        Batch b = Batch.ofIds(new int[][] {{1, 2, 3}}, null, new int[][] {{0, 1, 2}});
        GradCheckReport r = m.gradientCheck(b, GradCheck.Options.full());
        assertTrue(r.resolution() > 0 && r.resolution() < 1e-10, "resolution " + r.resolution());
        // "only those": every entry whose worst error the resolution-aware check set aside differs by no more than
        // the resolution, and at this initialisation there is such an entry (else the test would show nothing)
        boolean ignoredSome = false;
        for (GradCheckReport.Entry e : r.entries()) {
            if (e.maxResolvedRelError() < e.maxRelError()) {
                ignoredSome = true;
                assertTrue(Math.abs(e.analytic() - e.numeric()) <= r.resolution(), e.name() + e.where()
                        + ": set aside although analytic " + e.analytic() + " and numeric " + e.numeric()
                        + " differ by more than the resolution " + r.resolution());
            }
        }
        assertTrue(ignoredSome, "expected rounding-noise entries at the default initialisation:\n" + r);
        r.assertAccurate(GradCheck.SEQUENCE_TOLERANCE);
        assertTrue(r.toString().contains("above resolution"), r.toString());
    }

    /** One wrong gradient entry (off by 0.01%) is found, and the report names the tensor, entry and both values. */
    @Test
    void aSingleWrongEntryIsLocated() {
        SequenceModel m = GradientCheckTest.model(Network.Cell.LSTM, false, 1, SequenceModel.Kind.MANY_TO_MANY, 6);
        Batch b = tagging(8);
        Param target = m.params().get("rnn.U");
        Objective wrong = new Objective() {
            @Override public double loss() {
                return m.loss(b);
            }

            @Override public double gradients() {
                double l = m.lossAndGradient(b);
                target.grad.data[2][5] *= 1.0001;
                return l;
            }
        };
        GradCheckReport r = GradCheck.check(wrong, m.params().list(), GradCheck.Options.full());
        GradCheckReport.Entry w = r.worst();
        assertEquals("rnn.U", w.name());
        assertEquals(2, w.row());
        assertEquals(5, w.col());
        assertTrue(w.maxRelError() > 1e-5 && w.maxRelError() < 1e-4, r.toString());
        assertTrue(r.toString().contains("rnn.U") && r.toHtml().contains("rnn.U"));
    }

    /** Same seed, bit-identical weights, losses and gradients. */
    @Test
    void sameSeedGivesBitIdenticalResults() {
        for (Network.Cell arch : Network.Cell.recurrent()) {
            SequenceModel a = Network.builder().cell(arch).vocabulary(20).embedding(5).hidden(6).layers(2).bidirectional(true).classes(4).seed(123).build().model();
            SequenceModel b = Network.builder().cell(arch).vocabulary(20).embedding(5).hidden(6).layers(2).bidirectional(true).classes(4).seed(123).build().model();
            int[][] ids = {{1, 2, 3, 4}, {5, 6, 7, 0}};
            int[][] labels = {{0, 1, 2, 3}, {3, 2, 1, -1}};
            Batch batch = Batch.ofIds(ids, new int[] {4, 3}, labels);
            double la = a.lossAndGradient(batch), lb = b.lossAndGradient(batch);
            assertEquals(Double.doubleToLongBits(la), Double.doubleToLongBits(lb), arch + " loss");
            List<Param> pa = a.params().list(), pb = b.params().list();
            for (int i = 0; i < pa.size(); i++) {
                for (int r = 0; r < pa.get(i).value.rows; r++) {
                    assertArrayEquals(pa.get(i).value.data[r], pb.get(i).value.data[r], 0.0, pa.get(i).name);
                    assertArrayEquals(pa.get(i).grad.data[r], pb.get(i).grad.data[r], 0.0, pa.get(i).name);
                }
            }
            SequenceModel c = Network.builder().cell(arch).vocabulary(20).embedding(5).hidden(6).layers(2).bidirectional(true).classes(4).seed(124).build().model();
            assertTrue(c.lossAndGradient(batch) != la, "another seed gives other weights");
        }
    }

    @Test
    void paddingDoesNotChangeTheResultOfAShortSequence() {
        for (Network.Cell arch : Network.Cell.recurrent()) {
            SequenceModel m = Network.builder().cell(arch).vocabulary(10).embedding(3).hidden(4).bidirectional(true).classes(3).seed(9).build().model();
            double alone = m.loss(Batch.ofIds(new int[][] {{1, 2}}, null, new int[][] {{0, 2}}));
            double padded = m.loss(Batch.ofIds(new int[][] {{1, 2, 0, 0}}, new int[] {2},
                    new int[][] {{0, 2, -1, -1}}));
            assertEquals(alone, padded, 1e-12, arch.toString());
        }
    }

    @Test
    void wrongShapesAndValuesAreExplained() {
        RecurrentLayer lstm = RNN.lstm(3, 2);
        var e1 = assertThrows(IllegalArgumentException.class,
                () -> lstm.forward(new Matrix[] {new Matrix(1, 4)}, null));
        assertTrue(e1.getMessage().contains("LSTM") && e1.getMessage().contains("1×4")
                && e1.getMessage().contains("1×3"), e1.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class, () -> lstm.forward(new Matrix[0], null));
        assertTrue(e2.getMessage().contains("empty sequence"), e2.getMessage());
        Matrix bad = Matrix.row(1, Double.NaN, 0);
        var e3 = assertThrows(IllegalArgumentException.class, () -> lstm.forward(new Matrix[] {bad}, null));
        assertTrue(e3.getMessage().contains("NaN") && e3.getMessage().contains("step 1"), e3.getMessage());
        var e4 = assertThrows(IllegalArgumentException.class,
                () -> lstm.forward(new Matrix[] {new Matrix(2, 3)}, new int[] {1}));
        assertTrue(e4.getMessage().contains("mask") && e4.getMessage().contains("2 sequences"), e4.getMessage());
        var e5 = assertThrows(IllegalArgumentException.class,
                () -> lstm.forward(new Matrix[] {new Matrix(1, 3)}, new int[] {2}));
        assertTrue(e5.getMessage().contains("length"), e5.getMessage());
        var e6 = assertThrows(IllegalArgumentException.class,
                () -> Batch.ofIds(new int[][] {{1, 2, 3}}, new int[] {2}, new int[][] {{0, 1, 2}}));
        assertTrue(e6.getMessage().contains("mask and the labels disagree"), e6.getMessage());
        var e7 = assertThrows(IllegalArgumentException.class,
                () -> new SequenceModel(null, RNN.elman(3, 4), new Dense(5, 2, new SplittableRandom(1)),
                        SequenceModel.Kind.MANY_TO_MANY));
        assertTrue(e7.getMessage().contains("reads 5") && e7.getMessage().contains("gives 4"), e7.getMessage());
    }

    @Test
    void toStringShowsWhatAndShapes() {
        assertEquals("LSTM(in=3, hidden=1, peephole=false, params=20)", RNN.lstm(3, 1).toString());
        assertEquals("Elman(in=2, hidden=2, activation=LINEAR, params=10)",
                RNN.elman(2, 2, rnnlab.core.Activation.LINEAR).toString());
        assertTrue(RNN.gru(3, 2).toString().startsWith("GRU(in=3, hidden=2"));
        assertTrue(RNN.jordan(3, 4, 5).toString().contains("out=5"));
        assertTrue(Network.builder().cell(Network.Cell.LSTM).embedding(0).inputs(3).hidden(4).layers(2).bidirectional(true).seed(1).build().body().toString().contains("Bidirectional"));
        assertTrue(Matrix.row(1, 2.5).toString().contains("1×2") && Matrix.row(1, 2.5).toString().contains("2.5"));
        assertTrue(Network.builder().cell(Network.Cell.LSTM).vocabulary(10).embedding(4).hidden(5).classes(3).seed(1).build().model().toString().contains("Embedding(vocab=10"));
    }

    /** Lecture p.27: an LSTM layer has 4× the parameters of a plain layer of the same width. */
    @Test
    void lstmHasFourTimesTheParameters() {
        int n = 7, h = 5;
        assertEquals(4 * RNN.elman(n, h).params().count(), RNN.lstm(n, h).params().count());
        assertEquals(3 * RNN.elman(n, h).params().count(), RNN.gru(n, h).params().count());
        assertEquals(4 * (n + h + 1) * h + 4 * h * h,
                new LSTM(LSTM.Config.of(n, h).withPeephole(true), false, new SplittableRandom(1)).params().count());
    }
}
