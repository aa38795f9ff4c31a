package rnnlab.core;

import java.util.Arrays;

/**
 * The rows of a sparse-row parameter ({@link Param#sparseRows}) whose gradient may be non-zero: those its layer
 * marked since the gradients were last zeroed. A table of which only a few rows are read per batch (the buckets of
 * {@link rnnlab.layers.DirectFeatures}) uses it so that zeroing, the gradient norm and the optimiser step touch
 * those rows only, not the whole table.
 * <pre>
 *   backward:           grad[r] += …  and  mark(r)
 *   Params.zeroGrad():  grad[r] = 0 for every marked r, then clear()
 *   optimiser step:     updates the marked rows only (for Adam: "lazy" Adam, docs/design-notes.md)
 * </pre>
 * The invariant: every row that is not marked has a zero gradient.
 */
public final class RowUse {
    private final boolean[] marked;
    private int[] rows = new int[16];
    private int count;

    /** No row of {@code n} marked. */
    public RowUse(int n) {
        marked = new boolean[n];
    }

    /** Marks row {@code r} as having a gradient. */
    public void mark(int r) {
        if (!marked[r]) {
            marked[r] = true;
            if (count == rows.length) {
                rows = Arrays.copyOf(rows, 2 * count);
            }
            rows[count++] = r;
        }
    }

    /** True if row {@code r} is marked. */
    public boolean isMarked(int r) {
        return marked[r];
    }

    /** Number of marked rows. */
    public int count() {
        return count;
    }

    /** The i-th marked row (in marking order), 0 ≤ i &lt; {@link #count()}. */
    public int row(int i) {
        return rows[i];
    }

    /** The marked rows, ascending (a copy). */
    public int[] rows() {
        int[] r = Arrays.copyOf(rows, count);
        Arrays.sort(r);
        return r;
    }

    /** Unmarks every row. */
    public void clear() {
        for (int i = 0; i < count; i++) {
            marked[rows[i]] = false;
        }
        count = 0;
    }

    @Override
    public String toString() {
        return "RowUse(" + count + " of " + marked.length + " rows marked)";
    }
}
