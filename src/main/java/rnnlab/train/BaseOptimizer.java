package rnnlab.train;

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

    /** Counts the step (so {@link #steps} is 1 during the first update), then applies the update rule. */
    @Override
    public final void step(Params params) {
        steps++;
        update(params);
    }

    /** Changes every parameter's value from its gradient (and this optimiser's state). */
    protected abstract void update(Params params);

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
