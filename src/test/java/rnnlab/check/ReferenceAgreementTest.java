package rnnlab.check;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import rnnlab.cells.Elman;
import rnnlab.cells.LSTM;
import rnnlab.core.Matrix;
import rnnlab.core.Param;
import rnnlab.core.Params;
import rnnlab.train.Clipping;

/**
 * The checks' plain reference equations agree with the library's cells and clipping (1e-12), and reproduce the
 * lecture's numbers: what a check calls "expected" is what the library computes.
 */
class ReferenceAgreementTest {
    static final double TOL = 1e-12;

    @Test
    void elmanForwardAndBpttEqualTheLibraryCell() {
        int B = 2, n = 3, H = 4, T = 5;
        var w = ElmanCheck.randomWeights(n, H, 3);
        var rng = new SplittableRandom(4);
        Matrix h0 = Ops.random(B, H, 0.9, rng);
        Matrix[] xs = new Matrix[T], d = new Matrix[T];
        for (int t = 0; t < T; t++) {
            xs[t] = Ops.random(B, n, 1, rng);
            d[t] = Ops.random(B, H, 1, rng);
        }
        var cell = new Elman(n, H, w.activation(), false, new SplittableRandom(1));
        cell.Wi.value.copyFrom(w.Wi());
        cell.Wh.value.copyFrom(w.Wh());
        cell.b.value.copyFrom(w.b());
        cell.setInitialState(h0);
        Matrix[] hs = cell.forward(xs, null);
        Matrix[] mine = ElmanMath.unroll(xs, h0, w, null);
        for (int t = 0; t < T; t++) {
            assertTrue(hs[t].approxEquals(mine[t], TOL), "h at t=" + t);
        }
        cell.params().zeroGrad();
        cell.backward(d);
        var g = new ElmanGrads(w);
        Matrix dh0 = ElmanMath.bptt(d, xs, h0, mine, w, g, 0, null);
        assertTrue(cell.Wi.grad.approxEquals(g.dWi, TOL) && cell.Wh.grad.approxEquals(g.dWh, TOL)
                && cell.b.grad.approxEquals(g.db, TOL), "parameter gradients");
        assertTrue(cell.initialState().get(0).grad.approxEquals(dh0, TOL), "∂L/∂h0");
        // truncated BPTT: the library's chunks of k
        cell.setTruncation(2);
        cell.forward(xs, null);
        cell.params().zeroGrad();
        cell.backward(d);
        var gk = new ElmanGrads(w);
        ElmanMath.bptt(d, xs, h0, mine, w, gk, 2, null);
        assertTrue(cell.Wh.grad.approxEquals(gk.dWh, TOL) && cell.Wi.grad.approxEquals(gk.dWi, TOL), "truncated BPTT");
        assertFalse(gk.dWh.approxEquals(g.dWh, 1e-6), "truncation must change ∂Wh on 5 steps");
    }

    @Test
    void lstmStepsEqualTheLibraryCell() {
        int B = 2, n = 3, H = 2, T = 4;
        var w = LstmCheck.randomWeights(n, H, false, 5);
        var rng = new SplittableRandom(6);
        Matrix h0 = Ops.random(B, H, 0.9, rng), c0 = Ops.random(B, H, 2, rng);
        Matrix[] xs = new Matrix[T], d = new Matrix[T];
        for (int t = 0; t < T; t++) {
            xs[t] = Ops.random(B, n, 1, rng);
            d[t] = Ops.random(B, H, 1, rng);
        }
        var cell = new LSTM(LSTM.Config.of(n, H), false, new SplittableRandom(1));
        cell.W.value.copyFrom(w.W());
        cell.U.value.copyFrom(w.U());
        cell.b.value.copyFrom(w.b());
        cell.setInitialState(h0, c0);
        Matrix[] hs = cell.forward(xs, null);
        List<LstmStep> steps = new ArrayList<>();
        Matrix h = h0, c = c0;
        for (int t = 0; t < T; t++) {
            LstmStep s = LstmMath.step(xs[t], h, c, w, null);
            assertTrue(hs[t].approxEquals(s.h(), TOL) && cell.tape().cell(t).approxEquals(s.c(), TOL), "t=" + t);
            assertTrue(cell.tape().forgetGate(t).approxEquals(s.f(), TOL), "forget gate at t=" + t);
            steps.add(s);
            h = s.h();
            c = s.c();
        }
        cell.params().zeroGrad();
        cell.backward(d);
        var g = new LstmGrads(w);
        Matrix dh = new Matrix(B, H), dc = new Matrix(B, H);
        for (int t = T - 1; t >= 0; t--) {
            var r = LstmMath.stepBackward(Ops.add(d[t], dh), dc, xs[t], t > 0 ? steps.get(t - 1).h() : h0,
                    t > 0 ? steps.get(t - 1).c() : c0, steps.get(t), w, g, null);
            dh = r.dhPrev();
            dc = r.dcPrev();
        }
        assertTrue(cell.W.grad.approxEquals(g.dW, TOL) && cell.U.grad.approxEquals(g.dU, TOL)
                && cell.b.grad.approxEquals(g.db, TOL), "parameter gradients");
        assertTrue(cell.initialState().get(0).grad.approxEquals(dh, TOL), "∂L/∂h0");
        assertTrue(cell.initialState().get(1).grad.approxEquals(dc, TOL), "∂L/∂c0");
    }

    @Test
    void thePlainEquationsWithoutAMistakeEqualTheReferenceCells() {
        var rng = new SplittableRandom(11);
        var w = ElmanCheck.randomWeights(3, 4, 12);
        Matrix x = Ops.random(2, 3, 1, rng), hPrev = Ops.random(2, 4, 0.9, rng), dh = Ops.random(2, 4, 1, rng);
        Matrix h = ElmanMath.step(x, hPrev, w, null);
        assertTrue(ElmanMath.plainStep(x, hPrev, w, null).approxEquals(h, TOL));
        var g1 = new ElmanGrads(w);
        var g2 = new ElmanGrads(w);
        assertTrue(ElmanMath.stepBackward(dh, x, hPrev, h, w, g1, null)
                .approxEquals(ElmanMath.plainStepBackward(dh, x, hPrev, h, w, g2, null), TOL));
        assertTrue(g1.dWi.approxEquals(g2.dWi, TOL) && g1.dWh.approxEquals(g2.dWh, TOL) && g1.db.approxEquals(g2.db, TOL));

        var lw = LstmCheck.randomWeights(3, 2, false, 13);
        Matrix c = Ops.random(2, 2, 2, rng), hp = Ops.random(2, 2, 0.9, rng), dhl = Ops.random(2, 2, 1, rng),
                dc = Ops.random(2, 2, 1, rng);
        LstmStep ref = LstmMath.step(x, hp, c, lw, null), plain = LstmMath.plainStep(x, hp, c, lw, null);
        assertTrue(ref.h().approxEquals(plain.h(), TOL) && ref.c().approxEquals(plain.c(), TOL)
                && ref.f().approxEquals(plain.f(), TOL) && ref.g().approxEquals(plain.g(), TOL));
        var lg1 = new LstmGrads(lw);
        var lg2 = new LstmGrads(lw);
        var r1 = LstmMath.stepBackward(dhl, dc, x, hp, c, ref, lw, lg1, null);
        var r2 = LstmMath.plainStepBackward(dhl, dc, x, hp, c, ref, lw, lg2, null);
        assertTrue(r1.dhPrev().approxEquals(r2.dhPrev(), TOL) && r1.dcPrev().approxEquals(r2.dcPrev(), TOL));
        assertTrue(lg1.dW.approxEquals(lg2.dW, TOL) && lg1.dU.approxEquals(lg2.dU, TOL) && lg1.db.approxEquals(lg2.db, TOL));
        var pw = LstmCheck.randomWeights(3, 2, true, 14);
        assertTrue(LstmMath.step(x, hp, c, pw, null).h().approxEquals(LstmMath.plainStep(x, hp, c, pw, null).h(), TOL), "peepholes");
    }

    @Test
    void lstmLectureNumbers() {
        var w = LstmCheck.lectureWeights();
        double[] c = run(LstmCheck.lectureSequence(), w, true), y = run(LstmCheck.lectureSequence(), w, false);
        double[] slideC = {3, 7, 7, 7, 0}, slideY = {0, 0, 0, 7, 0};
        for (int t = 0; t < 5; t++) {
            assertEquals(slideC[t], c[t], 1e-3, "p.20–25 memory at t=" + (t + 1));
            assertEquals(slideY[t], y[t], 1e-3, "p.20–25 output at t=" + (t + 1));
        }
        assertEquals(6.99950, y[3], 1e-5);
        double[] y9 = run(LstmCheck.memorySequence(), w, false);
        double[] slide = {0, 0, 0, 0, 0, 7, 0, 0, 6};
        for (int t = 0; t < 9; t++) {
            assertEquals(slide[t], y9[t], 1e-3, "p.19 output at t=" + (t + 1));
        }
    }

    private static double[] run(Matrix[] xs, LstmWeights w, boolean memory) {
        double[] out = new double[xs.length];
        Matrix h = new Matrix(1, 1), c = new Matrix(1, 1);
        for (int t = 0; t < xs.length; t++) {
            LstmStep s = LstmMath.step(xs[t], h, c, w, null);
            h = s.h();
            c = s.c();
            out[t] = memory ? c.get(0, 0) : h.get(0, 0);
        }
        return out;
    }

    @Test
    void elmanToyNumbers() {
        var w = ElmanCheck.toyWeights();
        Matrix h = new Matrix(1, 2);
        double[] expected = {4, 12, 32};
        Matrix[] xs = {Matrix.row(1, 1), Matrix.row(1, 1), Matrix.row(2, 2)};
        for (int t = 0; t < 3; t++) {
            h = ElmanMath.step(xs[t], h, w, null);
            assertEquals(expected[t], h.get(0, 0) + h.get(0, 1), 0);
        }
    }

    @Test
    void clippingEqualsTheLibrary() {
        for (double c : new double[] {0.5, 1, 3, 50}) {
            var rng = new SplittableRandom(9);
            List<Matrix> mine = List.of(Ops.random(2, 3, 2, rng), Ops.random(3, 3, 2, rng));
            var params = new Params();
            params.add(new Param("a", mine.get(0).copy(), mine.get(0).copy(), -1));
            params.add(new Param("b", mine.get(1).copy(), mine.get(1).copy(), -1));
            double normMine = ClipMath.byNorm(mine, c, null);
            double normLib = Clipping.byGlobalNorm(params, c);
            assertEquals(normLib, normMine, TOL);
            assertTrue(params.get("a").grad.approxEquals(mine.get(0), TOL) && params.get("b").grad.approxEquals(mine.get(1), TOL));
            ClipMath.byValue(mine, c, null);
            Clipping.byValue(params, c);
            assertTrue(params.get("a").grad.approxEquals(mine.get(0), TOL) && params.get("b").grad.approxEquals(mine.get(1), TOL));
        }
    }

    @Test
    void orderSentimentBagOfWordsCannotReadOrder() {
        var train = OrderSentiment.generate(600, OrderSentiment.SEED);
        var bow = OrderSentiment.trainBagOfWords((t, v) -> SentimentCheck.bagOfWords(t, v, null), train);
        var acc = OrderSentiment.accuracyByKind(bow, OrderSentiment.generate(600, 77));
        assertTrue(acc.get("SIMPLE") > 0.9, acc::toString);
        assertTrue(acc.get("BUT") < 0.7 && acc.get("NEGATION") < 0.5, acc::toString);
        assertEquals(OrderSentiment.generate(50, 3), OrderSentiment.generate(50, 3));
    }
}
