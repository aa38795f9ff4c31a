package rnnlab.cells;

import java.util.ArrayList;
import java.util.List;

import rnnlab.core.Kernels;
import rnnlab.core.Matrix;
import rnnlab.core.Param;
import rnnlab.core.Params;

/**
 * A bidirectional RNN (lecture p.16): one layer reads the sentence forwards, another backwards, and the output at
 * step t is both states side by side, so it has seen the whole sentence.
 * <pre>
 *   outᵗ = [ h→ᵗ ; h←ᵗ ]      B×(m_fw + m_bw)
 * </pre>
 * The backward layer must have been built with {@code reverse = true}. With padding, each sequence's backward
 * pass starts at its own last valid step (padding carries the initial state through).
 */
public final class Bidirectional implements RecurrentLayer {
    private final RecurrentLayer fw, bw;
    private final Params params = new Params();
    private Matrix[] out, dFw, dBw, dXs;
    private int T = -1, B = -1;

    /** Pairs a forward layer with a reversed one reading the same inputs. */
    public Bidirectional(RecurrentLayer forward, RecurrentLayer backward) {
        if (forward.inputSize() != backward.inputSize()) {
            throw new IllegalArgumentException("Bidirectional: forward layer reads " + forward.inputSize()
                    + " values but backward layer reads " + backward.inputSize());
        }
        if (forward instanceof SequenceBase f && f.isReverse()) {
            throw new IllegalArgumentException("Bidirectional: the forward layer " + forward + " reads in reverse");
        }
        if (backward instanceof SequenceBase b && !b.isReverse()) {
            throw new IllegalArgumentException("Bidirectional: the backward layer " + backward
                    + " must be built with reverse = true");
        }
        this.fw = forward;
        this.bw = backward;
        fwForward = () -> fOut = xfArg != null ? fw.forwardFloat(xfArg, tArg, bArg, lengthsArg)
                : fw.forward(xsArg, lengthsArg);
        bwForward = () -> bOut = xfArg != null ? bw.forwardFloat(xfArg, tArg, bArg, lengthsArg)
                : bw.forward(xsArg, lengthsArg);
        fwBackward = () -> dFwOut = floatBackward ? fw.backwardFloat(floatGrad[0]) : fw.backward(dFw);
        bwBackward = () -> dBwOut = floatBackward ? bw.backwardFloat(floatGrad[1]) : bw.backward(dBw);
        params.addAll("fw.", fw.params());
        params.addAll("bw.", bw.params());
    }

    @Override
    public List<LayerTrace> trace() {
        List<LayerTrace> all = new ArrayList<>();
        for (LayerTrace t : fw.trace()) {
            all.add(t.named("forward: " + t.name()));
        }
        for (LayerTrace t : bw.trace()) {
            all.add(t.named("backward: " + t.name()));
        }
        return List.copyOf(all);
    }

    /** The layer reading forwards. */
    public RecurrentLayer forwardLayer() {
        return fw;
    }

    /** The layer reading backwards. */
    public RecurrentLayer backwardLayer() {
        return bw;
    }

    @Override
    public int inputSize() {
        return fw.inputSize();
    }

    @Override
    public int outputSize() {
        return fw.outputSize() + bw.outputSize();
    }

    @Override
    public Params params() {
        return params;
    }

    @Override
    public List<Param> initialState() {
        List<Param> l = Param.prefixed("fw.", fw.initialState());
        l.addAll(Param.prefixed("bw.", bw.initialState()));
        return l;
    }

    // The two directions are independent, so with 2 kernel threads they run at the same time (Kernels.inParallel);
    // the tasks live in fields so that a pass allocates nothing, and the results are the same bits either way.
    private Matrix[] xsArg, fOut, bOut, dFwOut, dBwOut;
    private int[] lengthsArg;
    private final Runnable fwForward, bwForward, fwBackward, bwBackward;

    /** Worth a hand-over to the second thread: about T·B·(n + m)·m multiply-adds per direction. */
    private boolean parallel(int steps, int batch) {
        long work = (long) steps * batch * (fw.inputSize() + fw.outputSize()) * fw.outputSize();
        return work >= Kernels.PARALLEL_MIN_WORK;
    }

    @Override
    public Matrix[] forward(Matrix[] xs, int[] lengths) {
        xsArg = xs;
        lengthsArg = lengths;
        try {
            if (xs != null && xs.length > 0 && parallel(xs.length, xs[0].rows)) {
                Kernels.inParallel(fwForward, bwForward);
            } else {
                fwForward.run();
                bwForward.run();
            }
        } finally {
            xsArg = null;
            lengthsArg = null;
        }
        return join(xs.length, xs[0].rows);
    }

    @Override
    public boolean readsFloatInputs() {
        return fw.readsFloatInputs() && bw.readsFloatInputs();
    }

    /** Both directions read the same float inputs (one conversion for the two). */
    @Override
    public Matrix[] forwardFloat(float[][] x, int steps, int batch, int[] lengths) {
        if (!readsFloatInputs()) {
            throw new IllegalStateException("Bidirectional.forwardFloat: both directions must compute in float32");
        }
        xfArg = x;
        tArg = steps;
        bArg = batch;
        lengthsArg = lengths;
        try {
            if (parallel(steps, batch)) {
                Kernels.inParallel(fwForward, bwForward);
            } else {
                fwForward.run();
                bwForward.run();
            }
        } finally {
            xfArg = null;
            lengthsArg = null;
        }
        return join(steps, batch);
    }

    private float[][] xfArg;
    private int tArg, bArg;
    private final float[][][] floatInputGrads = new float[2][][];

    @Override
    public float[][][] floatInputGradients() {
        float[][][] a = fw.floatInputGradients(), b = bw.floatInputGradients();
        if (a == null || b == null) {
            return null;
        }
        floatInputGrads[0] = a[0];
        floatInputGrads[1] = b[0];
        return floatInputGrads;
    }

    /** The two directions' outputs side by side, [h→ ; h←], after their forward passes. */
    private Matrix[] join(int steps, int batch) {
        Matrix[] f = fOut, b = bOut;
        int m1 = fw.outputSize(), m2 = bw.outputSize();
        float[][] ff = doubleOutputsNeeded ? null : fw.floatOutputs(), bf = doubleOutputsNeeded ? null : bw.floatOutputs();
        floatOut = null;
        if (ff != null && bf != null) {                   // both directions handed over floats: [h→ ; h←] as floats
            int n = steps * batch;
            if (floatCat == null || floatCat.length != n) {
                floatCat = new float[n][m1 + m2];
                floatGrad = new float[2][n][];
                for (int k = 0; k < 2; k++) {
                    for (int i = 0; i < n; i++) {
                        floatGrad[k][i] = new float[k == 0 ? m1 : m2];
                    }
                }
            }
            for (int i = 0; i < n; i++) {
                System.arraycopy(ff[i], 0, floatCat[i], 0, m1);
                System.arraycopy(bf[i], 0, floatCat[i], m1, m2);
            }
            floatOut = floatCat;
        }
        if (steps != T || batch != B) {
            T = steps;
            B = batch;
            out = new Matrix[T];
            dFw = new Matrix[T];
            dBw = new Matrix[T];
            dXs = new Matrix[T];
            for (int t = 0; t < T; t++) {
                out[t] = new Matrix(B, m1 + m2);
                dFw[t] = new Matrix(B, m1);
                dBw[t] = new Matrix(B, m2);
                dXs[t] = new Matrix(B, inputSize());
            }
        }
        if (floatOut != null && !doubleOutputsNeeded) {
            return out;                                   // the caller reads floatOutputs(); no doubles this pass
        }
        for (int t = 0; t < T; t++) {
            for (int r = 0; r < B; r++) {
                System.arraycopy(f[t].data[r], 0, out[t].data[r], 0, m1);    // [h→ ;
                System.arraycopy(b[t].data[r], 0, out[t].data[r], m1, m2);   //  h← ]
            }
        }
        return out;
    }

    // ---- float32 hand-over ----------------------------------------------------------------------------------------
    private float[][] floatCat, floatOut;
    private float[][][] floatGrad;
    private boolean doubleOutputsNeeded = true;

    @Override
    public float[][] floatOutputs() {
        return floatOut;
    }

    @Override
    public void setDoubleOutputsNeeded(boolean needed) {
        // only when both directions hand over floats (else the concatenation reads their doubles)
        boolean floats = fw.precision() == rnnlab.core.Precision.FLOAT32
                && bw.precision() == rnnlab.core.Precision.FLOAT32;
        doubleOutputsNeeded = needed || !floats;
        fw.setDoubleOutputsNeeded(doubleOutputsNeeded);
        bw.setDoubleOutputsNeeded(doubleOutputsNeeded);
    }

    @Override
    public Matrix[] backwardFloat(float[][] dOut) {
        if (floatOut == null) {
            throw new IllegalStateException("Bidirectional: backwardFloat needs a float32 forward pass first");
        }
        int m1 = fw.outputSize(), m2 = bw.outputSize(), n = T * B;
        if (dOut.length < n || dOut[0].length < m1 + m2) {
            throw new IllegalArgumentException("Bidirectional: backwardFloat needs " + n + " rows of " + (m1 + m2)
                    + " output gradients, got " + dOut.length + " rows of " + dOut[0].length);
        }
        for (int i = 0; i < n; i++) {
            System.arraycopy(dOut[i], 0, floatGrad[0][i], 0, m1);
            System.arraycopy(dOut[i], m1, floatGrad[1][i], 0, m2);
        }
        floatBackward = true;
        try {
            runBackward();
        } finally {
            floatBackward = false;
        }
        return sumInputGradients();
    }

    private boolean floatBackward;

    @Override
    public Matrix[] backward(Matrix[] dOut) {
        int m1 = fw.outputSize(), m2 = bw.outputSize();
        for (int t = 0; t < T; t++) {
            if (dOut[t].rows != B || dOut[t].cols != m1 + m2) { // the message is built only on failure
                dOut[t].requireShape("Bidirectional: output gradient at step " + (t + 1), B, m1 + m2);
            }
            for (int r = 0; r < B; r++) {
                System.arraycopy(dOut[t].data[r], 0, dFw[t].data[r], 0, m1);
                System.arraycopy(dOut[t].data[r], m1, dBw[t].data[r], 0, m2);
            }
        }
        runBackward();
        return sumInputGradients();
    }

    private void runBackward() {
        if (T * B * (long) (fw.inputSize() + fw.outputSize()) * fw.outputSize() >= Kernels.PARALLEL_MIN_WORK) {
            Kernels.inParallel(fwBackward, bwBackward);
        } else {
            fwBackward.run();
            bwBackward.run();
        }
    }

    /** ∂xᵗ = the two directions' input gradients added, or null if they skipped them. */
    private Matrix[] sumInputGradients() {
        Matrix[] a = dFwOut, b = dBwOut;
        if (a == null || b == null) {
            return null;                                 // ∂x turned off (setInputGradientNeeded)
        }
        for (int t = 0; t < T; t++) {
            for (int r = 0; r < B; r++) {
                double[] d = dXs[t].data[r], x = a[t].data[r], y = b[t].data[r];
                for (int j = 0; j < d.length; j++) {
                    d[j] = x[j] + y[j];
                }
            }
        }
        return dXs;
    }

    /** √(‖∂L/∂h→ᵗ‖² + ‖∂L/∂h←ᵗ‖²) per input time t: the gradient reaching [h→ᵗ; h←ᵗ]. */
    @Override
    public double[] hiddenGradientNorms() {
        double[] a = fw.hiddenGradientNorms(), b = bw.hiddenGradientNorms();
        double[] n = new double[a.length];
        for (int t = 0; t < n.length; t++) {
            n[t] = Math.hypot(a[t], b[t]);
        }
        return n;
    }

    /** Sets both directions' precision (both must have a float path for FLOAT32; nothing changes otherwise). */
    @Override
    public void setPrecision(rnnlab.core.Precision p) {
        rnnlab.core.Precision before = fw.precision();
        fw.setPrecision(p);
        try {
            bw.setPrecision(p);
        } catch (RuntimeException e) {
            fw.setPrecision(before);
            throw e;
        }
    }

    @Override
    public rnnlab.core.Precision precision() {
        return fw.precision();
    }

    @Override
    public void setTruncation(int k) {
        fw.setTruncation(k);
        bw.setTruncation(k);
    }

    /** Both directions skip ∂x when not needed; backward returns null if either did. */
    @Override
    public void setInputGradientNeeded(boolean needed) {
        fw.setInputGradientNeeded(needed);
        bw.setInputGradientNeeded(needed);
    }

    /** Forward half at each sequence's last valid step, backward half at step 0 (where it has read everything). */
    @Override
    public void gatherLast(Matrix[] o, int[] lengths, Matrix into) {
        int m1 = fw.outputSize(), m2 = bw.outputSize();
        for (int r = 0; r < into.rows; r++) {
            int t = (lengths == null ? o.length : lengths[r]) - 1;
            System.arraycopy(o[t].data[r], 0, into.data[r], 0, m1);
            System.arraycopy(o[0].data[r], m1, into.data[r], m1, m2);
        }
    }

    @Override
    public void scatterLast(Matrix dLast, int[] lengths, Matrix[] dOut) {
        int m1 = fw.outputSize(), m2 = bw.outputSize();
        for (int r = 0; r < dLast.rows; r++) {
            int t = (lengths == null ? dOut.length : lengths[r]) - 1;
            System.arraycopy(dLast.data[r], 0, dOut[t].data[r], 0, m1);
            System.arraycopy(dLast.data[r], m1, dOut[0].data[r], m1, m2);
        }
    }

    @Override
    public String toString() {
        return "Bidirectional(fw=" + fw + ", bw=" + bw + ", params=" + params.count() + ")";
    }
}
