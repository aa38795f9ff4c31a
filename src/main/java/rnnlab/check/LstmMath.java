package rnnlab.check;

import static rnnlab.check.Mistake.*;

import rnnlab.core.Matrix;

/**
 * The LSTM equations of p.18 and p.28–30 written plainly, with the catalogued wrong variants ({@code m == null} is
 * the correct computation; tested equal to {@link rnnlab.cells.LSTM} in LstmMathTest).
 */
final class LstmMath {
    private LstmMath() {}

    static LstmStep step(Matrix x, Matrix hPrev, Matrix cPrev, LstmWeights w, Mistake m) {
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
        if (m == GRADIENT_OVERWRITTEN) {
            grads.dW.copyFrom(dW);
            grads.dU.copyFrom(dU);
            grads.db.copyFrom(db);
        } else {
            grads.dW.copyFrom(Ops.add(grads.dW, dW));
            grads.dU.copyFrom(Ops.add(grads.dU, dU));
            grads.db.copyFrom(Ops.add(grads.db, db));
        }
        return new LstmStepBackward.Result(Ops.mul(delta, Ops.t(w.U())), dcPrev);
    }
}
