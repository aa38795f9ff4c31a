package rnnlab.check;

import static rnnlab.check.Mistake.*;

import java.util.SplittableRandom;

import rnnlab.cells.LSTM;
import rnnlab.core.Matrix;
import rnnlab.reference.LSTMCell;

/**
 * What the LSTM checks expect: with {@code m == null} the library's reference cell ({@link LSTMCell}); with a
 * catalogued mistake, the equations of p.18 and p.28–30 written plainly with that mistake made. The plain equations
 * without a mistake equal the reference cell (ReferenceAgreementTest).
 */
final class LstmMath {
    private LstmMath() {}

    /** The reference cell holding copies of the given weights (sigmoid gates, forget bias as in b). */
    static LSTMCell cell(LstmWeights w) {
        int H = w.hiddenSize();
        var config = new LSTM.Config(w.W().rows, H, w.g(), w.h(), rnnlab.core.Activation.SIGMOID, w.P() != null, 0);
        var c = new LSTMCell(config, new SplittableRandom(1));
        c.W.value.copyFrom(w.W());
        c.U.value.copyFrom(w.U());
        if (w.P() != null) {
            c.P.value.copyFrom(w.P());
        }
        c.b.value.copyFrom(w.b());
        return c;
    }

    static LstmStep step(Matrix x, Matrix hPrev, Matrix cPrev, LstmWeights w, Mistake m) {
        if (m != null) {
            return plainStep(x, hPrev, cPrev, w, m);
        }
        LSTMCell.Step s = cell(w).forward(x, hPrev, cPrev);
        return new LstmStep(s.gz(), s.fzi(), s.fzf(), s.fzo(), s.c(), s.a());
    }

    static LstmStep plainStep(Matrix x, Matrix hPrev, Matrix cPrev, LstmWeights w, Mistake m) {
        int H = w.hiddenSize();
        Matrix pre = Ops.add(Ops.add(Ops.mul(x, w.W()), Ops.mul(hPrev, w.U())), w.b());
        if (w.P() != null) {
            pre = Ops.add(pre, Ops.mul(cPrev, w.P()));                 // peephole (p.30)
        }
        int zb = 0, ib = 1, fb = 2;
        if (m == LSTM_GATE_ORDER) {                                     // read as [i | f | g | o]
            zb = 2;
            ib = 0;
            fb = 1;
        }
        Matrix g = Ops.map(Ops.cols(pre, zb * H, H), w.g()::apply);
        Matrix i = Ops.map(Ops.cols(pre, ib * H, H), Ops::sigmoid);
        Matrix f = Ops.map(Ops.cols(pre, fb * H, H), Ops::sigmoid);
        Matrix o = Ops.map(Ops.cols(pre, 3 * H, H), Ops::sigmoid);
        Matrix keep = m == LSTM_MEMORY_WRONG_GATE ? i : m == LSTM_FORGET_INVERTED ? Ops.map(f, v -> 1 - v) : f;
        Matrix c = Ops.add(Ops.times(g, i), Ops.times(cPrev, keep));   // c = g(z) f(zi) + cPrev f(zf)
        Matrix read = m == LSTM_OUTPUT_OLD_MEMORY ? cPrev : c;
        Matrix hc = m == LSTM_OUTPUT_MISSING_ACTIVATION ? read : Ops.map(read, w.h()::apply);
        return new LstmStep(g, i, f, o, c, Ops.times(hc, o));            // h = h(c) f(zo)
    }

    static LstmStepBackward.Result stepBackward(Matrix dh, Matrix dcNext, Matrix x, Matrix hPrev, Matrix cPrev,
                                                LstmStep s, LstmWeights w, LstmGrads grads, Mistake m) {
        if (m != null || w.P() != null) {
            return plainStepBackward(dh, dcNext, x, hPrev, cPrev, s, w, grads, m);
        }
        LSTMCell c = cell(w);
        c.W.grad.copyFrom(grads.dW);
        c.U.grad.copyFrom(grads.dU);
        c.b.grad.copyFrom(grads.db);
        LSTMCell.Grads r = c.backward(c.forward(x, hPrev, cPrev), dh, dcNext);
        grads.dW.copyFrom(c.W.grad);
        grads.dU.copyFrom(c.U.grad);
        grads.db.copyFrom(c.b.grad);
        return new LstmStepBackward.Result(r.dhPrev(), r.dcPrev());
    }

    static LstmStepBackward.Result plainStepBackward(Matrix dh, Matrix dcNext, Matrix x, Matrix hPrev, Matrix cPrev,
                                                     LstmStep s, LstmWeights w, LstmGrads grads, Mistake m) {
        int B = dh.rows, H = w.hiddenSize();
        Matrix delta = new Matrix(B, 4 * H), dcPrev = new Matrix(B, H);
        for (int r = 0; r < B; r++) {
            for (int j = 0; j < H; j++) {
                double g = s.g().data[r][j], i = s.i().data[r][j], f = s.f().data[r][j], o = s.o().data[r][j];
                double c = s.c().data[r][j], hc = w.h().apply(c), d = dh.data[r][j];
                double hPrime = m == LSTM_MISSING_TANH_PRIME_CELL ? 1 : w.h().derivative(c, hc);
                double dc = d * o * hPrime + (m == LSTM_DC_NEXT_IGNORED ? 0 : dcNext.data[r][j]);
                double dO = d * hc;
                delta.data[r][j] = dc * i * w.g().derivative(Double.NaN, g);                                  // δz
                delta.data[r][H + j] = dc * g * (m == LSTM_MISSING_SIGMOID_PRIME_INPUT ? 1 : i * (1 - i));   // δzi
                delta.data[r][2 * H + j] = dc * cPrev.data[r][j]
                        * (m == LSTM_MISSING_SIGMOID_PRIME_FORGET ? 1 : f * (1 - f));                          // δzf
                delta.data[r][3 * H + j] = dO * (m == LSTM_MISSING_SIGMOID_PRIME_OUTPUT ? 1 : o * (1 - o));  // δzo
                dcPrev.data[r][j] = dc * (m == LSTM_DC_WRONG_GATE ? i : f);                                   // ∂cPrev = ∂c f
            }
        }
        Matrix dW = Ops.mul(Ops.t(x), delta), dU = Ops.mul(Ops.t(hPrev), delta);
        Matrix db = m == BIAS_GRAD_NOT_SUMMED ? Matrix.row(delta.data[0].clone()) : Ops.sumRows(delta);
        boolean overwrite = m == GRADIENT_OVERWRITTEN;
        Ops.addGradient(grads.dW, dW, overwrite);
        Ops.addGradient(grads.dU, dU, overwrite);
        Ops.addGradient(grads.db, db, overwrite);
        return new LstmStepBackward.Result(Ops.mul(delta, Ops.t(w.U())), dcPrev);
    }
}
