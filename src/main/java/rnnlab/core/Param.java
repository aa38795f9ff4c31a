package rnnlab.core;

import java.util.ArrayList;
import java.util.List;

/**
 * One named tensor of a model with its gradient: the unit that optimisers, clipping, gradient checks, save/load and
 * plots all walk over.
 *
 * <p>{@code grad} has the shape of {@code value}. Backward passes ADD into {@code grad}; {@link Params#zeroGrad()}
 * clears it (or an optimiser's {@code stepAndZeroGrad}, in its pass over the values). {@code timeStep} is the time step a tensor belongs to (an input xᵗ in a gradient check), or −1.
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
    /**
     * For a sparse-row parameter ({@link #sparseRows}), the rows whose gradient may be non-zero; null for a dense
     * parameter (the usual case: every row may have a gradient).
     */
    public final RowUse rows;
    /**
     * The rows whose gradient may be non-zero, when a layer marks them: {@link #rows} for a sparse-row parameter, the
     * tracker of a row-tracked dense parameter ({@link #rowTracked}), or null.
     */
    private final RowUse marks;

    /** A parameter of the given shape, zero-valued. */
    public Param(String name, int rows, int cols) {
        this(name, new Matrix(rows, cols), new Matrix(rows, cols), -1);
    }

    /** A tensor that shares the given value and gradient matrices. */
    public Param(String name, Matrix value, Matrix grad, int timeStep) {
        this(name, value, grad, timeStep, null, null);
    }

    private Param(String name, Matrix value, Matrix grad, int timeStep, RowUse rows, RowUse marks) {
        value.requireSameShape("Param " + name + " (gradient shape)", grad);
        this.name = name;
        this.value = value;
        this.grad = grad;
        this.timeStep = timeStep;
        this.rows = rows;
        this.marks = marks;
    }

    /**
     * A zero-valued parameter of which a batch reads only a few rows (a table of feature buckets): its layer marks
     * in {@link #rows} each row it adds a gradient to, and zeroing, the gradient norm and the optimisers then visit
     * the marked rows only ({@link RowUse}). Writing a gradient without marking its row breaks this.
     */
    public static Param sparseRows(String name, int rows, int cols) {
        RowUse r = new RowUse(rows);
        return new Param(name, new Matrix(rows, cols), new Matrix(rows, cols), -1, r, r);
    }

    /**
     * A zero-valued DENSE parameter (optimisers update every row, as for any parameter) whose layer marks in
     * {@link #markedRows()} each row it adds a gradient to, e.g. word vectors, of which a batch uses a few rows: zeroing
     * the gradient then visits the marked rows only, and so does plain SGD (no momentum), which leaves a row with a
     * zero gradient unchanged anyway. Writing a gradient without marking its row breaks this; scaling or clipping a
     * gradient (which keeps a zero a zero) is fine.
     */
    public static Param rowTracked(String name, int rows, int cols) {
        return new Param(name, new Matrix(rows, cols), new Matrix(rows, cols), -1, null, new RowUse(rows));
    }

    /** The same tensor (shared matrices and row use) under the name {@code prefix + name}. */
    public Param withPrefix(String prefix) {
        return new Param(prefix + name, value, grad, timeStep, rows, marks);
    }

    /**
     * The rows whose gradient may be non-zero, as its layer marks them (every other row's gradient is zero): {@link
     * #rows} of a sparse-row parameter, the tracker of a {@link #rowTracked} one, null for a parameter whose rows are
     * not tracked.
     */
    public RowUse markedRows() {
        return marks;
    }

    /**
     * Sets the gradient to zero: every value, or for a sparse-row or row-tracked parameter the marked rows, which it
     * unmarks. Nothing to do (but unmarking) right after an optimiser's {@code stepAndZeroGrad}, which zeroed the
     * gradient in its pass over the values ({@link #gradZeroedByStep()}).
     */
    public void zeroGrad() {
        if (grad.zeroedByStep) {
            grad.zeroedByStep = false;
            if (marks != null) {
                marks.clear();
            }
            return;
        }
        if (marks == null) {
            grad.zero();
            return;
        }
        for (int i = 0; i < marks.count(); i++) {
            java.util.Arrays.fill(grad.data[marks.row(i)], 0.0);
        }
        marks.clear();
    }

    /**
     * For optimisers: says that the optimiser has just set every value of {@link #grad} to zero (in its update pass,
     * {@code Optimizer.stepAndZeroGrad}), so the next {@link #zeroGrad()} (at the start of the next {@code
     * lossAndGradient}) can skip the work. Until then nothing may write the gradient: {@code stepAndZeroGrad} says so.
     * The row marks stay until that {@code zeroGrad()} (a trainer's checks after the step still see which rows moved).
     */
    public void gradZeroedByStep() {
        grad.zeroedByStep = true;
    }

    /**
     * The number of rows that may have a gradient: all rows, or the marked rows of a sparse-row parameter. Walk them
     * as {@code for (int i = 0; i < p.rowsInUse(); i++) { double[] g = p.grad.data[p.rowInUse(i)]; … }}.
     */
    public int rowsInUse() {
        return rows == null ? grad.rows : rows.count();
    }

    /** The i-th row that may have a gradient (i itself for a dense parameter). */
    public int rowInUse(int i) {
        return rows == null ? i : rows.row(i);
    }

    /** Σ g² of the gradient (over the marked rows of a sparse-row parameter: the others are zero). */
    public double gradSumOfSquares() {
        if (rows == null) {
            return grad.sumOfSquares();
        }
        double s = 0;
        for (int i = 0; i < rows.count(); i++) {
            for (double g : grad.data[rows.row(i)]) {
                s += g * g;
            }
        }
        return s;
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
        grad.zeroedByStep = false;   // written now: the next zeroGrad() must clear it
        for (int r = 0; r < g.rows; r++) {
            if (marks != null) {
                marks.mark(r);
            }
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
