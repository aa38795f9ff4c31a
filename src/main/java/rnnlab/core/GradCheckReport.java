package rnnlab.core;

import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The result of a {@link GradCheck}: per tensor, the worst relative error, where it is (row, column, time step)
 * and the analytic and numeric values there.
 */
public final class GradCheckReport implements Tabular {
    /**
     * One tensor's result.
     *
     * @param name      tensor name, e.g. {@code layer0.Wh} or {@code x} (with {@code timeStep})
     * @param shape     "rows×cols"
     * @param probed    number of entries probed
     * @param maxRelError the largest relative error found
     * @param row       row of the worst entry
     * @param col       column of the worst entry
     * @param timeStep  time step of the tensor (0-based), −1 if it is shared by all steps
     * @param analytic  backpropagation's value at the worst entry
     * @param numeric   the centred difference at the worst entry
     * @param maxResolvedRelError the largest relative error among entries whose difference |a − n| is above the
     *                  check's resolution (entries below it agree as far as double precision can tell)
     */
    public record Entry(String name, String shape, int probed, double maxRelError, int row, int col, int timeStep,
                        double analytic, double numeric, double maxResolvedRelError) {
        /** Where the worst entry is, e.g. {@code [2,0] t=3} (time steps counted from 1, as in the lecture). */
        public String where() {
            return "[" + row + "," + col + "]" + (timeStep >= 0 ? " t=" + (timeStep + 1) : "");
        }
    }

    private final List<Entry> entries;
    private final GradCheck.Options options;
    private final double resolution;

    GradCheckReport(List<Entry> entries, GradCheck.Options options, double resolution) {
        this.entries = List.copyOf(entries);
        this.options = options;
        this.resolution = resolution;
    }

    /** The absolute difference below which analytic and numeric values cannot be told apart in double. */
    public double resolution() {
        return resolution;
    }

    /**
     * The largest relative error over entries whose absolute difference is above {@link #resolution()}. Entries
     * whose gradient is tiny (say 1e-9, at the first steps of a long chain) have a large relative error from
     * rounding alone; this ignores them and nothing else.
     */
    public double maxResolvedRelError() {
        return largest(Entry::maxResolvedRelError);
    }

    /**
     * Throws an {@link AssertionError} unless every entry's relative error is at most {@code tolerance} wherever
     * double precision can resolve the difference ({@link #maxResolvedRelError()}). Use {@link #assertBelow} for
     * the strict test on every entry.
     */
    public GradCheckReport assertAccurate(double tolerance) {
        if (!(maxResolvedRelError() <= tolerance)) {
            Entry w = worstBy(Entry::maxResolvedRelError);
            throw new AssertionError(String.format(Locale.ROOT,
                    "gradient check failed: %s has relative error %.3e > %.1e above the resolution %.1e%n%s",
                    w.name(), w.maxResolvedRelError(), tolerance, resolution, this));
        }
        return this;
    }

    /** One entry per tensor checked, in the order given. */
    public List<Entry> entries() {
        return entries;
    }

    /** The largest relative error over all tensors (0 if nothing was checked). */
    public double maxRelError() {
        return largest(Entry::maxRelError);
    }

    /** The largest {@code error} over the entries (0 if nothing was checked). */
    private double largest(ToDoubleFunction<Entry> error) {
        double m = 0;
        for (Entry e : entries) {
            m = Math.max(m, error.applyAsDouble(e));
        }
        return m;
    }

    /** The first entry with the largest {@code error}, or null if nothing was checked. */
    private Entry worstBy(ToDoubleFunction<Entry> error) {
        Entry w = null;
        for (Entry e : entries) {
            if (w == null || error.applyAsDouble(e) > error.applyAsDouble(w)) {
                w = e;
            }
        }
        return w;
    }

    /** The entry with the largest error, or null if nothing was checked. */
    public Entry worst() {
        return worstBy(Entry::maxRelError);
    }

    /** True if every tensor's error is at most {@code tolerance}. */
    public boolean passes(double tolerance) {
        return maxRelError() <= tolerance;
    }

    /** Throws an {@link AssertionError} naming the worst tensor, entry and both values unless all pass. */
    public GradCheckReport assertBelow(double tolerance) {
        if (!passes(tolerance)) {
            Entry w = worst();
            throw new AssertionError(String.format(Locale.ROOT,
                    "gradient check failed: %s%s has relative error %.3e > %.1e (analytic %.10g, numeric %.10g)%n%s",
                    w.name(), w.where(), w.maxRelError(), tolerance, w.analytic(), w.numeric(), this));
        }
        return this;
    }

    /** The report as a table, one row per tensor; in HTML rows within tolerance are green, others red. */
    @Override
    public TextTable table() {
        TextTable.Builder t = TextTable.builder("tensor", "shape", "probed", "max rel. error", "worst at", "analytic",
                "numeric").monospace().title(String.format(Locale.ROOT,
                "GradCheckReport(%d tensors, order %d, ε=%.0e, %s, max rel. error %.2e, above resolution %.1e: %.2e)",
                entries.size(), options.order(), options.epsilon(),
                options.samples() == 0 ? "all entries" : options.samples() + " samples/tensor", maxRelError(),
                resolution, maxResolvedRelError()));
        for (Entry e : entries) {
            String colour = e.maxRelError() <= GradCheck.SEQUENCE_TOLERANCE ? "background:#e6f4e6" : "background:#fde2e2";
            t.styledRow(colour, e.name(), TextTable.cell(e.shape()).left(), e.probed(),
                    String.format(Locale.ROOT, "%.2e", e.maxRelError()), TextTable.cell(e.where()).left(),
                    String.format(Locale.ROOT, "%.8g", e.analytic()), String.format(Locale.ROOT, "%.8g", e.numeric()));
        }
        return t.build();
    }

    @Override
    public String toString() {
        return table().toString();
    }
}
