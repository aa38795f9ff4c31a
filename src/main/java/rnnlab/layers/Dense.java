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
 * added into the double gradient (docs/design-notes.md, "Float32 path").
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
            rnnlab.core.FloatKernels.toFloat(x, xF);
            rnnlab.core.FloatKernels.mul(xF, wF, yF, n, in, out);
            toDoublePlusBias(yF, y, n);
            return;
        }
        Kernels.mul(x, W.value, y);
        Kernels.addRowVector(y, b.value);
    }

    /**
     * y = x·W + b from inputs that are already floats, the rows 0 … n−1 of {@code xF} (a float32 recurrent body's
     * {@link rnnlab.cells.RecurrentLayer#floatOutputs()}): no conversion of x. Float32 only.
     */
    public void forward(float[][] xF, int n, Matrix y) {
        requireFloat32("forward(float[][], …)");
        y.requireShape("Dense: output", n, out);
        if (xF.length < n || (n > 0 && xF[0].length < in)) {
            throw new IllegalArgumentException("Dense: float input must have " + n + " rows of " + in
                    + " values, got " + xF.length + " rows" + (xF.length > 0 ? " of " + xF[0].length : ""));
        }
        floatBuffers(n);
        rnnlab.core.FloatKernels.toFloat(W.value, wF);
        rnnlab.core.FloatKernels.mul(xF, wF, yF, n, in, out);
        toDoublePlusBias(yF, y, n);
    }

    private void requireFloat32(String what) {
        if (precision != rnnlab.core.Precision.FLOAT32) {
            throw new IllegalStateException("Dense." + what + " is for float32 output layers; this one computes in "
                    + precision + " (setPrecision(Precision.FLOAT32), or call the Matrix version)");
        }
    }

    /** y = (double) yF + b, row by row: the conversion and the bias add in one pass (same bits as two). */
    private void toDoublePlusBias(float[][] yF, Matrix y, int n) {
        final double[] bv = b.value.data[0];
        for (int r = 0; r < n; r++) {
            final float[] f = yF[r];
            final double[] row = y.data[r];
            for (int j = 0; j < out; j++) {
                row[j] = f[j] + bv[j];
            }
        }
    }

    /**
     * The float twin of {@link #backward(Matrix, Matrix, Matrix)} for inputs given as floats (as to
     * {@link #forward(float[][], int, Matrix)}): adds ∂W and ∂b, and returns ∂x as floats (rows 0 … n−1 of a buffer
     * of this layer, overwritten by its next pass), or null when {@code wantDx} is false.
     */
    public float[][] backward(float[][] xF, int n, Matrix dy, boolean wantDx) {
        requireFloat32("backward(float[][], …)");
        dy.requireShape("Dense: output gradient", n, out);
        floatBuffers(n);
        float[][] dyF = yF;
        toFloatAndSumRows(dy, dyF, n);                                       // ∂y as floats, ∂b += Σ ∂y
        rnnlab.core.FloatKernels.mulTransAAddInto(xF, dyF, gW, W.grad, n, in, out);   // ∂W += xᵀ·∂y
        if (!wantDx) {
            return null;
        }
        rnnlab.core.FloatKernels.toFloat(W.value, wF);
        rnnlab.core.FloatKernels.mulTransB(dyF, wF, wT, this.xF, n, out, in);     // ∂x = ∂y·Wᵀ
        return this.xF;
    }

    /** dyF = (float) dy and ∂b += Σ_rows dy in one pass over dy (the sums in the order of Kernels.sumRowsAdd). */
    private void toFloatAndSumRows(Matrix dy, float[][] dyF, int n) {
        final double[] gb = b.grad.data[0];
        for (int r = 0; r < n; r++) {
            final double[] d = dy.data[r];
            final float[] f = dyF[r];
            for (int j = 0; j < out; j++) {
                double v = d[j];
                f[j] = (float) v;
                gb[j] += v;
            }
        }
    }

    private void floatBuffers(int n) {
        if (wF == null) {
            wF = new float[in][out];
            wT = new float[out][in];
            gW = new float[in][out];
        }
        if (xF.length < n) {
            xF = new float[n][in];
            yF = new float[n][Math.max(in, out)];   // also ∂y (N×m) and ∂x (N×n) in backward
        }
    }

    /** Adds ∂W, ∂b for input x and output gradient dy; writes ∂x into {@code dx} unless it is null. */
    public void backward(Matrix x, Matrix dy, Matrix dx) {
        if (precision == rnnlab.core.Precision.FLOAT32) {
            backwardFloat(x, dy, dx);
            return;
        }
        Kernels.mulTransAAdd(x, dy, W.grad);
        Kernels.sumRowsAdd(dy, b.grad);
        if (dx != null) {
            Kernels.mulTransB(dy, W.value, dx);
        }
    }

    private void backwardFloat(Matrix x, Matrix dy, Matrix dx) {
        int n = x.rows;
        floatBuffers(n);
        rnnlab.core.FloatKernels.toFloat(x, xF);      // (again: another forward may have run since)
        float[][] dyF = yF;
        dy.requireShape("Dense: output gradient", n, out);
        toFloatAndSumRows(dy, dyF, n);                                     // ∂y as floats, ∂b += Σ ∂y in double
        rnnlab.core.FloatKernels.mulTransAAddInto(xF, dyF, gW, W.grad, n, in, out);   // ∂W += xᵀ·∂y
        if (dx != null) {
            rnnlab.core.FloatKernels.toFloat(W.value, wF);
            rnnlab.core.FloatKernels.mulTransB(dyF, wF, wT, xF, n, out, in); // ∂x = ∂y·Wᵀ (into xF, no longer needed)
            for (int r = 0; r < n; r++) {
                rnnlab.core.FloatKernels.toDouble(xF[r], dx.data[r], in);
            }
        }
    }

    @Override
    public String toString() {
        return "Dense(in=" + in + ", out=" + out + ", params=" + params.count() + ")";
    }
}
