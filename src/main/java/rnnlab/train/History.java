package rnnlab.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

import rnnlab.core.HtmlRenderable;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/** The per-epoch record of a training run: losses and scores on train and dev. */
public final class History implements HtmlRenderable {
    private final List<EpochStats> epochs = new ArrayList<>();

    void add(EpochStats s) {
        epochs.add(s);
    }

    /** The epochs in order (unmodifiable). */
    public List<EpochStats> epochs() {
        return Collections.unmodifiableList(epochs);
    }

    /** Number of finished epochs. */
    public int size() {
        return epochs.size();
    }

    /** The stats of epoch {@code epoch} (1-based). */
    public EpochStats epoch(int epoch) {
        if (epoch < 1 || epoch > epochs.size()) {
            throw new IllegalArgumentException("History: epoch " + epoch + " not in 1.." + epochs.size());
        }
        return epochs.get(epoch - 1);
    }

    /** The last finished epoch; throws if there is none. */
    public EpochStats last() {
        if (epochs.isEmpty()) {
            throw new IllegalStateException("History: no epoch finished yet");
        }
        return epochs.get(epochs.size() - 1);
    }

    /** One value per epoch, e.g. {@code history.series(EpochStats::devF1)} for a plot. */
    public double[] series(ToDoubleFunction<EpochStats> f) {
        return epochs.stream().mapToDouble(f).toArray();
    }

    /**
     * A Tablesaw table, one row per epoch: epoch, lr, train_loss, train_accuracy, train_f1, dev_loss, dev_accuracy,
     * dev_f1, grad_norm, clipped, seconds.
     */
    public Table toTable() {
        Table t = Table.create("training history");
        t.addColumns(IntColumn.create("epoch", epochs.stream().mapToInt(EpochStats::epoch).toArray()));
        col(t, "lr", EpochStats::learningRate);
        col(t, "train_loss", EpochStats::trainLoss);
        col(t, "train_accuracy", EpochStats::trainAccuracy);
        col(t, "train_f1", EpochStats::trainF1);
        col(t, "dev_loss", EpochStats::devLoss);
        col(t, "dev_accuracy", EpochStats::devAccuracy);
        col(t, "dev_f1", EpochStats::devF1);
        col(t, "grad_norm", EpochStats::gradNorm);
        col(t, "clipped", EpochStats::clipped);
        col(t, "seconds", EpochStats::seconds);
        return t;
    }

    private void col(Table t, String name, ToDoubleFunction<EpochStats> f) {
        t.addColumns(DoubleColumn.create(name, series(f)));
    }

    /** 4 decimals, or "–" for a value that was not measured (NaN). */
    static String num(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.4f", v);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("History(").append(epochs.size()).append(" epochs)\n");
        sb.append(" epoch        lr  train_loss  train_f1  dev_loss    dev_f1  grad_norm  clipped   seconds\n");
        for (EpochStats e : epochs) {
            sb.append(String.format(Locale.ROOT, "%6d %9.2e %11s %9s %9s %9s %10.3f %8.2f %9.1f%n",
                    e.epoch(), e.learningRate(), num(e.trainLoss()), num(e.trainF1()), num(e.devLoss()),
                    num(e.devF1()), e.gradNorm(), e.clipped(), e.seconds()));
        }
        return sb.toString();
    }

    @Override
    public String toHtml() {
        StringBuilder sb = new StringBuilder("<table class=\"rnnlab-history\"><thead><tr>");
        for (String h : new String[] {"epoch", "lr", "train loss", "train F1", "dev loss", "dev F1", "grad norm",
            "clipped", "seconds"}) {
            sb.append("<th>").append(h).append("</th>");
        }
        sb.append("</tr></thead><tbody>");
        for (EpochStats e : epochs) {
            sb.append(String.format(Locale.ROOT, "<tr><td>%d</td><td>%.2e</td><td>%s</td><td>%s</td><td>%s</td>"
                    + "<td>%s</td><td>%.3f</td><td>%.2f</td><td>%.1f</td></tr>", e.epoch(), e.learningRate(),
                    num(e.trainLoss()), num(e.trainF1()), num(e.devLoss()), num(e.devF1()), e.gradNorm(), e.clipped(),
                    e.seconds()));
        }
        return sb.append("</tbody></table>").toString();
    }
}
