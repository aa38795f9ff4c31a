package rnnlab.train;

/**
 * Thrown by {@link Trainer#fit} when a loss or gradient becomes NaN or infinite. The message names the epoch and
 * step and suggests what to do; the tagger already holds the last good parameters again, and {@link #result()} has
 * the history up to that point.
 */
public final class TrainingDivergedException extends RuntimeException {
    private final transient TrainingResult result;

    public TrainingDivergedException(TrainingResult result) {
        super(result.message());
        this.result = result;
    }

    /** The history and status at the moment training stopped. */
    public TrainingResult result() {
        return result;
    }
}
