package rnnlab.train;

import java.util.HashMap;
import java.util.Map;

import rnnlab.core.Matrix;
import rnnlab.core.Param;

/** Per-parameter state buffers of an optimiser (k matrices shaped like the parameter), keyed by parameter name. */
final class OptimizerState {
    private final String owner;
    private final int buffers;
    private final Map<String, Matrix[]> byName = new HashMap<>();
    private static final Matrix[] NONE = {};

    OptimizerState(String owner, int buffers) {
        this.owner = owner;
        this.buffers = buffers;
    }

    /** The state of {@code p}, created as zeros on first use; a shape change is an error. */
    Matrix[] of(Param p) {
        if (buffers == 0) {    // e.g. plain SGD: nothing to keep
            return NONE;
        }
        Matrix[] s = byName.get(p.name);
        if (s == null) {
            s = new Matrix[buffers];
            for (int i = 0; i < buffers; i++) {
                s[i] = new Matrix(p.value.rows, p.value.cols);
            }
            byName.put(p.name, s);
        } else if (s[0].rows != p.value.rows || s[0].cols != p.value.cols) {
            throw new IllegalStateException(owner + ": parameter " + p.name + " is " + p.value.shape()
                    + " but was " + s[0].shape() + " at earlier steps; use one optimiser per model (or reset() it)");
        }
        return s;
    }

    void clear() {
        byName.clear();
    }
}
