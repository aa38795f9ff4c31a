package rnnlab.layers;

import java.util.SplittableRandom;

import rnnlab.core.Init;
import rnnlab.core.Kernels;
import rnnlab.core.Matrix;
import rnnlab.core.Param;
import rnnlab.core.Params;

/**
 * An affine layer y = x·W + b, applied row by row (to every step of every sequence at once when given the tall
 * (T·B)×n view of a sequence). The output layer Wᵒ of the lecture's RNNs.
 * <pre>
 *   W  n×m     b  1×m     x  N×n  →  y  N×m
 *   ∂W += xᵀ·∂y    ∂b += Σ_rows ∂y    ∂x = ∂y·Wᵀ
 * </pre>
 * With {@link #setPrecision setPrecision(FLOAT32)} the three products run in float32 ({@link rnnlab.core.FloatKernels})
 * on float copies of x, W and ∂y; W and b stay double, the bias is added and summed in double, and the float ∂W is
 * added into the double gradient (docs/design-notes.md, "Float32 path"). For a float softmax,
 * {@link #forwardScores(float[][], int)} leaves y = x·W + b in float (b rounded to float) and
 * {@link #backwardFromScores(float[][], int, boolean)} takes ∂y in float from the same buffer (∂b summed from it in
 * double, row by row).
 */
public final class Dense {
    private final int in, out;
    private final Params params = new Params();
    /** Weights (n×m). */
    public final Param W;
    /** Bias (1×m). */
    public final Param b;

    /** A dense layer initialised uniformly in ±1/√n from {@code rng}. */
    public Dense(int in, int out, SplittableRandom rng) {
        if (in <= 0 || out <= 0) {
            throw new IllegalArgumentException("Dense: sizes must be positive, got in=" + in + ", out=" + out);
        }
        Matrix.requireMemory("Dense(in=" + in + ", out=" + out + "): parameters and their gradients",
                2 * ((long) in * out + out));
        this.in = in;
        this.out = out;
        W = params.add(new Param("W", in, out));
        b = params.add(new Param("b", 1, out));
        Init.fanIn(W.value, in, rng);
    }

    public int inputSize() {
        return in;
    }

    public int outputSize() {
        return out;
    }

    public Params params() {
        return params;
    }

    private rnnlab.core.Precision precision = rnnlab.core.Precision.DOUBLE;
    // float32 buffers: rows grow with the largest N seen (never shrink), so passes allocate nothing once sized
    private float[][] xF = new float[0][], yF = new float[0][], wF, wT, gW;

    /** Chooses double (the default) or float32 for the products of the next passes. */
    public void setPrecision(rnnlab.core.Precision p) {
        precision = java.util.Objects.requireNonNull(p, "Dense.setPrecision");
    }

    /** The number type of the products. */
    public rnnlab.core.Precision precision() {
        return precision;
    }

    /** y = x·W + b, written into {@code y} (N×m). */
    public void forward(Matrix x, Matrix y) {
        x.requireShape("Dense: input", x.rows, in);
        y.requireShape("Dense: output", x.rows, out);
        if (precision == rnnlab.core.Precision.FLOAT32) {
            int n = x.rows;
            floatBuffers(n);
            rnnlab.core.FloatKernels.toFloat(W.value, wF);
            fx = x;
            fy = y;
            fn = n;
            try {
                inRowHalves(n, (long) n * in * out, forwardLo, forwardHi);
            } finally {
                fx = fy = null;
            }
            return;
        }
        Kernels.mul(x, W.value, y);
        Kernels.addRowVector(y, b.value);
    }

    /** What a caller does with rows of double outputs as soon as they are made, on the thread that made them. */
    public interface Rows {
        /**
         * Called once for rows r0 … r1−1 of {@code y} by each kernel thread that made some; {@code first} is true for
         * the part that starts at row 0.
         */
        void rows(Matrix y, int r0, int r1, boolean first);
    }

    /**
     * {@link #forward(Matrix, Matrix)} in double, and {@code then} is given each thread's rows of y as soon as they
     * are made (a softmax on rows still in that thread's cache; null: nothing). The rows are split between the two
     * kernel threads as the product alone would be, and each thread zeroes its rows, multiplies them and adds the
     * bias in one part: one hand-over instead of a product, a serial bias pass and a softmax pass of their own. Each
     * row by the same operations as {@code forward}, so the same bits on 1 and 2 threads.
     */
    public void forward(Matrix x, Matrix y, Rows then) {
        if (precision != rnnlab.core.Precision.DOUBLE) {
            throw new IllegalStateException("Dense.forward(x, y, rows) is for double output layers; this one computes"
                    + " in " + precision);
        }
        x.requireShape("Dense: input", x.rows, in);
        y.requireShape("Dense: output", x.rows, out);
        fx = x;
        fy = y;
        fn = x.rows;
        dThen = then;
        try {
            inRowHalves(fn, (long) fn * in * out, doubleLo, doubleHi);
        } finally {
            fx = fy = null;
            dThen = null;
        }
    }

    private Rows dThen;
    private final Runnable doubleLo = () -> doubleRows(0, this.fSplit), doubleHi = () -> doubleRows(this.fSplit, this.fn);

    /** Rows r0 … r1−1 of y = x·W + b in double: the bits of Kernels.mul (zero, then C += A·B) and addRowVector. */
    private void doubleRows(int r0, int r1) {
        final double[][] yd = fy.data;
        Kernels.mulRows(fx, W.value, fy, r0, r1);
        final double[] bias = b.value.data[0];
        for (int r = r0; r < r1; r++) {
            final double[] yr = yd[r];
            for (int j = 0; j < out; j++) {
                yr[j] += bias[j];
            }
        }
        if (dThen != null && r1 > r0) {
            dThen.rows(fy, r0, r1, r0 == 0);
        }
    }

    /**
     * y = x·W + b from inputs that are already floats, the rows 0 … n−1 of {@code x} (a float32 recurrent body's
     * {@link rnnlab.cells.RecurrentLayer#floatOutputs()}): no conversion of x. Float32 only; the same bits as
     * {@link #forward(Matrix, Matrix)} on those values as doubles.
     */
    public void forward(float[][] x, int n, Matrix y) {
        requireFloat32("forward(float[][], …)");
        y.requireShape("Dense: output", n, out);
        if (x.length < n || (n > 0 && x[0].length < in)) {
            throw new IllegalArgumentException("Dense: float input must have " + n + " rows of " + in
                    + " values, got " + x.length + " rows" + (x.length > 0 ? " of " + x[0].length : ""));
        }
        floatBuffers(n);
        rnnlab.core.FloatKernels.toFloat(W.value, wF);
        fxF = x;
        fy = y;
        fn = n;
        try {
            inRowHalves(n, (long) n * in * out, forwardLo, forwardHi);
        } finally {
            fxF = null;
            fy = null;
        }
    }

    /**
     * Float32 scores for a float softmax: y = x·W + b with x given as floats (rows 0 … n−1 of {@code x}, as to
     * {@link #forward(float[][], int, Matrix)}) and b rounded to float, left in float in rows 0 … n−1 of a buffer of
     * this layer, which is returned. The caller may overwrite those rows with ∂y and then call
     * {@link #backwardFromScores(float[][], int, boolean)} (no double scores, no double ∂y).
     */
    public float[][] forwardScores(float[][] x, int n) {
        return forwardScores(x, n, null);
    }

    /**
     * What a caller does with rows of float scores as soon as they are made, on the thread that made them (so a
     * softmax runs in the same hand-over as the product, on rows still in cache).
     */
    public interface ScoreRows {
        /**
         * Called once for rows r0 … r1−1 of {@code scores} by each kernel thread that made some; {@code first} is
         * true for the part that starts at row 0 (the calling thread's), so each part can use its own scratch.
         */
        void rows(float[][] scores, int r0, int r1, boolean first);
    }

    /**
     * {@link #forwardScores(float[][], int)}, and {@code then} (if not null) is given each thread's rows of scores
     * as soon as they are made.
     */
    public float[][] forwardScores(float[][] x, int n, ScoreRows then) {
        requireFloat32("forwardScores");
        if (x.length < n || (n > 0 && x[0].length < in)) {
            throw new IllegalArgumentException("Dense: float input must have " + n + " rows of " + in
                    + " values, got " + x.length + " rows" + (x.length > 0 ? " of " + x[0].length : ""));
        }
        fxF = x;
        fThen = then;
        try {
            scores(n);
        } finally {
            fxF = null;
            fThen = null;
        }
        return yF;
    }

    /** {@link #forwardScores(float[][], int)} of double inputs (N×n), converted to float by rows in the halves. */
    public float[][] forwardScores(Matrix x) {
        return forwardScores(x, null);
    }

    /** {@link #forwardScores(Matrix)} with {@code then} as in {@link #forwardScores(float[][], int, ScoreRows)}. */
    public float[][] forwardScores(Matrix x, ScoreRows then) {
        requireFloat32("forwardScores");
        x.requireShape("Dense: input", x.rows, in);
        fx = x;
        fThen = then;
        try {
            scores(x.rows);
        } finally {
            fx = null;
            fThen = null;
        }
        return yF;
    }

    private void scores(int n) {
        floatBuffers(n);
        rnnlab.core.FloatKernels.toFloat(W.value, wF);
        double[] bias = b.value.data[0];
        for (int j = 0; j < out; j++) {
            bF[j] = (float) bias[j];
        }
        fScores = true;
        fn = n;
        try {
            inRowHalves(n, (long) n * in * out, forwardLo, forwardHi);
        } finally {
            fScores = false;
        }
    }

    /**
     * The backward pass after {@link #forwardScores(float[][], int)} once its rows hold ∂y (float): adds ∂W (float
     * products, as {@link #backward(float[][], int, Matrix, boolean)}) and ∂b (the float ∂y summed in double, row by
     * row in order), and returns ∂x as floats (a buffer of this layer) or null when {@code wantDx} is false.
     */
    public float[][] backwardFromScores(float[][] x, int n, boolean wantDx) {
        requireFloat32("backwardFromScores");
        fxF = x;
        try {
            backwardFromFloatDy(n, wantDx, null);
        } finally {
            fxF = null;
        }
        rnnlab.core.FloatKernels.mulTransAAddInto(x, yF, gW, W.grad, n, in, out);     // ∂W += xᵀ·∂y
        biasGradientFromFloat(n);
        return wantDx ? dxF : null;
    }

    /**
     * {@link #backwardFromScores(float[][], int, boolean)} after {@link #forwardScores(Matrix)}: x (N×n) is
     * converted again, and ∂x is written into {@code dx} as doubles unless it is null.
     */
    public void backwardFromScores(Matrix x, Matrix dx) {
        requireFloat32("backwardFromScores");
        int n = x.rows;
        fx = x;
        fdx = dx;
        try {
            backwardFromFloatDy(n, dx != null, dx);
        } finally {
            fx = fdx = null;
        }
        rnnlab.core.FloatKernels.mulTransAAddInto(xF, yF, gW, W.grad, n, in, out);     // ∂W += xᵀ·∂y
        biasGradientFromFloat(n);
    }

    private void backwardFromFloatDy(int n, boolean wantDx, Matrix dx) {
        if (yF.length < n) {
            throw new IllegalStateException("Dense.backwardFromScores: no forwardScores of " + n + " rows before");
        }
        if (wantDx) {
            rnnlab.core.FloatKernels.toFloat(W.value, wF);
            dxOnW = !rnnlab.core.FloatKernels.transposesB(n, out, in);   // as FloatKernels.mulTransB chooses
            if (!dxOnW) {
                rnnlab.core.FloatKernels.transpose(wF, wT, in, out);
            }
        }
        fDyFloat = true;
        fDxFloat = wantDx && dx == null;
        fn = n;
        try {
            inRowHalves(n, (long) n * in * out, backwardLo, backwardHi);   // ∂x = ∂y·Wᵀ in float
        } finally {
            fDyFloat = false;
            fDxFloat = false;
        }
    }

    /** ∂b += Σ_rows ∂y from the float ∂y in rows 0 … n−1 of yF, in double, row after row. */
    private void biasGradientFromFloat(int n) {
        final double[] g = b.grad.data[0];
        for (int r = 0; r < n; r++) {
            final float[] d = yF[r];
            for (int j = 0; j < out; j++) {
                g[j] += d[j];
            }
        }
    }

    /** The current pass computes float scores (forwardScores) / starts from a float ∂y already in yF. */
    private boolean fScores, fDyFloat;
    private ScoreRows fThen;
    private float[] bF;

    private void requireFloat32(String what) {
        if (precision != rnnlab.core.Precision.FLOAT32) {
            throw new IllegalStateException("Dense." + what + " is for float32 output layers; this one computes in "
                    + precision + " (setPrecision(Precision.FLOAT32), or call the Matrix version)");
        }
    }

    /**
     * The float twin of {@link #backward(Matrix, Matrix, Matrix)} for inputs given as floats (as to
     * {@link #forward(float[][], int, Matrix)}): adds ∂W and ∂b, and returns ∂x as floats (rows 0 … n−1 of a buffer
     * of this layer, overwritten by its next pass), or null when {@code wantDx} is false.
     */
    public float[][] backward(float[][] x, int n, Matrix dy, boolean wantDx) {
        requireFloat32("backward(float[][], …)");
        dy.requireShape("Dense: output gradient", n, out);
        floatBuffers(n);
        if (wantDx) {
            rnnlab.core.FloatKernels.toFloat(W.value, wF);
            dxOnW = !rnnlab.core.FloatKernels.transposesB(n, out, in);   // as FloatKernels.mulTransB chooses
            if (!dxOnW) {
                rnnlab.core.FloatKernels.transpose(wF, wT, in, out);
            }
        }
        fxF = x;
        fdy = dy;
        fDxFloat = wantDx;
        fn = n;
        try {
            inRowHalves(n, (long) n * in * out, backwardLo, backwardHi);   // ∂y to float, ∂x = ∂y·Wᵀ in float
        } finally {
            fxF = null;
            fdy = null;
            fDxFloat = false;
        }
        rnnlab.core.FloatKernels.mulTransAAddInto(x, yF, gW, W.grad, n, in, out);     // ∂W += xᵀ·∂y
        Kernels.sumRowsAdd(dy, b.grad);                                    // ∂b in double
        return wantDx ? dxF : null;
    }

    /** Float inputs of the current pass (forward/backward with float[][]), else null: x is then fx, converted. */
    private float[][] fxF;
    /** The current float backward pass returns ∂x as floats (no conversion to double). */
    private boolean fDxFloat;

    // The float32 passes work on the rows of x in two halves, one per kernel thread (Kernels.inParallel), each half
    // converting its own rows, multiplying them and converting its results back: one hand-over per pass, no serial
    // conversions. The arguments are fields and the tasks lambdas made once, so a pass allocates nothing. Each row
    // is computed by the same operations as in one piece (the product's implementation is chosen from the whole
    // shape), so the bits do not depend on the thread count.
    private Matrix fx, fy, fdy, fdx;
    private int fn, fSplit;
    private final Runnable forwardLo = () -> forwardRows(0, fSplit), forwardHi = () -> forwardRows(fSplit, fn);
    private final Runnable backwardLo = () -> backwardRows(0, fSplit), backwardHi = () -> backwardRows(fSplit, fn);

    /** Runs lo on rows 0 … split−1 and hi on split … n−1 on the two kernel threads when worth it, else lo on all. */
    private void inRowHalves(int n, long work, Runnable lo, Runnable hi) {
        if (n >= 8 && work >= Kernels.PARALLEL_MIN_WORK && Kernels.threads() > 1) {
            fSplit = Kernels.splitRows(n);
            Kernels.inParallel(lo, hi);
        } else {
            fSplit = n;
            lo.run();
        }
    }

    /** Rows r0 … r1−1 of y = float(x)·float(W) + b (float32 forward). */
    private void forwardRows(int r0, int r1) {
        final float[][] xs = fxF != null ? fxF : xF;           // float inputs as given, else converted here
        if (fxF == null) {
            toFloatRows(fx, xF, r0, r1, in);
        }
        for (int r = r0; r < r1; r++) {
            if (fScores) {
                System.arraycopy(bF, 0, yF[r], 0, out);          // y = b + x·W, all in float
            } else {
                java.util.Arrays.fill(yF[r], 0, out, 0f);
            }
        }
        rnnlab.core.FloatKernels.mulAddRows(xs, wF, yF, r0, r1, fn, in, out);
        if (fScores) {
            if (fThen != null && r1 > r0) {
                fThen.rows(yF, r0, r1, r0 == 0);
            }
            return;
        }
        final double[] bias = b.value.data[0];
        for (int r = r0; r < r1; r++) {
            final float[] f = yF[r];
            final double[] yr = fy.data[r];
            for (int j = 0; j < out; j++) {
                yr[j] = f[j] + bias[j];           // to double and + b in one pass (the bits of the two)
            }
        }
    }

    private static void toFloatRows(Matrix src, float[][] dst, int r0, int r1, int cols) {
        for (int r = r0; r < r1; r++) {
            double[] s = src.data[r];
            float[] d = dst[r];
            for (int j = 0; j < cols; j++) {
                d[j] = (float) s[j];
            }
        }
    }

    private void floatBuffers(int n) {
        if (wF == null) {
            wF = new float[in][out];
            bF = new float[out];
            wT = new float[out][in];
            gW = new float[in][out];
        }
        if (xF.length < n) {
            xF = new float[n][in];
            yF = new float[n][out];                  // also ∂y in backward
            dxF = new float[n][in];
        }
    }

    private float[][] dxF = new float[0][];

    /** Adds ∂W, ∂b for input x and output gradient dy; writes ∂x into {@code dx} unless it is null. */
    public void backward(Matrix x, Matrix dy, Matrix dx) {
        if (precision == rnnlab.core.Precision.FLOAT32) {
            backwardFloat(x, dy, dx);
            return;
        }
        int n = x.rows;
        if (n > Kernels.DOT_MAX_ROWS && in >= 8 && (long) n * in * out >= Kernels.PARALLEL_MIN_WORK
                && Kernels.threads() > 1) {
            backwardInHalves(x, dy, dx);
            return;
        }
        Kernels.mulTransAAdd(x, dy, W.grad);
        Kernels.sumRowsAdd(dy, b.grad);
        if (dx != null) {
            Kernels.mulTransB(dy, W.value, dx);
        }
    }

    // The double backward pass on two threads in one hand-over: the calling thread computes the first half of ∂W's
    // rows and zeroes and computes the first half of ∂x's rows; the helper the second halves and ∂b (all rows, in
    // order; its half of ∂W's rows is the smaller one).
    // Before: ∂W split (a hand-over), ∂b serial, Wᵀ, ∂x split (a second hand-over). Each element by the same chain
    // as in Kernels.mulTransAAdd, sumRowsAdd and mulTransB (Wᵀ copied, then C = ∂y·Wᵀ), so the same bits.
    private Matrix bx, bdy, bdx, wTd;
    private int bWSplit, bXSplit;
    private final Runnable backLo = () -> backwardPart(true), backHi = () -> backwardPart(false);

    private void backwardInHalves(Matrix x, Matrix dy, Matrix dx) {
        int n = x.rows;
        if (dx != null) {
            if (wTd == null) {
                wTd = new Matrix(out, in);
            }
            Kernels.transpose(W.value, wTd);
        }
        bx = x;
        bdy = dy;
        bdx = dx;
        bWSplit = Kernels.splitRows(in);
        bXSplit = Kernels.splitRows(n);
        try {
            Kernels.inParallel(backLo, backHi);
        } finally {
            bx = bdy = bdx = null;
        }
    }

    private void backwardPart(boolean first) {
        if (first) {
            Kernels.mulTransAAddRows(bx, bdy, W.grad, 0, bWSplit);
        } else {
            Kernels.mulTransAAddRows(bx, bdy, W.grad, bWSplit, in);
            Kernels.sumRowsAdd(bdy, b.grad);     // beside the fewer rows of ∂W (Kernels.splitRows rounds the first up)
        }
        if (bdx != null) {
            int r0 = first ? 0 : bXSplit, r1 = first ? bXSplit : bdx.rows;
            Kernels.mulRows(bdy, wTd, bdx, r0, r1);
        }
    }

    private void backwardFloat(Matrix x, Matrix dy, Matrix dx) {
        int n = x.rows;
        floatBuffers(n);
        if (dx != null) {
            rnnlab.core.FloatKernels.toFloat(W.value, wF);
            dxOnW = !rnnlab.core.FloatKernels.transposesB(n, out, in);   // as FloatKernels.mulTransB chooses
            if (!dxOnW) {
                rnnlab.core.FloatKernels.transpose(wF, wT, in, out);
            }
        }
        fx = x;
        fdy = dy;
        fdx = dx;
        fn = n;
        try {
            // x and ∂y to float (again: another forward may have run since) and ∂x = ∂y·Wᵀ, by rows in halves
            inRowHalves(n, (long) n * in * out, backwardLo, backwardHi);
        } finally {
            fx = fdy = fdx = null;
        }
        rnnlab.core.FloatKernels.mulTransAAddInto(xF, yF, gW, W.grad, n, in, out);     // ∂W += xᵀ·∂y
        Kernels.sumRowsAdd(dy, b.grad);                                    // ∂b in double
    }

    private boolean dxOnW;

    /** Rows r0 … r1−1 of the float32 backward: x and ∂y to float, ∂x = ∂y·Wᵀ (the bits of FloatKernels.mulTransB). */
    private void backwardRows(int r0, int r1) {
        if (fxF == null) {
            toFloatRows(fx, xF, r0, r1, in);
        }
        if (!fDyFloat) {
            toFloatRows(fdy, yF, r0, r1, out);
        }
        if (fdx == null && !fDxFloat) {
            return;
        }
        for (int r = r0; r < r1; r++) {
            java.util.Arrays.fill(dxF[r], 0, in, 0f);
        }
        if (dxOnW) {
            rnnlab.core.FloatKernels.mulTransBAddRows(yF, wF, dxF, r0, r1, fn, out, in);
        } else {
            rnnlab.core.FloatKernels.mulAddRows(yF, wT, dxF, r0, r1, fn, out, in);
        }
        if (fdx == null) {
            return;                                       // ∂x stays in float (backward(float[][], …))
        }
        for (int r = r0; r < r1; r++) {
            rnnlab.core.FloatKernels.toDouble(dxF[r], fdx.data[r], in);
        }
    }

    @Override
    public String toString() {
        return "Dense(in=" + in + ", out=" + out + ", params=" + params.count() + ")";
    }
}
