package rnnlab.core;

import java.util.ArrayList;
import java.util.List;

/**
 * One named tensor of a model with its gradient: the unit that optimisers, clipping, gradient checks, save/load and
 * plots all walk over.
 *
 * <p>{@code grad} has the shape of {@code value}. Backward passes ADD into {@code grad}; {@link Params#zeroGrad()}
 * clears it. {@code timeStep} is the time step a tensor belongs to (an input xᵗ in a gradient check), or −1.
 */
public final class Param {
    /** Name in the lecture's notation, e.g. {@code Wi}, {@code Wh}, {@code b}; a model prefixes its layers'. */
    public final String name;
    /** The values. */
    public final Matrix value;
    /** ∂L/∂value, same shape. */
    public final Matrix grad;
    /** The time step this tensor belongs to, or −1 for a parameter shared by all steps. */
    public final int timeStep;

    /** A parameter of the given shape, zero-valued. */
    public Param(String name, int rows, int cols) {
        this(name, new Matrix(rows, cols), new Matrix(rows, cols), -1);
    }

    /** A tensor that shares the given value and gradient matrices. */
    public Param(String name, Matrix value, Matrix grad, int timeStep) {
        value.requireSameShape("Param " + name + " (gradient shape)", grad);
        this.name = name;
        this.value = value;
        this.grad = grad;
        this.timeStep = timeStep;
    }

    /** The same tensor (shared matrices) under the name {@code prefix + name}. */
    public Param withPrefix(String prefix) {
        return new Param(prefix + name, value, grad, timeStep);
    }

    /** Every tensor of {@code params} under {@code prefix + name} (a new list; shared matrices). */
    public static List<Param> prefixed(String prefix, List<Param> params) {
        List<Param> l = new ArrayList<>(params.size());
        for (Param p : params) {
            l.add(p.withPrefix(prefix));
        }
        return l;
    }

    /**
     * grad += g (same shape): how a backward step adds its share, e.g. {@code W.addToGrad(x.transpose().matmul(δ))}
     * for ∂W += xᵀ·δ. Returns this tensor.
     */
    public Param addToGrad(Matrix g) {
        grad.requireSameShape("Param " + name + ".addToGrad", g);
        for (int r = 0; r < g.rows; r++) {
            for (int c = 0; c < g.cols; c++) {
                grad.data[r][c] += g.data[r][c];
            }
        }
        return this;
    }

    /** Number of scalars. */
    public int size() {
        return value.size();
    }

    @Override
    public String toString() {
        return name + " " + value.shape() + (timeStep >= 0 ? " (t=" + (timeStep + 1) + ")" : "");
    }
}
