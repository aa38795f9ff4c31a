package rnnlab.train;

import java.lang.reflect.RecordComponent;
import java.util.Locale;
import java.util.StringJoiner;

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

    /** Short name: sgd, adagrad, rmsprop or adam (the optimiser's class name in lower case). */
    default String name() {
        return optimizerName(this).toLowerCase(Locale.ROOT);
    }

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

    /** The optimiser's class name ("Adam") of settings {@code s}: the record is nested in it. */
    private static String optimizerName(OptimizerSettings s) {
        return s.getClass().getEnclosingClass().getSimpleName();
    }

    /**
     * The text of settings {@code s}, e.g. "Adam(learningRate=0.01, beta1=0.9, beta2=0.999, epsilon=1.0E-8)": the
     * optimiser's name and every record component in order (the records' {@code toString}).
     */
    static String describe(Record s) {
        StringJoiner text = new StringJoiner(", ", optimizerName((OptimizerSettings) s) + "(", ")");
        for (RecordComponent c : s.getClass().getRecordComponents()) {
            try {
                text.add(c.getName() + "=" + c.getAccessor().invoke(s));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return text.toString();
    }

    /** Checks that {@code v} is in [0, 1) (a momentum or decay); {@code who} and {@code what} name it. */
    static double checkFraction(String who, String what, double v) {
        if (!(v >= 0 && v < 1)) {
            throw new IllegalArgumentException(who + ": " + what + " must be in [0, 1), got " + v);
        }
        return v;
    }

    /** Checks that ε is a positive finite number; {@code who} names the settings. */
    static double checkEpsilon(String who, double epsilon) {
        if (!(epsilon > 0) || !Double.isFinite(epsilon)) {
            throw new IllegalArgumentException(who + ": epsilon must be positive, got " + epsilon);
        }
        return epsilon;
    }
}
