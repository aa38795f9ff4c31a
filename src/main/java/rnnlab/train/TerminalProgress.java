package rnnlab.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A progress bar on a terminal: the current epoch is one line redrawn in place with a carriage return (at most ~10
 * times a second), and becomes a summary line when the epoch ends.
 * <pre>
 *   epoch  3/20 [#############...........]  54%  loss 0.0812
 *   epoch  3/20  loss 0.0634  train F1 0.9712  dev F1 0.9655 *  2.1s      (* = best so far)
 * </pre>
 */
final class TerminalProgress implements ProgressListener {
    private static final int BAR = 24;
    private static final long MIN_NANOS = 100_000_000L;
    private final PrintStream out;
    private int epochs;
    private long lastDraw;
    private int lastWidth;

    TerminalProgress(PrintStream out) {
        this.out = out;
    }

    @Override
    public void started(String what, Trainer.Settings settings, int stepsPerEpoch) {
        epochs = settings.epochs();
        out.println("training " + what + "\n  " + settings + "\n  " + stepsPerEpoch + " steps per epoch");
        out.flush();
    }

    @Override
    public void step(int epoch, int step, int stepsPerEpoch, double loss) {
        long now = System.nanoTime();
        if (step != stepsPerEpoch && now - lastDraw < MIN_NANOS && step != 1) {
            return;
        }
        lastDraw = now;
        int filled = (int) ((long) BAR * step / stepsPerEpoch);
        String bar = "#".repeat(filled) + ".".repeat(BAR - filled);
        draw(String.format(Locale.ROOT, "epoch %2d/%d [%s] %3d%%  loss %.4f", epoch, epochs, bar,
                100L * step / stepsPerEpoch, loss));
    }

    @Override
    public void evaluating(int epoch) {
        draw(String.format(Locale.ROOT, "epoch %2d/%d evaluating…", epoch, epochs));
    }

    @Override
    public void epochEnded(EpochStats s, boolean best) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "epoch %2d/%d  loss %.4f", s.epoch(), epochs,
                s.trainLoss()));
        if (!Double.isNaN(s.trainF1())) {
            sb.append(String.format(Locale.ROOT, "  train F1 %.4f", s.trainF1()));
        }
        if (!Double.isNaN(s.devF1())) {
            sb.append(String.format(Locale.ROOT, "  dev loss %.4f  dev F1 %.4f%s", s.devLoss(), s.devF1(),
                    best ? " *" : "  "));
        } else if (!Double.isNaN(s.devAccuracy())) {              // a model trained on batches: no chunks
            sb.append(String.format(Locale.ROOT, "  dev loss %.4f  dev accuracy %.4f%s", s.devLoss(), s.devAccuracy(),
                    best ? " *" : "  "));
        }
        sb.append(String.format(Locale.ROOT, "  %.1fs", s.seconds()));
        draw(sb.toString());
        out.println();
        lastWidth = 0;
        out.flush();
    }

    @Override
    public void finished(TrainingResult result) {
        if (lastWidth > 0) {
            out.println();
            lastWidth = 0;
        }
        if (result.status() != TrainingResult.Status.DIVERGED) { // the exception carries that message
            out.println(result.message());
        }
        out.flush();
    }

    private void draw(String line) {
        int pad = Math.max(0, lastWidth - line.length());
        out.print("\r" + line + " ".repeat(pad));
        out.flush();
        lastWidth = line.length();
    }

    @Override
    public String toString() {
        return "TerminalProgress";
    }
}
