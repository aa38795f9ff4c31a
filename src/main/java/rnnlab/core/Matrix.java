package rnnlab.core;

import java.util.Arrays;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

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
    /**
     * For the gradient matrix of a {@link Param}: an optimiser's {@code stepAndZeroGrad} zeroed it and nothing has
     * cleared it since, so the next {@link Param#zeroGrad()} has nothing to do (and resets this). Kept on the matrix,
     * not the Param, so that every Param sharing the gradient (prefixed copies) sees it.
     */
    boolean zeroedByStep;

    /** A rows×cols matrix of zeros. */
    public Matrix(int rows, int cols) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("Matrix: shape must be non-negative, got " + rows + "×" + cols);
        }
        requireMemory("Matrix " + rows + "×" + cols, (long) rows * cols);
        this.rows = rows;
        this.cols = cols;
        this.data = new double[rows][cols];
    }

    private Matrix(double[][] data, int cols) {
        this.rows = data.length;
        this.cols = cols;
        this.data = data;
    }

    private static final long MAX_HEAP = Runtime.getRuntime().maxMemory();

    /**
     * Throws a size error, before anything is allocated, if {@code values} doubles (8 bytes each) are more than
     * this JVM's maximum heap: a clear message instead of an OutOfMemoryError. {@code what} names the owner and
     * the sizes, e.g. {@code "LSTM(n=10, H=100000): parameters and gradients"}.
     */
    public static void requireMemory(String what, long values) {
        if (values < 0 || values > MAX_HEAP / Double.BYTES) {
            double gb = values < 0 ? Double.POSITIVE_INFINITY : values * (double) Double.BYTES / (1L << 30);
            throw new IllegalArgumentException(what + " needs " + (values < 0 ? "more than 2^63" : values)
                    + " numbers (" + String.format(java.util.Locale.ROOT, "%.1f", gb) + " GB), more than this JVM's "
                    + "maximum heap of " + String.format(java.util.Locale.ROOT, "%.1f", MAX_HEAP / (double) (1L << 30))
                    + " GB; choose smaller sizes, or start Java with a larger -Xmx");
        }
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

    /** {@code n} new zero matrices of rows×cols (e.g. one per time step). */
    public static Matrix[] zeros(int n, int rows, int cols) {
        Matrix[] m = new Matrix[n];
        for (int i = 0; i < n; i++) {
            m[i] = new Matrix(rows, cols);
        }
        return m;
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

    // ---- allocating operations: the lecture's vector form, one call per symbol ------------------------------------
    // Each returns a NEW matrix and leaves its operands unchanged. They are for notebooks and rnnlab.reference; the
    // fast layers use the non-allocating Kernels instead.

    /** this + other (same shape), element by element. */
    public Matrix plus(Matrix other) {
        return each("Matrix.plus", other, (a, b) -> a + b);
    }

    /**
     * this + 1·row: adds the 1×cols row vector {@code row} to every row (a bias added to each example of a batch).
     */
    public Matrix plusRow(Matrix row) {
        row.requireShape("Matrix.plusRow: the row vector (a bias, 1×cols)", 1, cols);
        Matrix out = new Matrix(rows, cols);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out.data[r][c] = data[r][c] + row.data[0][c];
            }
        }
        return out;
    }

    /** this − other (same shape), element by element. */
    public Matrix minus(Matrix other) {
        return each("Matrix.minus", other, (a, b) -> a - b);
    }

    /** this ⊙ other (same shape): the element-wise (Hadamard) product. For the matrix product use {@link #matmul}. */
    public Matrix times(Matrix other) {
        return each("Matrix.times (element-wise ⊙; for the matrix product use matmul)", other, (a, b) -> a * b);
    }

    /** s · this. */
    public Matrix scale(double s) {
        return each(x -> s * x);
    }

    /** 1 − this, element by element (the GRU's 1 − z). */
    public Matrix oneMinus() {
        return each(x -> 1.0 - x);
    }

    /** f(this), element by element, e.g. {@code z.map(Activation.SIGMOID)}. */
    public Matrix map(Activation f) {
        return each(f::apply);
    }

    /**
     * f'(this), element by element, where {@code a = f(this)} (same shape; sigmoid and tanh take their derivative
     * from it: σ' = a(1−a), tanh' = 1−a²).
     */
    public Matrix mapDerivative(Activation f, Matrix a) {
        return each("Matrix.mapDerivative (a must be f of this matrix)", a, f::derivative);
    }

    /** A new matrix holding f of each element of this one. */
    private Matrix each(DoubleUnaryOperator f) {
        Matrix out = new Matrix(rows, cols);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out.data[r][c] = f.applyAsDouble(data[r][c]);
            }
        }
        return out;
    }

    /** A new matrix holding f(this, other) element by element; {@code what} names the operation in a shape error. */
    private Matrix each(String what, Matrix other, DoubleBinaryOperator f) {
        requireSameShape(what, other);
        Matrix out = new Matrix(rows, cols);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out.data[r][c] = f.applyAsDouble(data[r][c], other.data[r][c]);
            }
        }
        return out;
    }

    /** softmax of each row: a row of probabilities per example. */
    public Matrix softmaxRows() {
        Matrix out = new Matrix(rows, cols);
        for (int r = 0; r < rows; r++) {
            Activation.softmax(data[r], out.data[r]);
        }
        return out;
    }

    /** The matrix product this·other: (rows×k)·(k×m) = rows×m, by the textbook triple loop. */
    public Matrix matmul(Matrix other) {
        if (other.rows != cols) {
            throw new IllegalArgumentException("Matrix.matmul: " + shape() + " · " + other.shape()
                    + " needs the left matrix's columns (" + cols + ") to equal the right matrix's rows ("
                    + other.rows + ")");
        }
        Matrix out = new Matrix(rows, other.cols);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < other.cols; c++) {
                double s = 0;
                for (int k = 0; k < cols; k++) {
                    s += data[r][k] * other.data[k][c];
                }
                out.data[r][c] = s;
            }
        }
        return out;
    }

    /** The transpose (cols×rows). */
    public Matrix transpose() {
        Matrix out = new Matrix(cols, rows);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out.data[c][r] = data[r][c];
            }
        }
        return out;
    }

    /** Σ over the rows: a 1×cols row (a bias gradient sums δ over the examples of a batch). */
    public Matrix sumRows() {
        Matrix out = new Matrix(1, cols);
        for (double[] row : data) {
            for (int c = 0; c < cols; c++) {
                out.data[0][c] += row[c];
            }
        }
        return out;
    }

    /** Σ over the columns of each row: a rows×1 column. */
    public Matrix sumColumns() {
        Matrix out = new Matrix(rows, 1);
        for (int r = 0; r < rows; r++) {
            double s = 0;
            for (double v : data[r]) {
                s += v;
            }
            out.data[r][0] = s;
        }
        return out;
    }

    /** A rows×1 column repeated n times side by side: rows×n. */
    public Matrix repeatColumns(int n) {
        requireShape("Matrix.repeatColumns: the column to repeat", rows, 1);
        Matrix out = new Matrix(rows, n);
        for (int r = 0; r < rows; r++) {
            Arrays.fill(out.data[r], data[r][0]);
        }
        return out;
    }

    /**
     * [a | b | …]: the columns of each matrix side by side (same number of rows), e.g. a bidirectional RNN's
     * [h→ ; h←] or an LSTM's stacked gate gradients [δz | δzi | δzf | δzo].
     */
    public static Matrix concat(Matrix... parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("Matrix.concat: give at least one matrix");
        }
        int rows = parts[0].rows, cols = 0;
        for (Matrix m : parts) {
            if (m.rows != rows) {
                throw new IllegalArgumentException("Matrix.concat: " + parts[0].shape() + " and " + m.shape()
                        + " need the same number of rows");
            }
            cols += m.cols;
        }
        Matrix out = new Matrix(rows, cols);
        int at = 0;
        for (Matrix m : parts) {
            for (int r = 0; r < rows; r++) {
                System.arraycopy(m.data[r], 0, out.data[r], at, m.cols);
            }
            at += m.cols;
        }
        return out;
    }

    /** Columns [from, to) as a new matrix (the inverse of {@link #concat}). */
    public Matrix columns(int from, int to) {
        if (from < 0 || to > cols || from > to) {
            throw new IllegalArgumentException("Matrix.columns: range [" + from + ", " + to + ") is outside the "
                    + cols + " columns of a " + shape() + " matrix");
        }
        Matrix out = new Matrix(rows, to - from);
        for (int r = 0; r < rows; r++) {
            System.arraycopy(data[r], from, out.data[r], 0, to - from);
        }
        return out;
    }

    /**
     * Block k of {@code blocks} equal column blocks, as a copy: for an LSTM's 1×4H bias, {@code block(2, 4)} is the
     * forget gate's 1×H bias. Prefer {@link #block(Gate)}, which names the block.
     */
    public Matrix block(int k, int blocks) {
        int w = blockWidth(k, blocks, "block");
        return columns(k * w, (k + 1) * w);
    }

    /** The named gate's block, as a copy, e.g. {@code lstm.b.value.block(Gate.FORGET)}: the forget gate's bias. */
    public Matrix block(Gate gate) {
        return block(gate.index, gate.blocks);
    }

    /** Writes {@code values} into block k of {@code blocks} equal column blocks; returns this matrix. */
    public Matrix setBlock(int k, int blocks, Matrix values) {
        int w = blockWidth(k, blocks, "setBlock");
        values.requireShape("Matrix.setBlock: values for block " + k + " of " + blocks, rows, w);
        for (int r = 0; r < rows; r++) {
            System.arraycopy(values.data[r], 0, data[r], k * w, w);
        }
        return this;
    }

    /** Writes {@code values} into the named gate's block, e.g. the forget gate's bias; returns this matrix. */
    public Matrix setBlock(Gate gate, Matrix values) {
        return setBlock(gate.index, gate.blocks, values);
    }

    /** Sets every element of the named gate's block to {@code v}, e.g. a forget bias of 10; returns this matrix. */
    public Matrix fillBlock(Gate gate, double v) {
        int w = blockWidth(gate.index, gate.blocks, "fillBlock");
        for (int r = 0; r < rows; r++) {
            Arrays.fill(data[r], gate.index * w, (gate.index + 1) * w, v);
        }
        return this;
    }

    private int blockWidth(int k, int blocks, String where) {
        if (blocks <= 0 || cols % blocks != 0) {
            throw new IllegalArgumentException("Matrix." + where + ": " + cols + " columns cannot be cut into "
                    + blocks + " equal blocks");
        }
        if (k < 0 || k >= blocks) {
            throw new IllegalArgumentException("Matrix." + where + ": block " + k + " does not exist; there are "
                    + blocks + " blocks, 0 … " + (blocks - 1));
        }
        return cols / blocks;
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
        int maxRows = 20;
        int maxCols = 20;
        TextTable.Builder t = TextTable.builder().monospace().title("Matrix " + shape());
        for (int r = 0; r < Math.min(rows, maxRows); r++) {
            Object[] row = new Object[Math.min(cols, maxCols) + (cols > maxCols ? 1 : 0)];
            for (int c = 0; c < Math.min(cols, maxCols); c++) {
                row[c] = TextTable.cell(Fmt.num(data[r][c])).style("border:1px solid #ddd");
            }
            if (cols > maxCols) {
                row[maxCols] = "…";
            }
            t.row(row);
        }
        if (rows > maxRows) {
            t.row("… " + (rows - maxRows) + " more rows");
        }
        return t.build().toHtml();
    }
}
