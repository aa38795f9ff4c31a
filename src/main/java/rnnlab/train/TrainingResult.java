package rnnlab.train;

/**
 * How training ended.
 *
 * @param status     completed, stopped early, or stopped on a non-finite loss/gradient
 * @param history    every finished epoch
 * @param bestEpoch  the epoch whose parameters the tagger holds now (0 = the initial weights), or the last epoch
 *                   when there was no dev set
 * @param bestMetric the dev metric of {@code bestEpoch} (NaN without a dev set)
 * @param message    one line saying what happened
 * @param seconds    total wall time
 */
public record TrainingResult(Status status, History history, int bestEpoch, double bestMetric, String message,
                             double seconds) {
    /** How training ended. */
    public enum Status {
        /** All epochs ran. */
        COMPLETED,
        /** The dev metric did not improve for {@code patience} epochs. */
        EARLY_STOPPED,
        /** A loss or gradient became NaN or infinite; the last good parameters were restored. */
        DIVERGED
    }

    @Override
    public String toString() {
        return "TrainingResult(" + status + ", epochs=" + history.size() + ", bestEpoch=" + bestEpoch
                + ", bestMetric=" + bestMetric + ", seconds=" + String.format(java.util.Locale.ROOT, "%.1f", seconds)
                + ")\n  " + message;
    }
}
