package rnnlab.train;

import rnnlab.core.Matrix;
import rnnlab.core.Param;
import rnnlab.core.Params;

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
     * decay and keep moving the weights; docs/design-notes.md "Direct sparse features").
     */
    @Override
    public final void step(Params params) {
        steps++;
        beginStep();
        for (Param p : params) {
            double[][] w = p.value.data, g = p.grad.data;
            Matrix[] st = state.of(p);
            double[][] s0 = st[0].data, s1 = st.length > 1 ? st[1].data : null;
            for (int i = 0; i < p.rowsInUse(); i++) {    // a sparse-row table: only the rows of this batch
                int r = p.rowInUse(i);
                update(w[r], g[r], s0[r], s1 == null ? null : s1[r]);
            }
        }
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
