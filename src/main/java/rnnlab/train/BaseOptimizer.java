package rnnlab.train;

import rnnlab.core.Kernels;
import rnnlab.core.Matrix;
import rnnlab.core.Param;
import rnnlab.core.Params;
import rnnlab.core.RowUse;

/**
 * What every optimiser shares: its settings, its per-parameter state, the current learning rate (which a schedule
 * may change) and the step count. A subclass writes only its update rule, {@link #update(Params)}.
 */
abstract class BaseOptimizer<S extends OptimizerSettings> implements Optimizer {
    protected final S settings;
    protected final OptimizerState state;
    protected double lr;
    protected long steps;
    private final String name;

    BaseOptimizer(String name, S settings, int stateTensors) {
        this.name = name;
        this.settings = settings;
        this.state = new OptimizerState(name, stateTensors);
        this.lr = settings.learningRate();
    }

    /**
     * Counts the step (so {@link #steps} is 1 during the first update), then applies the update rule to every row of
     * every parameter, except that a sparse-row parameter ({@link Param#sparseRows}) has only the rows of this step's
     * gradient updated: the other rows keep their weights and state until a batch uses them again ("lazy" updates;
     * exact for plain SGD and Adagrad, an approximation for momentum, RMSProp and Adam, whose state would otherwise
     * decay and keep moving the weights; docs/design-notes.md "Direct sparse features"). A row-tracked parameter
     * ({@link Param#rowTracked}) has every row updated, except by a rule that leaves a row with a zero gradient as it
     * is ({@link #zeroGradientKeepsRow()}), which visits its marked rows only (the same result).
     */
    @Override
    public final void step(Params params) {
        step(params, false);
    }

    /** {@link #step}, each row's gradient set to zero right after its update (the same weights, bit for bit). */
    @Override
    public final void stepAndZeroGrad(Params params) {
        step(params, true);
    }

    private void step(Params params, boolean zero) {
        steps++;
        beginStep();
        int n = params.size();
        if (ps.length < n) {
            ps = new Param[n];
            s0s = new double[n][][];
            s1s = new double[n][][];
            ends = new long[n];
        }
        long total = 0;
        for (int k = 0; k < n; k++) {                   // by index: an iterator would copy the list every step
            Param p = params.get(k);
            Matrix[] st = state.of(p);                  // here, on this thread: the state map is not thread-safe
            ps[k] = p;
            s0s[k] = st.length > 0 ? st[0].data : null;
            s1s[k] = st.length > 1 ? st[1].data : null;
            total += (long) (onlyMarked(p) ? p.markedRows().count() : p.value.rows) * p.value.cols;
            ends[k] = total;
        }
        count = n;
        zeroArg = zero;
        try {
            boolean split = false;
            if (total >= PARALLEL_MIN_VALUES && Kernels.threads() > 1 && distinct(n)) {
                mid = cut(n, total);
                split = Kernels.tryInParallel(firstHalf, secondHalf);
            }
            if (!split) {
                range(0, total);
            }
            for (int k = 0; k < n; k++) {
                Param p = ps[k];
                RowUse marked = p.markedRows();
                if (zero && marked != null && !onlyMarked(p)) {  // the other rows' gradients are zero already
                    for (int i = 0; i < marked.count(); i++) {
                        java.util.Arrays.fill(p.grad.data[marked.row(i)], 0.0);
                    }
                }
                if (zero) {
                    p.gradZeroedByStep();
                }
            }
        } finally {
            java.util.Arrays.fill(ps, 0, n, null);
            java.util.Arrays.fill(s0s, 0, n, null);
            java.util.Arrays.fill(s1s, 0, n, null);
        }
    }

    /**
     * A pass over at least this many values is split between the caller and the kernels' helper thread when
     * {@link Kernels#threads()} is 2 (one hand-over, a few microseconds; the pass costs about a nanosecond a value):
     * each row is updated by the same operations on either thread, so the weights have the same bits.
     */
    static final long PARALLEL_MIN_VALUES = 1L << 15;

    // the step's parameters, their state and the running count of values to visit up to and including each; in
    // fields (emptied after the step) so that the two halves of a split pass allocate nothing
    private Param[] ps = new Param[0];
    private double[][][] s0s = new double[0][][], s1s = new double[0][][];
    private long[] ends = new long[0];
    private int count;
    private long mid;
    private boolean zeroArg;
    private final Runnable firstHalf = () -> range(0, mid), secondHalf = () -> range(mid, ends[count - 1]);

    /**
     * Where the pass is cut: at the end of the parameter nearest the middle value if that is within an eighth of the
     * pass of it, so that each parameter's rows stay on one thread (at B1-BiLSTM: the embedding and the forward
     * direction on the caller, the backward direction, whose gradients the helper has just written in its own
     * cache, and the output layer on the helper), else at the middle value.
     */
    private long cut(int n, long total) {
        long half = total / 2, best = half, off = total / 8 + 1;
        for (int k = 0; k < n - 1; k++) {
            long d = Math.abs(ends[k] - half);
            if (d < off) {
                off = d;
                best = ends[k];
            }
        }
        return best;
    }

    /** True if only the marked rows of p are visited (a sparse-row parameter, or a rule that keeps zero rows). */
    private boolean onlyMarked(Param p) {
        return p.rows != null || (p.markedRows() != null && zeroGradientKeepsRow());
    }

    /** No two parameters share a weight or gradient matrix (else the halves could update one row at once). */
    private boolean distinct(int n) {
        for (int a = 0; a < n; a++) {
            for (int b = a + 1; b < n; b++) {
                Matrix va = ps[a].value, ga = ps[a].grad, vb = ps[b].value, gb = ps[b].grad;
                if (va.data == vb.data || va.data == gb.data || ga.data == vb.data || ga.data == gb.data) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Updates the rows whose first value is at position [from, to) of the step's values (the parameters in order,
     * each its visited rows in order): a whole step is {@code range(0, total)}.
     */
    private void range(long from, long to) {
        boolean zero = zeroArg;
        long start = 0;
        for (int k = 0; k < count && start < to; k++) {
            long end = ends[k];
            if (end > from && end > start) {
                Param p = ps[k];
                double[][] w = p.value.data, g = p.grad.data, s0 = s0s[k], s1 = s1s[k];
                int cols = p.value.cols;
                RowUse marked = p.markedRows();
                if (onlyMarked(p)) {
                    for (int i = 0; i < marked.count(); i++) {    // only the rows this step's gradient is in
                        long at = start + (long) i * cols;
                        if (at >= from && at < to) {
                            int r = marked.row(i);
                            row(w[r], g[r], s0 == null ? null : s0[r], s1 == null ? null : s1[r], zero);
                        }
                    }
                } else {
                    boolean zeroAll = zero && marked == null;
                    int r0 = (int) Math.max(0, (from - start + cols - 1) / cols);
                    int r1 = (int) Math.min(w.length, (to - start + cols - 1) / cols);
                    for (int r = r0; r < r1; r++) {
                        row(w[r], g[r], s0 == null ? null : s0[r], s1 == null ? null : s1[r], zeroAll);
                    }
                }
            }
            start = end;
        }
    }

    private void row(double[] w, double[] g, double[] s0, double[] s1, boolean zero) {
        if (zero) {
            updateAndZero(w, g, s0, s1);
        } else {
            update(w, g, s0, s1);
        }
    }

    /**
     * True if the update rule leaves a row whose gradient is zero exactly as it is, weights and state (plain SGD):
     * then a row-tracked parameter has its marked rows updated only.
     */
    protected boolean zeroGradientKeepsRow() {
        return false;
    }

    /**
     * {@link #update}, then the row's gradient set to zero; a subclass may fuse the two into one loop (the same
     * weights and state, bit for bit).
     */
    protected void updateAndZero(double[] w, double[] g, double[] s0, double[] s1) {
        update(w, g, s0, s1);
        java.util.Arrays.fill(g, 0.0);
    }

    /** Called once per step before the rows are updated (e.g. Adam's bias corrections for this step). */
    protected void beginStep() {}

    /**
     * The update rule on one row of a parameter: its weights {@code w}, their gradients {@code g}, and this
     * optimiser's state for them ({@code s1} is null for an optimiser with one state tensor).
     */
    protected abstract void update(double[] w, double[] g, double[] s0, double[] s1);

    @Override
    public double learningRate() {
        return lr;
    }

    @Override
    public void setLearningRate(double learningRate) {
        lr = Optimizer.checkLearningRate(name, learningRate);
    }

    @Override
    public S settings() {
        return settings;
    }

    @Override
    public long steps() {
        return steps;
    }

    @Override
    public void reset() {
        state.clear();
        steps = 0;
        lr = settings.learningRate();
    }

    @Override
    public String toString() {
        return settings + " now at learning rate " + lr + " after " + steps + " steps";
    }
}
