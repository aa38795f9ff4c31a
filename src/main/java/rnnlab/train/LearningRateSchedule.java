package rnnlab.train;

import java.util.Locale;

/**
 * The learning rate of each epoch as a function of the initial rate η₀ and the epoch number e = 1, 2, …
 * <pre>
 *   Constant                   η(e) = η₀
 *   Step(every, factor)        η(e) = η₀ · factor^⌊(e−1)/every⌋       e.g. halve every 5 epochs
 *   Exponential(gamma)         η(e) = η₀ · gamma^(e−1)
 * </pre>
 * The trainer calls {@link Optimizer#setLearningRate} with {@link #rate} before each epoch.
 */
public sealed interface LearningRateSchedule {
    /** η for epoch {@code epoch} (1-based) when the first epoch uses {@code initial}. */
    double rate(double initial, int epoch);

    /** The same rate every epoch. */
    LearningRateSchedule CONSTANT = new Constant();

    /** Never changes the rate. */
    record Constant() implements LearningRateSchedule {
        @Override
        public double rate(double initial, int epoch) {
            return initial;
        }

        @Override
        public String toString() {
            return "Constant()";
        }
    }

    /**
     * Multiplies the rate by {@code factor} every {@code every} epochs.
     *
     * @param every  epochs between decays, ≥ 1
     * @param factor multiplier in (0, 1]
     */
    record Step(int every, double factor) implements LearningRateSchedule {
        public Step {
            if (every < 1) {
                throw new IllegalArgumentException("LearningRateSchedule.Step: every must be ≥ 1 epoch, got " + every);
            }
            if (!(factor > 0 && factor <= 1)) {
                throw new IllegalArgumentException("LearningRateSchedule.Step: factor must be in (0, 1], got " + factor);
            }
        }

        @Override
        public double rate(double initial, int epoch) {
            return initial * Math.pow(factor, (Math.max(1, epoch) - 1) / every);
        }
    }

    /**
     * Multiplies the rate by {@code gamma} after every epoch.
     *
     * @param gamma multiplier in (0, 1]
     */
    record Exponential(double gamma) implements LearningRateSchedule {
        public Exponential {
            if (!(gamma > 0 && gamma <= 1)) {
                throw new IllegalArgumentException("LearningRateSchedule.Exponential: gamma must be in (0, 1], got "
                        + gamma);
            }
        }

        @Override
        public double rate(double initial, int epoch) {
            return initial * Math.pow(gamma, Math.max(1, epoch) - 1);
        }
    }

    /** Parses "constant", "step:EVERY:FACTOR" (e.g. step:5:0.5) or "exp:GAMMA" (e.g. exp:0.9). */
    static LearningRateSchedule parse(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        String[] parts = t.split(":");
        try {
            if (t.equals("constant") || t.equals("none")) {
                return CONSTANT;
            }
            if (parts[0].equals("step") && parts.length == 3) {
                return new Step(Integer.parseInt(parts[1]), Double.parseDouble(parts[2]));
            }
            if ((parts[0].equals("exp") || parts[0].equals("exponential")) && parts.length == 2) {
                return new Exponential(Double.parseDouble(parts[1]));
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("cannot read learning-rate schedule '" + s
                + "'; write constant, step:EVERY:FACTOR (e.g. step:5:0.5) or exp:GAMMA (e.g. exp:0.9)");
    }
}
