package rnnlab.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

import rnnlab.core.Tabular;
import rnnlab.core.TextTable;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/** The per-epoch record of a training run: losses and scores on train and dev. */
public final class History implements Tabular {
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

    /** A Tablesaw table, one row per epoch, with the columns of {@link #COLUMNS} (the text table's names). */
    public Table toTable() {
        Table t = Table.create("training history");
        t.addColumns(IntColumn.create(COLUMNS.get(0), epochs.stream().mapToInt(EpochStats::epoch).toArray()));
        List<ToDoubleFunction<EpochStats>> values = List.of(EpochStats::learningRate, EpochStats::trainLoss,
                EpochStats::trainAccuracy, EpochStats::trainF1, EpochStats::devLoss, EpochStats::devAccuracy,
                EpochStats::devF1, EpochStats::gradNorm, EpochStats::clipped, EpochStats::seconds);
        for (int c = 0; c < values.size(); c++) {
            col(t, COLUMNS.get(c + 1), values.get(c));
        }
        return t;
    }

    private void col(Table t, String name, ToDoubleFunction<EpochStats> f) {
        t.addColumns(DoubleColumn.create(name, series(f)));
    }

    /** 4 decimals, or "–" for a value that was not measured (NaN). */
    static String num(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.4f", v);
    }

    /** The column names of every history table (text, HTML and {@link #toTable()}). */
    static final List<String> COLUMNS = List.of("epoch", "learning rate", "train loss", "train accuracy", "train F1",
            "dev loss", "dev accuracy", "dev F1", "grad norm", "clipped", "seconds");

    /** The history as a table: one row per epoch, the columns of {@link #toTable()}; "–" where not measured. */
    @Override
    public TextTable table() {
        TextTable.Builder t = TextTable.builder(COLUMNS).cssClass("rnnlab-history")
                .title("History (" + epochs.size() + " epochs)");
        for (EpochStats e : epochs) {
            t.row(e.epoch(), String.format(Locale.ROOT, "%.2e", e.learningRate()), num(e.trainLoss()),
                    num(e.trainAccuracy()), num(e.trainF1()), num(e.devLoss()), num(e.devAccuracy()), num(e.devF1()),
                    String.format(Locale.ROOT, "%.3f", e.gradNorm()), String.format(Locale.ROOT, "%.2f", e.clipped()),
                    String.format(Locale.ROOT, "%.1f", e.seconds()));
        }
        return t.build();
    }

    @Override
    public String toString() {
        return table().toString();
    }
}
