package rnnlab.check;

import rnnlab.core.Matrix;

/** Gradient buffers of an LSTM layer (same block order as the weights). Backward steps ADD into them. */
public final class LstmGrads {
    /** ∂L/∂W, n×4H. */
    public final Matrix dW;
    /** ∂L/∂U, H×4H. */
    public final Matrix dU;
    /** ∂L/∂b, 1×4H. */
    public final Matrix db;

    /** Zero buffers shaped like the weights. */
    public LstmGrads(LstmWeights w) {
        this(new Matrix(w.W().rows, w.W().cols), new Matrix(w.U().rows, w.U().cols), new Matrix(1, w.b().cols));
    }

    LstmGrads(Matrix dW, Matrix dU, Matrix db) {
        this.dW = dW;
        this.dU = dU;
        this.db = db;
    }

    LstmGrads copy() {
        return new LstmGrads(dW.copy(), dU.copy(), db.copy());
    }
}
