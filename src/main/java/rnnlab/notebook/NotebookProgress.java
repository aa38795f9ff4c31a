package rnnlab.notebook;

import rnnlab.core.Html;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import rnnlab.core.HtmlRenderable;
import rnnlab.core.TextTable;
import rnnlab.train.EpochStats;
import rnnlab.train.ProgressListener;
import rnnlab.train.Trainer;
import rnnlab.train.TrainingResult;

/**
 * A training progress bar for notebooks: ONE output cell area, redrawn in place ({@link Live}) with a bar for the
 * current epoch and a table of the finished epochs, at most about four times a second.
 * <pre>{@code
 * new Trainer().withProgress(NotebookProgress.create()).fit(tagger, train, dev);
 * }</pre>
 * Outside a Jupyter kernel (jshell, tests) {@link #create()} returns the terminal reporter on standard error instead,
 * so the same cell also shows progress there.
 */
public final class NotebookProgress implements ProgressListener {
    private static final long MIN_NANOS = 250_000_000L;
    private final List<EpochStats> done = new ArrayList<>();
    private final List<Boolean> best = new ArrayList<>();
    private int epochs;
    private long lastDraw;
    private String status = "starting";
    private double fraction;

    private NotebookProgress() {}

    /** A notebook progress display in a Jupyter kernel; the terminal progress line (stderr) anywhere else. */
    public static ProgressListener create() {
        if (!Live.inKernel()) {
            return ProgressListener.terminal(System.err);
        }
        return new NotebookProgress();
    }

    /** Always the notebook display (which shows nothing outside a kernel; {@link #view()} still follows training). */
    public static NotebookProgress inNotebook() {
        return new NotebookProgress();
    }

    /** The progress view that would be shown now (for tests and custom displays). */
    public View view() {
        return new View(status, fraction, List.copyOf(done), List.copyOf(best));
    }

    private Live display;

    private void draw(boolean force) {
        long now = System.nanoTime();
        if (!force && now - lastDraw < MIN_NANOS) {
            return;
        }
        lastDraw = now;
        if (display == null) {
            display = Live.show(view());
        } else {
            display.update(view());
        }
    }

    @Override
    public void started(String what, Trainer.Settings settings, int stepsPerEpoch) {
        epochs = settings.epochs();
        status = "training " + what;
        fraction = 0;
        draw(true);
    }

    @Override
    public void step(int epoch, int step, int stepsPerEpoch, double loss) {
        fraction = ((epoch - 1) + (double) step / stepsPerEpoch) / epochs;
        status = String.format(Locale.ROOT, "epoch %d/%d, step %d/%d, loss %.4f", epoch, epochs, step, stepsPerEpoch,
                loss);
        draw(step == stepsPerEpoch);
    }

    @Override
    public void evaluating(int epoch) {
        status = String.format(Locale.ROOT, "epoch %d/%d: evaluating…", epoch, epochs);
        draw(true);
    }

    @Override
    public void epochEnded(EpochStats stats, boolean isBest) {
        done.add(stats);
        best.add(isBest);
        fraction = (double) stats.epoch() / epochs;
        draw(true);
    }

    @Override
    public void finished(TrainingResult result) {
        status = result.message();
        fraction = 1;
        draw(true);
    }

    /**
     * What the display shows: a status line, a bar and the finished epochs.
     *
     * @param status   one line
     * @param fraction 0…1 of all epochs
     * @param epochs   the finished epochs
     * @param best     per finished epoch, whether it was the best so far
     */
    public record View(String status, double fraction, List<EpochStats> epochs, List<Boolean> best)
            implements HtmlRenderable {
        /** A number with 4 decimals, or "–" when it was not measured (NaN). */
        private static String cell(double v) {
            return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.4f", v);
        }

        @Override
        public String toHtml() {
            StringBuilder sb = new StringBuilder("<div class=\"rnnlab-progress\"><div style=\"width:320px;"
                    + "border:1px solid #888;height:12px\"><div style=\"background:#4c72b0;height:12px;width:")
                    .append(String.format(Locale.ROOT, "%.1f", 100 * fraction)).append("%\"></div></div><p>")
                    .append(Html.escape(status)).append("</p>");
            if (!epochs.isEmpty()) {
                TextTable.Builder t = TextTable.builder("epoch", "train loss", "train F1", "dev loss", "dev F1", "seconds");
                for (int i = 0; i < epochs.size(); i++) {
                    EpochStats e = epochs.get(i);
                    t.row(e.epoch(), cell(e.trainLoss()), cell(e.trainF1()), cell(e.devLoss()),
                            TextTable.cell(cell(e.devF1())).style(best.get(i) ? "font-weight:bold" : null),
                            String.format(Locale.ROOT, "%.1f", e.seconds()));
                }
                sb.append(t.build().toHtml());
            }
            return sb.append("</div>").toString();
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "[%-24s] %3.0f%%  %s", "#".repeat((int) Math.round(24 * fraction)),
                    100 * fraction, status);
        }
    }

    @Override
    public String toString() {
        return "NotebookProgress(" + view() + ")";
    }
}
