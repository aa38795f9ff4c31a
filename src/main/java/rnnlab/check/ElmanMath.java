package rnnlab.check;

import static rnnlab.check.Mistake.*;

import java.util.SplittableRandom;

import rnnlab.core.Matrix;
import rnnlab.reference.ElmanCell;

/**
 * What the Elman checks expect: with {@code m == null} the library's reference cell
 * ({@link rnnlab.reference.ElmanCell}); with a catalogued mistake, the same equations written plainly with that
 * mistake made. The plain equations without a mistake equal the reference cell (ReferenceAgreementTest).
 */
final class ElmanMath {
    private ElmanMath() {}

    /** The reference cell holding copies of the given weights. */
    static ElmanCell cell(ElmanWeights w) {
        var c = new ElmanCell(w.inputSize(), w.hiddenSize(), w.activation(), new SplittableRandom(1));
        c.Wi.value.copyFrom(w.Wi());
        c.Wh.value.copyFrom(w.Wh());
        c.b.value.copyFrom(w.b());
        return c;
    }

    /** hᵗ = σ(x·Wi + hPrev·Wh + b) */
    static Matrix step(Matrix x, Matrix hPrev, ElmanWeights w, Mistake m) {
        return m == null ? cell(w).forward(x, hPrev).h() : plainStep(x, hPrev, w, m);
    }

    static Matrix plainStep(Matrix x, Matrix hPrev, ElmanWeights w, Mistake m) {
        Matrix a = Ops.mul(x, w.Wi());
        if (m != MISSING_RECURRENT_TERM) {
            a = Ops.add(a, Ops.mul(hPrev, m == TRANSPOSED_WH ? Ops.t(w.Wh()) : w.Wh()));
        }
        if (m == BIAS_OUTSIDE_ACTIVATION) {
            return Ops.add(Ops.map(a, w.activation()::apply), w.b());
        }
        if (m != MISSING_BIAS) {
            a = Ops.add(a, w.b());
        }
        return m == MISSING_ACTIVATION ? a : Ops.map(a, w.activation()::apply);
    }

    /** hs[t] = step(xs[t], hs[t−1]), hs[−1] = h0 */
    static Matrix[] unroll(Matrix[] xs, Matrix h0, ElmanWeights w, Mistake m) {
        Matrix[] hs = new Matrix[xs.length];
        Matrix prev = h0;
        for (int t = 0; t < xs.length; t++) {
            Matrix h = step(xs[t], m == UNROLL_MEMORY_NOT_CARRIED ? h0 : prev, w, forwardMistake(m));
            hs[t] = m == UNROLL_OFF_BY_ONE ? prev : h;
            prev = h;
        }
        return hs;
    }

    /** δ = dh ⊙ σ'(a); grads += (xᵀδ, hPrevᵀδ, Σ_rows δ); returns δ·Whᵀ. */
    static Matrix stepBackward(Matrix dh, Matrix x, Matrix hPrev, Matrix h, ElmanWeights w, ElmanGrads g, Mistake m) {
        if (m != null) {
            return plainStepBackward(dh, x, hPrev, h, w, g, m);
        }
        ElmanCell c = cell(w);
        c.Wi.grad.copyFrom(g.dWi);
        c.Wh.grad.copyFrom(g.dWh);
        c.b.grad.copyFrom(g.db);
        ElmanCell.Step s = c.forward(x, hPrev);
        Matrix dhPrev = c.backward(new ElmanCell.Step(x, hPrev, s.a(), h), dh).dhPrev();
        g.dWi.copyFrom(c.Wi.grad);
        g.dWh.copyFrom(c.Wh.grad);
        g.db.copyFrom(c.b.grad);
        return dhPrev;
    }

    static Matrix plainStepBackward(Matrix dh, Matrix x, Matrix hPrev, Matrix h, ElmanWeights w, ElmanGrads g, Mistake m) {
        Matrix delta = new Matrix(dh.rows, dh.cols);
        for (int r = 0; r < dh.rows; r++) {
            for (int j = 0; j < dh.cols; j++) {
                double hv = h.data[r][j];
                double d = m == MISSING_TANH_DERIVATIVE ? 1 : w.activation().derivative(Double.NaN, hv);
                delta.data[r][j] = dh.data[r][j] * d;
            }
        }
        Matrix dWi = Ops.mul(Ops.t(x), delta);
        Matrix dWh = Ops.mul(Ops.t(m == DWH_WITH_CURRENT_STATE ? h : hPrev), delta);
        Matrix db = m == BIAS_GRAD_NOT_SUMMED ? Matrix.row(delta.data[0].clone()) : Ops.sumRows(delta);
        boolean overwrite = m == GRADIENT_OVERWRITTEN;
        Ops.addGradient(g.dWi, dWi, overwrite);
        Ops.addGradient(g.dWh, dWh, overwrite);
        Ops.addGradient(g.db, db, overwrite);
        return Ops.mul(delta, m == TRANSPOSED_WH_BACKWARD ? w.Wh() : Ops.t(w.Wh()));
    }

    /** BPTT with optional truncation k (0 = none); returns ∂L/∂h⁰. */
    static Matrix bptt(Matrix[] dOut, Matrix[] xs, Matrix h0, Matrix[] hs, ElmanWeights w, ElmanGrads g, int k,
                       Mistake m) {
        int T = xs.length;
        Matrix next = new Matrix(h0.rows, h0.cols);   // ∂L/∂hᵗ arriving from step t+1
        if (m == BPTT_WRONG_DIRECTION) {
            for (int t = 0; t < T; t++) {
                Matrix dh = Ops.add(dOut[t], next);
                next = stepBackward(dh, xs[t], t > 0 ? hs[t - 1] : h0, hs[t], w, g, null);
            }
            return next;
        }
        for (int t = T - 1; t >= 0; t--) {
            Matrix dh = m == BPTT_NO_RECURRENT_TERM ? dOut[t].copy() : Ops.add(dOut[t], next);
            if (m == BPTT_ZEROED_EACH_STEP) {
                g.zero();
            }
            next = stepBackward(dh, xs[t], t > 0 ? hs[t - 1] : h0, hs[t], w, g, stepMistake(m));
            boolean cut = k > 0 && t > 0 && (m == TRUNCATION_OFF_BY_ONE ? (t + 1) % k == 0 : t % k == 0);
            if (cut && m != TRUNCATION_IGNORED) {
                next = new Matrix(h0.rows, h0.cols);
            }
        }
        return next;
    }

    /** The forward-step mistake inside a sequence variant (null when m is not a forward-step mistake). */
    static Mistake forwardMistake(Mistake m) {
        return m == null || m.ordinal() > BIAS_OUTSIDE_ACTIVATION.ordinal() ? null : m;
    }

    /** The step mistake inside a BPTT variant (step mistakes are also BPTT mistakes). */
    private static Mistake stepMistake(Mistake m) {
        return m == null || m.ordinal() < MISSING_TANH_DERIVATIVE.ordinal() || m.ordinal() > DWH_WITH_CURRENT_STATE.ordinal()
                ? null : m;
    }
}
