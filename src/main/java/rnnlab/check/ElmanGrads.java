package rnnlab.check;

import rnnlab.core.Matrix;

/**
 * Gradient buffers of an Elman layer. Backward steps ADD into them (BPTT sums over time); {@link #zero()} clears.
 */
public final class ElmanGrads {
    /** ∂L/∂Wi, n×H. */
    public final Matrix dWi;
    /** ∂L/∂Wh, H×H. */
    public final Matrix dWh;
    /** ∂L/∂b, 1×H. */
    public final Matrix db;

    /** Zero buffers shaped like the weights. */
    public ElmanGrads(ElmanWeights w) {
        this(new Matrix(w.Wi().rows, w.Wi().cols), new Matrix(w.Wh().rows, w.Wh().cols), new Matrix(1, w.b().cols));
    }

    ElmanGrads(Matrix dWi, Matrix dWh, Matrix db) {
        this.dWi = dWi;
        this.dWh = dWh;
        this.db = db;
    }

    /** Sets every gradient to 0. */
    public ElmanGrads zero() {
        dWi.zero();
        dWh.zero();
        db.zero();
        return this;
    }

    ElmanGrads copy() {
        return new ElmanGrads(dWi.copy(), dWh.copy(), db.copy());
    }

    @Override
    public String toString() {
        return "dWi " + dWi + "\ndWh " + dWh + "\ndb " + db;
    }
}
