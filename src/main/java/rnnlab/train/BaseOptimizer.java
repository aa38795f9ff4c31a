package rnnlab.train;

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
        for (int k = 0; k < params.size(); k++) {       // by index: an iterator would copy the list every step
            Param p = params.get(k);
            double[][] w = p.value.data, g = p.grad.data;
            Matrix[] st = state.of(p);
            double[][] s0 = st.length > 0 ? st[0].data : null, s1 = st.length > 1 ? st[1].data : null;
            RowUse marked = p.markedRows();
            if (p.rows != null || (marked != null && zeroGradientKeepsRow())) {
                for (int i = 0; i < marked.count(); i++) {    // only the rows this step's gradient is in
                    int r = marked.row(i);
                    row(w[r], g[r], s0 == null ? null : s0[r], s1 == null ? null : s1[r], zero);
                }
            } else {
                boolean zeroAll = zero && marked == null;
                for (int r = 0; r < w.length; r++) {
                    row(w[r], g[r], s0 == null ? null : s0[r], s1 == null ? null : s1[r], zeroAll);
                }
                if (zero && marked != null) {                // the other rows' gradients are zero already
                    for (int i = 0; i < marked.count(); i++) {
                        java.util.Arrays.fill(g[marked.row(i)], 0.0);
                    }
                }
            }
            if (zero) {
                p.gradZeroedByStep();
            }
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
