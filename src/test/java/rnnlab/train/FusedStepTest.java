package rnnlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import rnnlab.core.Matrix;
import rnnlab.core.Param;
import rnnlab.core.Params;
import rnnlab.models.Batch;
import rnnlab.models.Network;
import rnnlab.models.SequenceModel;

/**
 * {@link Optimizer#stepAndZeroGrad}: the same weights as {@link Optimizer#step} then {@link Params#zeroGrad()}, bit
 * for bit, for dense, sparse-row and row-tracked parameters; the skipped zeroing after it; plain SGD as exactly
 * w − η·g; word vectors whose unused rows plain SGD does not visit (and momentum and Adam still move).
 */
class FusedStepTest {
    /** A dense, a sparse-row and a row-tracked 6×4 parameter with the same values. */
    static Params three() {
        Params ps = new Params();
        Param d = ps.add(new Param("d", 6, 4)), s = ps.add(Param.sparseRows("s", 6, 4)),
                t = ps.add(Param.rowTracked("t", 6, 4));
        for (Param p : List.of(d, s, t)) {
            for (int r = 0; r < 6; r++) {
                for (int c = 0; c < 4; c++) {
                    p.value.data[r][c] = 0.3 * Math.cos(r + 7 * c);
                }
            }
        }
        return ps;
    }

    /** Gradients of step k into rows 1 and 4 (+ row k % 6) of each, marked where the parameter tracks rows. */
    static void gradient(Params ps, int k) {
        for (int i = 0; i < ps.size(); i++) {
            Param p = ps.get(i);
            for (int r : new int[] {1, 4, k % 6}) {
                Matrix g = new Matrix(6, 4);
                for (int c = 0; c < 4; c++) {
                    g.data[r][c] = Math.sin(1 + k + 3 * r + c);
                }
                if (p.markedRows() != null) {
                    p.markedRows().mark(r);
                }
                for (int c = 0; c < 4; c++) {
                    p.grad.data[r][c] += g.data[r][c];
                }
            }
        }
    }

    static void assertSameBits(Params a, Params b, String what) {
        for (int i = 0; i < a.size(); i++) {
            for (int r = 0; r < a.get(i).value.rows; r++) {
                assertArrayEquals(a.get(i).value.data[r], b.get(i).value.data[r], 0.0,
                        what + ": " + a.get(i).name + " row " + r);
            }
        }
    }

    static void assertZeroGrads(Params ps, String what) {
        for (int i = 0; i < ps.size(); i++) {
            for (double[] row : ps.get(i).grad.data) {
                for (double g : row) {
                    assertEquals(0L, Double.doubleToRawLongBits(g), what + ": " + ps.get(i).name + " gradient +0");
                }
            }
        }
    }

    @Test
    void fusedStepGivesTheWeightsOfStepThenZeroGrad() {
        List<Supplier<Optimizer>> optimisers = List.of(() -> new Sgd.Settings(0.1, 0).create(),
                () -> new Sgd.Settings(0.1, 0.9).create(), () -> Adam.defaults().create(),
                () -> Adagrad.defaults().create(), () -> RmsProp.defaults().create());
        for (Supplier<Optimizer> make : optimisers) {
            Params plain = three(), fused = three();
            Optimizer a = make.get(), b = make.get();
            for (int k = 0; k < 5; k++) {
                plain.zeroGrad();
                gradient(plain, k);
                a.step(plain);
                fused.zeroGrad();       // right after a fused step: nothing left to do
                gradient(fused, k);
                b.stepAndZeroGrad(fused);
                assertZeroGrads(fused, a.settings() + " step " + k);
                assertSameBits(plain, fused, a.settings() + " step " + k);
            }
        }
    }

    @Test
    void zeroGradAfterAFusedStepClearsWhatIsWrittenLater() {
        Params ps = three();
        Optimizer sgd = new Sgd.Settings(0.1, 0).create();
        gradient(ps, 0);
        sgd.stepAndZeroGrad(ps);
        ps.zeroGrad();                                  // uses up the fused step's "already zero"
        gradient(ps, 1);                                // written after that zeroGrad, as a backward pass does
        ps.zeroGrad();                                  // must clear it
        assertZeroGrads(ps, "zeroGrad after the fused step's one");
        gradient(ps, 2);
        sgd.stepAndZeroGrad(ps);
        Param d = ps.get("d");
        d.addToGrad(Matrix.filled(6, 4, 0.5));          // addToGrad right after the fused step
        ps.zeroGrad();
        assertZeroGrads(ps, "zeroGrad after addToGrad");
        // the row marks stay through the fused step (a trainer's checks after it see the rows that moved) and go
        // at the next zeroGrad
        gradient(ps, 3);
        sgd.stepAndZeroGrad(ps);
        assertEquals(3, ps.get("t").markedRows().count());
        assertEquals(3, ps.get("s").markedRows().count());
        ps.zeroGrad();
        assertEquals(0, ps.get("t").markedRows().count());
        assertEquals(0, ps.get("s").markedRows().count());
    }

    @Test
    void prefixedCopiesShareTheSkippedZeroing() {
        Params layer = three(), model = new Params().addAll("layer.", layer);
        Optimizer sgd = new Sgd.Settings(0.1, 0).create();
        gradient(model, 0);
        sgd.stepAndZeroGrad(model);
        layer.zeroGrad();                               // the layer's own view uses up "already zero"
        gradient(layer, 1);
        model.zeroGrad();                               // so the model's view must clear for real
        assertZeroGrads(model, "through the prefixed view");
    }

    /** Plain SGD is w − η·g itself: a −0 weight with a zero gradient stays −0 (μ·v − η·g with v = 0 made it +0). */
    @Test
    void plainSgdIsExactlyWMinusEtaG() {
        SplittableRandom rng = new SplittableRandom(3);
        Params ps = new Params();
        Param w = ps.add(new Param("w", 3, 50));
        Params ref = new Params();
        Param v = ref.add(new Param("w", 3, 50));
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 50; c++) {
                w.value.data[r][c] = v.value.data[r][c] = rng.nextDouble(-1, 1);
            }
        }
        w.value.data[0][0] = v.value.data[0][0] = -0.0;
        Optimizer sgd = new Sgd.Settings(1e-3, 0).create();
        for (int k = 0; k < 3; k++) {
            for (int r = 0; r < 3; r++) {
                for (int c = 1; c < 50; c++) {
                    w.grad.data[r][c] = v.grad.data[r][c] = rng.nextDouble(-5, 5);
                }
            }
            if (k == 1) {
                sgd.step(ps);
            } else {
                sgd.stepAndZeroGrad(ps);
            }
            for (int r = 0; r < 3; r++) {                   // the loop the benchmark harness used to run
                for (int c = 0; c < 50; c++) {
                    v.value.data[r][c] -= 1e-3 * v.grad.data[r][c];
                }
            }
        }
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(w.value.data[0][0]));
        assertSameBits(ref, ps, "plain SGD against θ −= η·g");
    }

    static SequenceModel wordModel() {
        return Network.builder().cell(Network.Cell.LSTM).vocabulary(40).embedding(6).hidden(5).classes(4).seed(11)
                .build().model();
    }

    static Batch batch(int seed, int vocabFrom, int vocabTo) {
        SplittableRandom r = new SplittableRandom(seed);
        int[][] ids = new int[3][5], labels = new int[3][5];
        int[] lengths = {5, 3, 4};
        for (int b = 0; b < 3; b++) {
            for (int t = 0; t < 5; t++) {
                ids[b][t] = r.nextInt(vocabFrom, vocabTo);
                labels[b][t] = t < lengths[b] ? r.nextInt(4) : -1;
            }
        }
        return Batch.ofIds(ids, lengths, labels);
    }

    @Test
    void embeddingMarksTheRowsOfTheBatchAndZeroesThemOnly() {
        SequenceModel m = wordModel(), fresh = wordModel();
        Param e = m.params().get("embedding.E");
        m.lossAndGradient(batch(1, 0, 20));
        int[] used = e.markedRows().rows();
        assertTrue(used.length > 0 && used.length < 20);
        for (int r = 0; r < 40; r++) {
            boolean nonZero = false;
            for (double g : e.grad.data[r]) {
                nonZero |= g != 0;
            }
            if (nonZero) {
                assertTrue(java.util.Arrays.binarySearch(used, r) >= 0, "row " + r + " has a gradient: marked");
            }
        }
        // a second batch of other words: its gradient alone (the first batch's rows were zeroed)
        m.lossAndGradient(batch(2, 20, 40));
        fresh.lossAndGradient(batch(2, 20, 40));
        for (int r = 0; r < 40; r++) {
            assertArrayEquals(fresh.params().get("embedding.E").grad.data[r], e.grad.data[r], 0.0, "row " + r);
        }
    }

    /**
     * Training the word model with each optimiser: the fused step (plain SGD visiting the used rows of E only) gives
     * the weights of a dense update of every row then zeroing every gradient; momentum and Adam still move rows that
     * the batch did not use.
     */
    @Test
    void wordVectorsTrainAsWithADenseUpdate() {
        List<Supplier<Optimizer>> optimisers = List.of(() -> new Sgd.Settings(0.1, 0).create(),
                () -> new Sgd.Settings(0.1, 0.9).create(), () -> Adam.defaults().create());
        for (Supplier<Optimizer> make : optimisers) {
            SequenceModel m = wordModel(), ref = wordModel();
            Optimizer a = make.get(), b = make.get();
            Params dense = denseTwin(ref.params());
            for (int k = 0; k < 4; k++) {
                Batch x = batch(10 + k, k % 2 == 0 ? 0 : 20, k % 2 == 0 ? 20 : 40);
                m.lossAndGradient(x);
                b.stepAndZeroGrad(m.params());
                ref.lossAndGradient(x);
                a.step(dense);
                assertSameBits(dense, m.params(), a.settings() + " step " + k);
            }
            int row = m.params().get("embedding.E").markedRows().row(0);    // a word of the last batch (20..39)
            double[] before = m.params().get("embedding.E").value.rowCopy(row);
            m.lossAndGradient(batch(20, 0, 20));    // that row unused
            b.stepAndZeroGrad(m.params());
            double[] after = m.params().get("embedding.E").value.data[row];
            if (a.settings() instanceof Sgd.Settings s && s.momentum() == 0) {
                assertArrayEquals(before, after, 0.0, "plain SGD: an unused row stays");
            } else {
                assertNotEquals(before[0], after[0], a.settings() + ": an unused row still moves");
            }
        }
    }

    /** The same matrices as dense (untracked) parameters: an optimiser over them visits every row. */
    static Params denseTwin(Params ps) {
        Params d = new Params();
        for (int i = 0; i < ps.size(); i++) {
            Param p = ps.get(i);
            d.add(new Param(p.name, p.value, p.grad, -1));
        }
        return d;
    }

    /**
     * The trainer zeroes the gradients in its fused steps; a listener that throws right after one must not leave the
     * "already zero" behind, or a later zeroGrad would keep what is written after it.
     */
    @Test
    void aTrainerLeftByAnExceptionLeavesNoSkippedZeroing() {
        SequenceModel m = wordModel();
        int[][] ids = new int[12][], labels = new int[12][];
        SplittableRandom r = new SplittableRandom(5);
        for (int n = 0; n < 12; n++) {
            ids[n] = new int[4];
            labels[n] = new int[4];
            for (int t = 0; t < 4; t++) {
                ids[n][t] = r.nextInt(40);
                labels[n][t] = r.nextInt(4);
            }
        }
        ProgressListener thrower = new ProgressListener() {
            @Override
            public void step(int epoch, int step, int steps, double loss) {
                throw new IllegalStateException("stop");
            }
        };
        Trainer t = new Trainer(Trainer.Settings.builder().epochs(1).batch(4).optimizer(new Sgd.Settings(0.1, 0))
                .build()).withProgress(thrower);
        assertThrows(IllegalStateException.class, () -> t.fit(m, BatchSource.tagged(ids, labels), List.of()));
        for (int i = 0; i < m.params().size(); i++) {
            Param p = m.params().get(i);
            p.grad.data[0][0] = 1;
            if (p.markedRows() != null) {
                p.markedRows().mark(0);
            }
        }
        m.params().zeroGrad();
        assertZeroGrads(m.params(), "zeroGrad after the trainer stopped");
    }
}
