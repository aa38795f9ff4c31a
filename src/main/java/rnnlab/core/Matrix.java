package rnnlab.core;

import java.util.Arrays;

/**
 * A dense matrix of doubles, stored as one {@code double[]} per row.
 *
 * <h2>Storage layout</h2>
 * Element (r, c) is {@code data[r][c]}. Rows are separate arrays. This layout was chosen by measurement (see
 * {@code docs/design-notes.md}): HotSpot's C2 compiler auto-vectorises the inner loop of an i-k-j product over
 * {@code double[][]} rows, but not the same loop over one flat array with computed offsets. A second benefit:
 * a matrix made of the rows of other matrices costs nothing ({@link #ofRows(double[][])}), which is how the input
 * projections of all time steps are computed in one product.
 *
 * <p>Conventions: a batch of B vectors of size n is a B×n matrix (one example per row); a layer maps it with
 * {@code x·W} where W is n×m. The lecture writes column vectors ({@code W x}); the maths is the same with W
 * transposed.
 */
public final class Matrix implements HtmlRenderable {
    /** Number of rows. */
    public final int rows;
    /** Number of columns. */
    public final int cols;
    /** The elements: {@code data[r][c]}. Callers may read and write them directly. */
    public final double[][] data;

    /** A rows×cols matrix of zeros. */
    public Matrix(int rows, int cols) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("Matrix: shape must be non-negative, got " + rows + "×" + cols);
        }
        this.rows = rows;
        this.cols = cols;
        this.data = new double[rows][cols];
    }

    private Matrix(double[][] data, int cols) {
        this.rows = data.length;
        this.cols = cols;
        this.data = data;
    }

    /** A copy of the given rows, which must all have the same length. */
    public static Matrix of(double[]... rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        double[][] d = new double[rows.length][];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r].length != cols) {
                throw new IllegalArgumentException("Matrix.of: row " + r + " has " + rows[r].length
                        + " values but row 0 has " + cols + "; every row needs the same length");
            }
            d[r] = rows[r].clone();
        }
        return new Matrix(d, cols);
    }

    /** A 1×n matrix holding the given values (copied): a single row vector. */
    public static Matrix row(double... values) {
        return of(values);
    }

    /**
     * A matrix whose rows ARE the given arrays (no copy): writes through it change them. Used to view the rows of
     * several per-step matrices as one tall matrix.
     */
    public static Matrix ofRows(double[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        for (int r = 0; r < rows.length; r++) {
            if (rows[r].length != cols) {
                throw new IllegalArgumentException("Matrix.ofRows: row " + r + " has " + rows[r].length
                        + " values but row 0 has " + cols);
            }
        }
        return new Matrix(rows, cols);
    }

    /** A rows×cols matrix with every element equal to {@code value}. */
    public static Matrix filled(int rows, int cols, double value) {
        return new Matrix(rows, cols).fill(value);
    }

    /** Element (r, c). */
    public double get(int r, int c) {
        return data[r][c];
    }

    /** Sets element (r, c) and returns this matrix. */
    public Matrix set(int r, int c, double v) {
        data[r][c] = v;
        return this;
    }

    /** Sets every element to zero; returns this matrix. */
    public Matrix zero() {
        return fill(0.0);
    }

    /** Sets every element to {@code v}; returns this matrix. */
    public Matrix fill(double v) {
        for (double[] row : data) {
            Arrays.fill(row, v);
        }
        return this;
    }

    /** Copies the values of {@code src} (same shape) into this matrix; returns this matrix. */
    public Matrix copyFrom(Matrix src) {
        requireSameShape("copyFrom", src);
        for (int r = 0; r < rows; r++) {
            System.arraycopy(src.data[r], 0, data[r], 0, cols);
        }
        return this;
    }

    /** Sets all values from a nested array of the same shape (copied); returns this matrix. */
    public Matrix set(double[][] values) {
        if (values.length != rows) {
            throw new IllegalArgumentException("Matrix.set: expected " + rows + " rows, got " + values.length);
        }
        for (int r = 0; r < rows; r++) {
            if (values[r].length != cols) {
                throw new IllegalArgumentException("Matrix.set: row " + r + " needs " + cols + " values, got "
                        + values[r].length);
            }
            System.arraycopy(values[r], 0, data[r], 0, cols);
        }
        return this;
    }

    /** An independent copy. */
    public Matrix copy() {
        return new Matrix(rows, cols).copyFrom(this);
    }

    /** A copy of the elements as a nested array. */
    public double[][] toArray() {
        double[][] out = new double[rows][];
        for (int r = 0; r < rows; r++) {
            out[r] = data[r].clone();
        }
        return out;
    }

    /** A copy of row {@code r}. */
    public double[] rowCopy(int r) {
        return data[r].clone();
    }

    /** Number of elements. */
    public int size() {
        return rows * cols;
    }

    /** Sum of squared elements. */
    public double sumOfSquares() {
        double s = 0;
        for (double[] row : data) {
            for (double v : row) {
                s += v * v;
            }
        }
        return s;
    }

    /** Largest absolute element (0 for an empty matrix). */
    public double maxAbs() {
        double m = 0;
        for (double[] row : data) {
            for (double v : row) {
                m = Math.max(m, Math.abs(v));
            }
        }
        return m;
    }

    /** True if every element is finite (no NaN, no infinity). */
    public boolean isFinite() {
        for (double[] row : data) {
            for (double v : row) {
                if (!Double.isFinite(v)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** True if {@code other} has the same shape and every element differs by at most {@code tol}. */
    public boolean approxEquals(Matrix other, double tol) {
        if (other.rows != rows || other.cols != cols) {
            return false;
        }
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                if (!(Math.abs(data[r][c] - other.data[r][c]) <= tol)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** "rows×cols", e.g. {@code 2×3}. */
    public String shape() {
        return rows + "×" + cols;
    }

    /** Throws a clear error unless {@code other} has this matrix's shape. */
    public void requireSameShape(String where, Matrix other) {
        if (other.rows != rows || other.cols != cols) {
            throw new IllegalArgumentException(where + ": shape mismatch, expected " + shape() + " but got "
                    + other.shape());
        }
    }

    /** Throws a clear error unless this matrix is {@code r×c}; {@code what} names the tensor and its owner. */
    public Matrix requireShape(String what, int r, int c) {
        if (rows != r || cols != c) {
            throw new IllegalArgumentException(what + ": expected shape " + r + "×" + c + " but got " + shape());
        }
        return this;
    }

    private static final int PREVIEW = 6;

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Matrix ").append(shape());
        sb.append(rows > 0 ? "\n" : "");
        for (int r = 0; r < Math.min(rows, PREVIEW); r++) {
            sb.append(r == 0 ? "[[" : " [");
            for (int c = 0; c < Math.min(cols, PREVIEW); c++) {
                if (c > 0) {
                    sb.append(", ");
                }
                sb.append(Fmt.num(data[r][c]));
            }
            if (cols > PREVIEW) {
                sb.append(", …");
            }
            sb.append(r == rows - 1 ? "]]" : "]\n");
        }
        if (rows > PREVIEW) {
            sb.append(" … (").append(rows - PREVIEW).append(" more rows)]");
        }
        return sb.toString();
    }

    @Override
    public String toHtml() {
        StringBuilder sb = new StringBuilder("<div><b>Matrix ").append(shape()).append("</b>");
        sb.append("<table style=\"border-collapse:collapse;font-family:monospace\">");
        int maxRows = 20;
        int maxCols = 20;
        for (int r = 0; r < Math.min(rows, maxRows); r++) {
            sb.append("<tr>");
            for (int c = 0; c < Math.min(cols, maxCols); c++) {
                sb.append("<td style=\"padding:2px 6px;text-align:right;border:1px solid #ddd\">")
                        .append(Fmt.num(data[r][c])).append("</td>");
            }
            if (cols > maxCols) {
                sb.append("<td>…</td>");
            }
            sb.append("</tr>");
        }
        if (rows > maxRows) {
            sb.append("<tr><td colspan=\"").append(Math.min(cols, maxCols)).append("\">… ")
                    .append(rows - maxRows).append(" more rows</td></tr>");
        }
        return sb.append("</table></div>").toString();
    }
}
