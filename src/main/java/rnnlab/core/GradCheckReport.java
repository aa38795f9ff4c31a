package rnnlab.core;

import java.util.List;
import java.util.Locale;

/**
 * The result of a {@link GradCheck}: per tensor, the worst relative error, where it is (row, column, time step)
 * and the analytic and numeric values there.
 */
public final class GradCheckReport implements HtmlRenderable {
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
        double m = 0;
        for (Entry e : entries) {
            m = Math.max(m, e.maxResolvedRelError());
        }
        return m;
    }

    /**
     * Throws an {@link AssertionError} unless every entry's relative error is at most {@code tolerance} wherever
     * double precision can resolve the difference ({@link #maxResolvedRelError()}). Use {@link #assertBelow} for
     * the strict test on every entry.
     */
    public GradCheckReport assertAccurate(double tolerance) {
        if (!(maxResolvedRelError() <= tolerance)) {
            Entry w = null;
            for (Entry e : entries) {
                if (w == null || e.maxResolvedRelError() > w.maxResolvedRelError()) {
                    w = e;
                }
            }
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
        double m = 0;
        for (Entry e : entries) {
            m = Math.max(m, e.maxRelError());
        }
        return m;
    }

    /** The entry with the largest error, or null if nothing was checked. */
    public Entry worst() {
        Entry w = null;
        for (Entry e : entries) {
            if (w == null || e.maxRelError() > w.maxRelError()) {
                w = e;
            }
        }
        return w;
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

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "GradCheckReport(%d tensors, order %d, ε=%.0e, %s, max rel. error %.2e, above resolution %.1e: %.2e)%n",
                entries.size(), options.order(), options.epsilon(),
                options.samples() == 0 ? "all entries" : options.samples() + " samples/tensor", maxRelError(),
                resolution, maxResolvedRelError()));
        sb.append(String.format(Locale.ROOT, "  %-22s %-8s %6s %11s  %-12s %15s %15s%n",
                "tensor", "shape", "probed", "max rel.err", "worst at", "analytic", "numeric"));
        for (Entry e : entries) {
            sb.append(String.format(Locale.ROOT, "  %-22s %-8s %6d %11.2e  %-12s %15.8g %15.8g%n", e.name(),
                    e.shape(), e.probed(), e.maxRelError(), e.where(), e.analytic(), e.numeric()));
        }
        return sb.toString();
    }

    @Override
    public String toHtml() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "<div><b>Gradient check</b>: %d tensors, max relative error %.2e"
                        + "<table style=\"border-collapse:collapse;font-family:monospace\"><tr><th>tensor</th>"
                        + "<th>shape</th><th>probed</th><th>max rel. error</th><th>worst at</th><th>analytic</th>"
                        + "<th>numeric</th></tr>", entries.size(), maxRelError()));
        for (Entry e : entries) {
            String colour = e.maxRelError() <= GradCheck.SEQUENCE_TOLERANCE ? "#e6f4e6" : "#fde2e2";
            sb.append(String.format(Locale.ROOT,
                    "<tr style=\"background:%s\"><td>%s</td><td>%s</td><td>%d</td><td>%.2e</td><td>%s</td>"
                            + "<td>%.8g</td><td>%.8g</td></tr>", colour, e.name(), e.shape(), e.probed(),
                    e.maxRelError(), e.where(), e.analytic(), e.numeric()));
        }
        return sb.append("</table></div>").toString();
    }
}
