package rnnlab.check;

import rnnlab.core.Activation;
import rnnlab.core.Matrix;

/**
 * The weights of an LSTM layer as the homework's step functions receive them, in the lecture's gate order.
 * <pre>
 *   [z | zi | zf | zo] = x·W + hPrev·U (+ cPrev·P with peepholes, p.30) + b      four blocks of H columns
 *   g = g(z)   i = σ(zi)   f = σ(zf)   o = σ(zo)
 *   c = g ⊙ i + cPrev ⊙ f          h = h(c) ⊙ o
 *   W n×4H, U H×4H, P H×4H or null, b 1×4H; g and h are tanh (LINEAR in the lecture's example p.20–25)
 * </pre>
 */
public record LstmWeights(Matrix W, Matrix U, Matrix P, Matrix b, Activation g, Activation h) {
    public LstmWeights {
        if (W == null || U == null || b == null || g == null || h == null) {
            throw new IllegalArgumentException("LstmWeights: W, U, b, g and h must not be null (P may be null)");
        }
        if (W.cols % 4 != 0) {
            throw new IllegalArgumentException("LstmWeights: W must have 4H columns [z | zi | zf | zo], got " + W.shape());
        }
        U.requireShape("LstmWeights: U must be H×4H", W.cols / 4, W.cols);
        if (P != null) {
            P.requireShape("LstmWeights: P must be H×4H", W.cols / 4, W.cols);
        }
        b.requireShape("LstmWeights: b must be 1×4H", 1, W.cols);
    }

    /** Number of cells H. */
    public int hiddenSize() {
        return W.cols / 4;
    }

    /** Columns of block k (0 = z, 1 = input gate, 2 = forget gate, 3 = output gate) start here. */
    public int block(int k) {
        return k * hiddenSize();
    }

    LstmWeights copy() {
        return new LstmWeights(W.copy(), U.copy(), P == null ? null : P.copy(), b.copy(), g, h);
    }
}
