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

    /**
     * Training starts: {@code settings.epochs()} epochs of {@code stepsPerEpoch} steps; {@code what} describes what
     * is trained (the tagger's or model's {@code toString()}).
     */
    default void started(String what, Trainer.Settings settings, int stepsPerEpoch) {}

    /**
     * A step finished with this mean loss per token (of the batch). The gradients are zero by now, ready for the next
     * step ({@link Optimizer#stepAndZeroGrad}; after an epoch's last step they are kept): read the parameters, write no
     * gradient.
     */
    default void step(int epoch, int step, int stepsPerEpoch, double loss) {}

    /** The evaluation after an epoch starts (it may take a moment on a large dev set). */
    default void evaluating(int epoch) {}

    /** An epoch finished; {@code best} if its dev metric is the best so far. */
    default void epochEnded(EpochStats stats, boolean best) {}

    /** Training ended (also after divergence). */
    default void finished(TrainingResult result) {}

    /**
     * Tells every listener, in order: e.g. a progress bar and a live loss chart at once,
     * {@code ProgressListener.all(NotebookProgress.create(), live.progressListener())}.
     */
    static ProgressListener all(ProgressListener... listeners) {
        java.util.List<ProgressListener> list = java.util.List.of(listeners);
        return new ProgressListener() {
            @Override
            public void started(String what, Trainer.Settings settings, int stepsPerEpoch) {
                list.forEach(l -> l.started(what, settings, stepsPerEpoch));
            }

            @Override
            public void step(int epoch, int step, int stepsPerEpoch, double loss) {
                list.forEach(l -> l.step(epoch, step, stepsPerEpoch, loss));
            }

            @Override
            public void evaluating(int epoch) {
                list.forEach(l -> l.evaluating(epoch));
            }

            @Override
            public void epochEnded(EpochStats stats, boolean best) {
                list.forEach(l -> l.epochEnded(stats, best));
            }

            @Override
            public void finished(TrainingResult result) {
                list.forEach(l -> l.finished(result));
            }

            @Override
            public String toString() {
                return "ProgressListener.all" + list;
            }
        };
    }

    /** One line on {@code out} (e.g. System.err), redrawn in place with '\r'; one finished line per epoch. */
    static ProgressListener terminal(PrintStream out) {
        return new TerminalProgress(out);
    }
}
