package rnnlab.train;

import java.io.PrintStream;

/**
 * Hears what a {@link Trainer} does, e.g. to draw a progress bar. Library calls are silent ({@link #SILENT}); the
 * command line uses {@link #terminal(PrintStream)}; notebooks use {@code rnnlab.notebook.NotebookProgress} (one output
 * updated in place). All methods have empty defaults, so a listener overrides only what it needs.
 */
public interface ProgressListener {
    /** Says nothing. */
    ProgressListener SILENT = new ProgressListener() {
        @Override
        public String toString() {
            return "ProgressListener.SILENT";
        }
    };

    /** Training starts: {@code epochs} epochs of {@code stepsPerEpoch} steps. */
    default void started(Tagger tagger, Trainer.Settings settings, int stepsPerEpoch) {}

    /** A step finished with this mean loss per token (of the batch). */
    default void step(int epoch, int step, int stepsPerEpoch, double loss) {}

    /** The evaluation after an epoch starts (it may take a moment on a large dev set). */
    default void evaluating(int epoch) {}

    /** An epoch finished; {@code best} if its dev metric is the best so far. */
    default void epochEnded(EpochStats stats, boolean best) {}

    /** Training ended (also after divergence). */
    default void finished(TrainingResult result) {}

    /** One line on {@code out} (e.g. System.err), redrawn in place with '\r'; one finished line per epoch. */
    static ProgressListener terminal(PrintStream out) {
        return new TerminalProgress(out);
    }
}
