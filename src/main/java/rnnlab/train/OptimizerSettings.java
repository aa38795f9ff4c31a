package rnnlab.train;

import java.util.Locale;

/**
 * Immutable, validated settings of an optimiser; {@link #create()} makes a fresh optimiser from them.
 * <pre>
 *   OptimizerSettings.of("adam")                     Adam with its defaults (η = 0.01)
 *   Sgd.defaults().withLearningRate(0.7)             SGD, η = 0.7, momentum 0.9
 *   Adam.defaults()                                  Adam, η = 0.01
 *   OptimizerSettings.of("rmsprop").withLearningRate(0.005)
 * </pre>
 */
public sealed interface OptimizerSettings permits Sgd.Settings, Adagrad.Settings, RmsProp.Settings, Adam.Settings {
    /** The (initial) learning rate η. */
    double learningRate();

    /** The same settings with another learning rate. */
    OptimizerSettings withLearningRate(double learningRate);

    /** A new optimiser with these settings and empty state. */
    Optimizer create();

    /** Short name: sgd, adagrad, rmsprop or adam. */
    String name();

    /** The names {@link #of} accepts. */
    String NAMES = "sgd, adagrad, rmsprop or adam";

    /** Default settings of the optimiser called {@code name} (sgd, adagrad, rmsprop, adam; any case). */
    static OptimizerSettings of(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "sgd" -> Sgd.Settings.DEFAULT;
            case "adagrad" -> Adagrad.Settings.DEFAULT;
            case "rmsprop" -> RmsProp.Settings.DEFAULT;
            case "adam" -> Adam.Settings.DEFAULT;
            default -> throw new IllegalArgumentException("unknown optimizer '" + name + "'; choose " + NAMES);
        };
    }

    /** {@link #of(String)} with the given learning rate. */
    static OptimizerSettings of(String name, double learningRate) {
        return of(name).withLearningRate(learningRate);
    }
}
