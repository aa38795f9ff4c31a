package rnnlab.cells;

import java.util.List;

import rnnlab.core.Matrix;
import rnnlab.core.Param;
import rnnlab.core.Params;
import rnnlab.core.TextTable;

/**
 * What every cell shares: checking inputs, the order of steps (forward or reversed), padding masks and the
 * truncation rule. Subclasses hold the equations.
 *
 * <p>Steps are numbered in processing order s = 1 … T; state index 0 is the initial state. Step s reads input
 * time {@code timeOf(s)}: s−1 going forward, T−s when {@code reverse} (the backward half of a bidirectional
 * RNN).
 */
abstract class SequenceBase implements RecurrentLayer {
    /** The trainable parameters, filled by each cell's constructor in a fixed order. */
    protected final Params params = new Params();
    protected final String name;
    protected final int inputSize;
    protected final boolean reverse;
    /** H: the number of hidden units (each cell checks that it is positive). */
    protected final int hidden;
    protected int truncation;

    /** T and B of the last forward pass, and its lengths (always filled, even without padding). */
    protected int T = -1;
    protected int B = -1;
    protected int[] len = new int[0];
    /** Scratch used to view the rows of all xs[t] as one (T·B)×n matrix without copying. */
    protected double[][] xRows;
    protected Matrix xAll;

    SequenceBase(String name, int inputSize, int hidden, boolean reverse) {
        if (inputSize <= 0) {
            throw new IllegalArgumentException(name + ": input size must be positive, got " + inputSize);
        }
        if (hidden <= 0) {
            throw new IllegalArgumentException(name + ": hidden size must be positive, got " + hidden);
        }
        this.name = name;
        this.inputSize = inputSize;
        this.hidden = hidden;
        this.reverse = reverse;
    }

    /** Number of hidden units H. */
    public int hiddenSize() {
        return hidden;
    }

    /** The width of each output hᵗ: H unless the cell says otherwise. */
    @Override
    public int outputSize() {
        return hidden;
    }

    /**
     * The layer's text: {@code name(in=n, details[, reverse][, bptt=k], params=p)}, e.g.
     * "Elman(in=3, hidden=4, activation=TANH, params=32)".
     */
    protected final String describe(String details) {
        return name + "(in=" + inputSize + ", " + details + (reverse ? ", reverse" : "")
                + (truncation > 0 ? ", bptt=" + truncation : "") + ", params=" + params.count() + ")";
    }

    @Override
    public Params params() {
        return params;
    }

    @Override
    public int inputSize() {
        return inputSize;
    }

    /** Variational dropout on the state a step reads (null: none). */
    protected rnnlab.layers.Dropout recurrentDropout;
    /** The mask of the current pass (null: no dropout this pass), B×state. */
    protected Matrix recurrentMask;
    /** masked[s − 1] = (state the step s started from) ⊙ mask, s = 1 … T; reused while T and B stay the same. */
    protected Matrix[] maskedPrevious;

    /**
     * Variational dropout on the recurrent state (Gal &amp; Ghahramani 2016): while training, the state hᵗ⁻¹ that
     * enters the recurrent product is multiplied by one mask per sequence, the same at every step. Only the cells
     * that override this accept it; null turns it off.
     */
    @Override
    public void setRecurrentDropout(rnnlab.layers.Dropout d) {
        if (d != null) {
            throw new UnsupportedOperationException(name + " has no recurrent dropout (Elman, IRNN, LSTM and GRU have)");
        }
    }

    /** The recurrent dropout, or null. */
    public rnnlab.layers.Dropout recurrentDropout() {
        return recurrentDropout;
    }

    /** Draws this pass's recurrent mask (null when dropout does not act) and sizes the masked-state buffers. */
    protected final void beginRecurrentDropout(int cols) {
        recurrentMask = recurrentDropout == null ? null : recurrentDropout.mask(B);
        if (recurrentMask != null && (maskedPrevious == null || maskedPrevious.length != T + 1
                || maskedPrevious[0].rows != B || maskedPrevious[0].cols != cols)) {
            maskedPrevious = states(cols);
        }
    }

    /** The state step s reads through its recurrent weights: {@code prev}, or prev ⊙ mask while dropout acts. */
    protected final Matrix maskedPrevious(int s, Matrix prev) {
        if (recurrentMask == null) {
            return prev;
        }
        rnnlab.layers.Dropout.multiply(prev, recurrentMask, maskedPrevious[s - 1]);
        return maskedPrevious[s - 1];
    }

    // ---- the batch in two halves --------------------------------------------------------------------------------

    /**
     * Batches of at least this many sequences run a layer's time loop in two halves of the batch, one per kernel
     * thread, when {@link rnnlab.core.Kernels#threads()} is 2: the sequences of a batch are independent, so each
     * half runs its own T steps (products, gates, backward) and the threads meet once per pass instead of at every
     * product of every step.
     */
    static final int SPLIT_MIN_BATCH = 8;
    /**
     * ... and the recurrent products of a pass have at least this many multiply-adds (T·B·H·gates·H), so that the two
     * hand-overs per pass (a few microseconds) stay small against the work; the lecture's tiny cells stay on one
     * thread.
     */
    static final long SPLIT_MIN_WORK = 1L << 17;
    /** The first row of the second half of the batch in the current pass; B when the batch is not split. */
    protected int rowSplit;

    /**
     * Runs {@code lo} (rows 0 … rowSplit−1) and {@code hi} (rows rowSplit … B−1) on the two kernel threads, or
     * {@code lo} alone over the whole batch (rowSplit = B) when the batch or the work is too small, or the helper is
     * busy (inside an outer {@link rnnlab.core.Kernels#inParallel}: a bidirectional layer's directions). Every row is
     * computed by the same operations in the same order either way, so the results do not depend on the thread
     * count. The tasks are fields of the cell, so this allocates nothing.
     *
     * @param macsPerRowStep multiply-adds of one row's recurrent product at one step (H·gates·H)
     */
    protected final void inBatchHalves(Runnable lo, Runnable hi, long macsPerRowStep) {
        if (B >= SPLIT_MIN_BATCH && (long) T * B * macsPerRowStep >= SPLIT_MIN_WORK
                && rnnlab.core.Kernels.threads() > 1) {
            rowSplit = rnnlab.core.Kernels.splitRows(B);
            if (rnnlab.core.Kernels.tryInParallel(lo, hi)) {
                return;
            }
        }
        // one thread, or the helper busy (a direction of a bidirectional layer running beside the other): the whole
        // batch in one loop, whose step products read U once for all rows instead of once per half
        rowSplit = B;
        lo.run();
    }

    /** {@link #maskedPrevious(int, Matrix)} for the rows r0 … r1−1 only (one half of the batch). */
    protected final Matrix maskedPrevious(int s, Matrix prev, int r0, int r1) {
        if (recurrentMask == null) {
            return prev;
        }
        Matrix to = maskedPrevious[s - 1];
        multiplyRows(prev, recurrentMask, to, r0, r1);
        return to;
    }

    /** to = from ⊙ m on the rows r0 … r1−1 (to may be from). */
    protected static void multiplyRows(Matrix from, Matrix m, Matrix to, int r0, int r1) {
        for (int r = r0; r < r1; r++) {
            double[] f = from.data[r], k = m.data[r], o = to.data[r];
            for (int j = 0; j < f.length; j++) {
                o[j] = f[j] * k[j];
            }
        }
    }

    /** True if {@link #cutBefore(int, int)} holds for every sequence r0 … r1−1 (their recurrent product is skipped). */
    protected final boolean cutBeforeAll(int s, int r0, int r1) {
        if (truncation == 0) {
            return false;
        }
        for (int r = r0; r < r1; r++) {
            if (!cutBefore(s, r)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void setTruncation(int k) {
        if (k < 0) {
            throw new IllegalArgumentException(name + ": truncation must be ≥ 0 (0 = full BPTT), got " + k);
        }
        truncation = k;
    }

    /** ‖∂L/∂hᵗ‖ per input time t, filled by the last backward pass (vanishing/exploding gradients, Part II p.36). */
    private double[] gradNorms = new double[0];

    /**
     * The norm of the gradient that reached each step's hidden state in the last backward pass, by input time t:
     * ‖∂L/∂hᵗ‖ summed over the batch's valid rows (padding rows count 0). A copy.
     */
    @Override
    public double[] hiddenGradientNorms() {
        if (gradNorms.length != T || T < 0) {
            throw new IllegalStateException(name + ": no gradient norms yet; run forward and backward first");
        }
        return gradNorms.clone();
    }

    /** Per time t and row r: Σ ∂hᵗ[r]², filled by the halves of the batch, summed in row order by finishGradNorms. */
    private double[][] rowGradSquares = new double[0][];

    /** Sizes the per-row buffer of {@link #recordGradNorm(int, Matrix, int, int)} (allocates only when T or B change). */
    protected final void beginGradNorms() {
        if (rowGradSquares.length != T || (T > 0 && rowGradSquares[0].length != B)) {
            rowGradSquares = new double[T][B];
        }
        if (gradNorms.length != T) {
            gradNorms = new double[T];
        }
    }

    /** Records Σ dh² of the rows r0 … r1−1 at time t (0 for padding rows); after both halves, {@link #finishGradNorms}. */
    protected final void recordGradNorm(int t, Matrix dh, int r0, int r1) {
        double[] sq = rowGradSquares[t];
        for (int r = r0; r < r1; r++) {
            double s = 0;
            if (valid(r, t)) {
                for (double v : dh.data[r]) {
                    s += v * v;
                }
            }
            sq[r] = s;
        }
    }

    /** ‖∂hᵗ‖ from the per-row sums, added in row order (the same numbers whichever thread filled which rows). */
    protected final void finishGradNorms() {
        for (int t = 0; t < T; t++) {
            double s = 0;
            for (double v : rowGradSquares[t]) {
                s += v;
            }
            gradNorms[t] = Math.sqrt(s);
        }
    }

    /** {@link #recordGradNorm(int, Matrix, int, int)} for a float32 pass: Σ dh² of the rows r0 … r1−1 at time t. */
    protected final void recordGradNorm(int t, float[][] dh, int r0, int r1) {
        double[] sq = rowGradSquares[t];
        for (int r = r0; r < r1; r++) {
            double s = 0;
            if (valid(r, t)) {
                for (float v : dh[r]) {
                    s += (double) v * v;
                }
            }
            sq[r] = s;
        }
    }

    /** {@link #recordGradNorm(int, float[][], int, int)} for a state of two parts: Σ (dh² + ds²) of the rows r0 … r1−1. */
    protected final void recordGradNorm(int t, float[][] dh, float[][] ds, int r0, int r1) {
        double[] sq = rowGradSquares[t];
        for (int r = r0; r < r1; r++) {
            double s = 0;
            if (valid(r, t)) {
                for (float v : dh[r]) {
                    s += (double) v * v;
                }
                for (float v : ds[r]) {
                    s += (double) v * v;
                }
            }
            sq[r] = s;
        }
    }

    // ---- float32 -------------------------------------------------------------------------------------------------

    /** The number type of the next passes (see {@link rnnlab.core.Precision}), set by {@link #setPrecision}. */
    private rnnlab.core.Precision precision = rnnlab.core.Precision.DOUBLE;
    /** True if the last forward pass ran in float32: the tape then keeps only hᵗ in double. */
    protected boolean lastPassFloat;

    @Override
    public rnnlab.core.Precision precision() {
        return precision;
    }

    /** A clear error for the tape quantities a float32 pass does not keep in double. */
    protected final void requireDoubleTape(String what) {
        if (lastPassFloat) {
            throw new IllegalStateException(name + " tape: the last forward pass ran in float32, which keeps " + what
                    + " in float inside the layer; setPrecision(Precision.DOUBLE) and run forward again to read it");
        }
    }

    /** False while a caller reads {@link #floatOutputs()} instead of the double outputs (see the interface). */
    protected boolean doubleOutputsNeeded = true;
    /** True after a float32 pass that did not write its outputs as doubles: the tape converts them when read. */
    private boolean outputsStale;
    /** The float output gradients of the current {@link #backwardFloat} pass, (T·B) rows by time; else null. */
    protected float[][] dOutFloat;

    @Override
    public void setDoubleOutputsNeeded(boolean needed) {
        doubleOutputsNeeded = needed;
    }

    /** Records whether the pass that just ran wrote its outputs as doubles. */
    protected final void outputsWritten(boolean inDouble) {
        outputsStale = !inDouble;
    }

    /** Before the tape's double outputs are read: converts them from the float pass if it skipped them. */
    protected final void requireDoubleOutputs() {
        if (outputsStale) {
            outputsStale = false;
            floatPass.writeDoubleOutputs();
        }
    }

    /**
     * The output gradient of sequence r at time t as floats: the row of {@link #dOutFloat} in a float backward pass,
     * else the double row converted into {@code scratch} (the same values either way).
     */
    protected final float[] dOutRow(Matrix[] dOut, int t, int r, float[] scratch) {
        if (dOutFloat != null) {
            return dOutFloat[t * B + r];
        }
        double[] d = dOut[t].data[r];
        for (int j = 0; j < scratch.length; j++) {
            scratch[j] = (float) d[j];
        }
        return scratch;
    }

    /** Checks the float output gradients of {@link #backwardFloat} against the last pass. */
    protected final void checkBackwardFloat(float[][] dOut, int outSize) {
        if (T < 0 || !lastPassFloat) {
            throw new IllegalStateException(name + ": backwardFloat needs a float32 forward pass first");
        }
        if (dOut.length < T * B || dOut[0].length < outSize) {
            throw new IllegalArgumentException(name + ": backwardFloat needs " + T * B + " rows of " + outSize
                    + " output gradients, got " + dOut.length + " rows of " + dOut[0].length);
        }
    }

    /**
     * The float32 state of a cell's last float pass, for the hand-over to a float output layer: its outputs as
     * floats, writing them as doubles when the tape is read, and the backward pass ({@link FloatState}, made by the
     * cell's {@link #newFloatState()}).
     */
    protected interface FloatPass {
        /** The outputs hᵗ as floats, (T·B) rows in time order (see {@link RecurrentLayer#floatOutputs()}). */
        float[][] outputs();

        /** Writes the outputs of the pass into the tape's doubles. */
        void writeDoubleOutputs();

        /** The backward pass; {@code dOut} null when the output gradients are {@link #dOutFloat}. */
        Matrix[] backward(Matrix[] dOut);
    }

    /** The float32 state of the cell (null until its first float pass); made by {@link #newFloatState()}. */
    protected FloatState floatPass;

    /**
     * Chooses double (the default) or float32 for the next passes. In float32 the parameters stay double; the cell
     * computes with float copies of its weights refreshed at each forward pass, keeps its tape in float (the outputs
     * are also written as doubles, unless the caller reads them as floats) and adds its float gradients into the
     * double ones (see {@link rnnlab.core.Precision}). A cell's single {@code step} always computes in double.
     */
    @Override
    public final void setPrecision(rnnlab.core.Precision p) {
        precision = java.util.Objects.requireNonNull(p, name + ".setPrecision");
    }

    @Override
    public boolean readsFloatInputs() {
        return precision == rnnlab.core.Precision.FLOAT32;
    }

    @Override
    public final Matrix[] forward(Matrix[] xs, int[] lengths) {
        boolean shapeChanged = begin(xs, lengths);
        lastPassFloat = precision == rnnlab.core.Precision.FLOAT32;
        return pass(shapeChanged);
    }

    @Override
    public final Matrix[] forwardFloat(float[][] x, int steps, int batch, int[] lengths) {
        if (!readsFloatInputs()) {
            throw new IllegalStateException(name + ".forwardFloat: the layer computes in " + precision
                    + "; setPrecision(Precision.FLOAT32) first, or call forward");
        }
        boolean shapeChanged = beginFloat(x, steps, batch, lengths);
        lastPassFloat = true;
        return pass(shapeChanged);
    }

    /**
     * A forward pass after {@link #begin} or {@link #beginFloat}: the cell's {@link #startPass}, the recurrent dropout
     * mask of the pass, then the float32 pass ({@link #newFloatState()}'s) or the cell's {@link #forwardDouble()}.
     */
    private Matrix[] pass(boolean shapeChanged) {
        startPass(shapeChanged);
        beginRecurrentDropout(hidden);          // (only Elman, LSTM and GRU accept a dropout: their state is H wide)
        if (lastPassFloat) {
            if (floatPass == null || !floatPass.fits()) {
                floatPass = newFloatState();        // made again when T or B change
            }
            Matrix[] out = floatPass.forward();
            outputsWritten(doubleOutputsNeeded);
            return out;
        }
        outputsWritten(true);
        return forwardDouble();
    }

    /**
     * The start of every forward pass, double or float32, after the inputs are checked (T, B, lengths and
     * {@link #xAll} or {@link #floatInput} set): the cell (re)makes its buffers if {@code shapeChanged} and sets its
     * initial states into its tape.
     */
    protected abstract void startPass(boolean shapeChanged);

    /** The double forward pass after {@link #startPass}: returns the outputs by time. */
    protected abstract Matrix[] forwardDouble();

    /** The cell's float32 state for the current T and B (made at the first float pass and when T or B change). */
    protected abstract FloatState newFloatState();

    @Override
    public final Matrix[] backward(Matrix[] dOut) {
        checkBackward(dOut, outputSize());
        return lastPassFloat ? floatPass.backward(dOut) : backwardDouble(dOut);
    }

    /** The double backward pass of the last double forward pass ({@code dOut} checked). */
    protected abstract Matrix[] backwardDouble(Matrix[] dOut);

    @Override
    public float[][] floatOutputs() {
        return lastPassFloat && T >= 0 && floatPass != null ? floatPass.outputs() : null;
    }

    @Override
    public Matrix[] backwardFloat(float[][] dOut) {
        checkBackwardFloat(dOut, outputSize());
        dOutFloat = dOut;
        try {
            return floatPass.backward(null);
        } finally {
            dOutFloat = null;
        }
    }

    /**
     * What the float32 states of the cells share (Elman, LSTM, GRU): made for one T and B (again when they change),
     * they hold the float state hᵗ of every step (and hᵗ⁻¹ ⊙ mask under recurrent dropout), the inputs as floats, ∂hᵗ
     * in two slots, and run the time loops of {@link #forwardRows} and {@link #backwardRows} in the two batch halves
     * ({@link #inBatchHalves}); tasks and buffers are fields, so a pass allocates nothing.
     */
    protected abstract class FloatState implements FloatPass {
        final int T = SequenceBase.this.T, B = SequenceBase.this.B, n = inputSize;
        /** The width of the state hᵗ. */
        private final int width;
        /** hᵗ by step s (index 0: the initial state), and masked[s − 1] = hˢ⁻¹ ⊙ mask while dropout acts. */
        final float[][][] h, masked;
        /** hᵗ in time order, (T·B) rows (the float outputs); hᵗ⁻¹ (masked) in time order, filled by finishBackward. */
        final float[][] hAll, hPrevAll;
        /** The inputs as floats when the pass reads doubles; ∂x as floats; x: the float inputs of this pass. */
        final float[][] ownX, dX;
        float[][] x;
        /** The recurrent dropout mask as floats, and whether this pass applies one. */
        final float[][] mask;
        boolean masking;
        /** ∂hᵗ of step s is in [s &amp; 1], what goes to step s − 1 in the other slot. */
        final float[][][] dhs;
        /** The double output gradients of the current backward pass (null: {@link #dOutFloat}); a scratch row per half. */
        private Matrix[] dOut;
        private final float[][] dOutScratch;
        private final Runnable forwardLo = () -> forwardRows(0, rowSplit), forwardHi = () -> forwardRows(rowSplit, B);
        private final Runnable backwardLo = () -> backwardRows(0, rowSplit),
                backwardHi = () -> backwardRows(rowSplit, B);

        FloatState(int width) {
            this.width = width;
            h = floatStates(width);
            masked = floatStates(width);
            hAll = tallByTime(h);
            hPrevAll = new float[T * B][];
            ownX = new float[T * B][n];
            dX = new float[T * B][n];
            mask = new float[B][width];
            dhs = new float[2][B][width];
            dOutScratch = new float[2][width];
        }

        /** True while the cell's T and B are those these buffers were made for. */
        final boolean fits() {
            return T == SequenceBase.this.T && B == SequenceBase.this.B;
        }

        /** The T steps of the forward pass for the rows r0 … r1−1. */
        abstract void forwardRows(int r0, int r1);

        /** The T steps back for the rows r0 … r1−1. */
        abstract void backwardRows(int r0, int r1);

        /** The tape's double hᵗ by step, which the float outputs are written into. */
        abstract Matrix[] doubleStates();

        /** The forward pass in float32 (after the cell's {@link #startPass}): returns the tape's double outputs. */
        abstract Matrix[] forward();

        /** The start of a forward pass: h⁰ and the mask as floats, x = the inputs as floats. */
        final void beginForward(Matrix h0) {
            rnnlab.core.FloatKernels.toFloat(h0, h[0]);
            masking = recurrentMask != null;
            if (masking) {
                rnnlab.core.FloatKernels.toFloat(recurrentMask, mask);
            }
            if (floatInputPass) {
                x = floatInput;                                        // given as floats (an embedding's rows)
            } else {
                x = ownX;
                inputsToFloat(x);
            }
        }

        /** Runs {@link #forwardRows} over the batch (in two halves when it pays, see {@link #inBatchHalves}). */
        final void runForward(long macsPerRowStep) {
            inBatchHalves(forwardLo, forwardHi, macsPerRowStep);
        }

        /** The state step s reads through its recurrent weights, rows r0 … r1−1: hˢ⁻¹, or hˢ⁻¹ ⊙ mask. */
        final float[][] readState(int s, int r0, int r1) {
            if (!masking) {
                return h[s - 1];
            }
            multiplyRows(h[s - 1], mask, masked[s - 1], r0, r1);
            return masked[s - 1];
        }

        /** Writes row r of hˢ into the tape's doubles, unless the pass hands its outputs over as floats. */
        final void output(int s, int r) {
            if (doubleOutputsNeeded) {
                rnnlab.core.FloatKernels.toDouble(h[s][r], doubleStates()[s].data[r], width);
            }
        }

        @Override
        public final float[][] outputs() {
            return hAll;
        }

        @Override
        public final void writeDoubleOutputs() {
            Matrix[] d = doubleStates();
            for (int s = 1; s <= T; s++) {
                for (int r = 0; r < B; r++) {
                    rnnlab.core.FloatKernels.toDouble(h[s][r], d[s].data[r], width);
                }
            }
        }

        /** Zeroes ∂h, then runs {@link #backwardRows} over the batch with the gradient norms recorded. */
        final void runBackward(Matrix[] dOutArg, long macsPerRowStep) {
            zero(dhs);
            beginGradNorms();
            dOut = dOutArg;
            try {
                inBatchHalves(backwardLo, backwardHi, macsPerRowStep);
            } finally {
                dOut = null;
            }
            finishGradNorms();
        }

        /**
         * The start of step s back for the rows r0 … r1−1, once ∂hᵗ is complete in {@code dh}: records ‖∂hᵗ‖ and zeroes
         * the rows of {@code dhPrev}; returns false when truncated BPTT cuts every row before step s (then the cell
         * skips ∂hᵗ⁻¹ = δ·Uᵀ).
         */
        final boolean beginStepBack(int s, int t, float[][] dh, float[][] dhPrev, int r0, int r1) {
            recordGradNorm(t, dh, r0, r1);
            for (int r = r0; r < r1; r++) {
                java.util.Arrays.fill(dhPrev[r], 0f);
            }
            return !cutBeforeAll(s, r0, r1);
        }

        /**
         * After ∂hᵗ⁻¹ = δ·Uᵀ is in row r of {@code dPrev}: a padding row passes {@code d}'s row on unchanged (it
         * carried its state over), a row cut by truncated BPTT gets 0. Returns true if row r was neither (the cell
         * may add more to it). The float twin of {@link SimpleRecurrent#passOrCut}; for a state of two parts (LSTM's
         * h and c) call it for each.
         */
        final boolean passOrCut(int s, int t, int r, float[][] d, float[][] dPrev) {
            if (!valid(r, t)) {
                System.arraycopy(d[r], 0, dPrev[r], 0, dPrev[r].length);
                return false;
            }
            if (cutBefore(s, r)) {
                java.util.Arrays.fill(dPrev[r], 0f);
                return false;
            }
            return true;
        }

        /** The output gradient of row r at time t as floats (for the half of the batch that starts at r0). */
        final float[] dOutRow(int t, int r, int r0) {
            return SequenceBase.this.dOutRow(dOut, t, r, dOutScratch[r0 == 0 ? 0 : 1]);
        }

        /** After the steps back: ∂h⁰ (what step 1 sent back) into {@code h0Grad}, and {@link #hPrevAll} filled. */
        final void finishBackward(Matrix h0Grad) {
            for (int r = 0; r < B; r++) {
                rnnlab.core.FloatKernels.toDouble(dhs[0][r], h0Grad.data[r], width);
            }
            refreshPreviousByTime(hPrevAll, masking ? masked : h);
        }

        /** What backward returns: the double ∂xᵗ, or null when they were not asked for or stay in float. */
        final Matrix[] returnedInputGradients(Matrix[] dXs) {
            return inputGradientNeeded && !floatInputPass ? dXs : null;
        }
    }

    /** Sets every float of a [k][rows][cols] array to 0. */
    protected static void zero(float[][][] a) {
        for (float[][] m : a) {
            for (float[] row : m) {
                java.util.Arrays.fill(row, 0f);
            }
        }
    }

    /** The float copy of a 1×m bias. */
    protected static void toFloat(Param b, float[] to) {
        double[] v = b.value.data[0];
        for (int j = 0; j < to.length; j++) {
            to[j] = (float) v[j];
        }
    }

    /**
     * A recurrent weight U (k×m) as the step products of a pass read it: packed once per forward pass for
     * hᵗ⁻¹·U ({@link rnnlab.core.Kernels.Packed}), and once per backward pass either left as it is (few rows: δ·Uᵀ
     * as dot products of rows, {@link rnnlab.core.Kernels#rowDotProducts}) or transposed into Uᵀ and packed. Both
     * halves of the batch read the one copy. Allocates nothing after it is made.
     */
    static final class PackedWeight {
        private final rnnlab.core.Kernels.Packed packed = new rnnlab.core.Kernels.Packed(),
                transposedPacked = new rnnlab.core.Kernels.Packed();
        private final Matrix transposed;
        private Matrix weight;
        private boolean dot;

        PackedWeight(int k, int m) {
            transposed = new Matrix(m, k);
        }

        /** Packs U for the products of a forward pass (or of a single step). */
        void packForward(Matrix u) {
            packed.pack(u);
        }

        /** C[r0..r1) += A[r0..r1)·U, U as last packed by {@link #packForward}. */
        void mulAddRows(Matrix a, Matrix c, int r0, int r1) {
            rnnlab.core.Kernels.mulAddRows(a, packed, c, r0, r1);
        }

        /** Before a backward pass over {@code rows} rows: chooses dot products, or transposes and packs Uᵀ. */
        void packBackward(Matrix u, int rows) {
            weight = u;
            dot = rnnlab.core.Kernels.rowDotProducts(rows, u.cols, u.rows);
            if (!dot) {
                rnnlab.core.Kernels.transpose(u, transposed);
                transposedPacked.pack(transposed);
            }
        }

        /** True if this backward pass computes products with Uᵀ as dot products of rows (no Uᵀ made). */
        boolean dot() {
            return dot;
        }

        /** C[r0..r1) += D[r0..r1)·Uᵀ (∂hᵗ⁻¹ = δ·Uᵀ), after {@link #packBackward}. */
        void mulTransAddRows(Matrix d, Matrix c, int r0, int r1) {
            if (dot) {
                rnnlab.core.Kernels.mulTransBAddRows(d, weight, c, r0, r1);
            } else {
                rnnlab.core.Kernels.mulAddRows(d, transposedPacked, c, r0, r1);
            }
        }
    }

    /** The float twin of {@link PackedWeight} for a float k×m weight ({@link rnnlab.core.FloatKernels.Packed}). */
    static final class FloatPackedWeight {
        private final rnnlab.core.FloatKernels.Packed packed = new rnnlab.core.FloatKernels.Packed(),
                transposedPacked = new rnnlab.core.FloatKernels.Packed();
        private final int k, m;
        private final float[][] transposed;
        private float[][] weight;
        private boolean dot;

        FloatPackedWeight(int k, int m) {
            this.k = k;
            this.m = m;
            transposed = new float[m][k];
        }

        /** Packs U (k×m) for the products of a forward pass. */
        void packForward(float[][] u) {
            packed.pack(u, k, m);
        }

        /** C[r0..r1) += A[r0..r1)·U for an A of n rows, U as last packed by {@link #packForward}. */
        void mulAddRows(float[][] a, float[][] c, int r0, int r1, int n) {
            rnnlab.core.FloatKernels.mulAddRows(a, packed, c, r0, r1, n);
        }

        /**
         * Before a backward pass over {@code rows} rows: chooses dot products, or packs Uᵀ (straight from U's rows
         * where the kernels allow it, else through a transposed copy).
         */
        void packBackward(float[][] u, int rows) {
            weight = u;
            dot = rnnlab.core.FloatKernels.rowDotProducts(rows, m, k);
            if (!dot) {
                transposedPacked.packTransposed(u, k, m, transposed);   // from U's rows, or through transposed
            }
        }

        /** True if this backward pass computes products with Uᵀ as dot products of rows (no Uᵀ made). */
        boolean dot() {
            return dot;
        }

        /** C[r0..r1) += D[r0..r1)·Uᵀ for a D of n rows (∂hᵗ⁻¹ = δ·Uᵀ), after {@link #packBackward}. */
        void mulTransAddRows(float[][] d, float[][] c, int r0, int r1, int n) {
            if (dot) {
                rnnlab.core.FloatKernels.mulTransBAddRows(d, weight, c, r0, r1, n, m, k);
            } else {
                rnnlab.core.FloatKernels.mulAddRows(d, transposedPacked, c, r0, r1, n);
            }
        }
    }

    /** The float twin of {@link #refreshPreviousByTime(Matrix, Matrix[])}: view rows t·B … are byStep[stepOf(t) − 1]. */
    protected final void refreshPreviousByTime(float[][] view, float[][][] byStep) {
        for (int t = 0; t < T; t++) {
            System.arraycopy(byStep[stepOf(t) - 1], 0, view, t * B, B);
        }
    }

    /** A (T·B)-row view of per-step float arrays {@code byStep[1..T]} in time order (rows shared, not copied). */
    protected final float[][] tallByTime(float[][][] byStep) {
        float[][] v = new float[T * B][];
        for (int t = 0; t < T; t++) {
            System.arraycopy(byStep[stepOf(t)], 0, v, t * B, B);
        }
        return v;
    }

    /** T+1 float arrays B×cols indexed by processing step. */
    protected final float[][][] floatStates(int cols) {
        return new float[T + 1][B][cols];
    }

    /** to = from ⊙ m on the rows r0 … r1−1 (float; m is the dropout mask as floats). */
    protected static void multiplyRows(float[][] from, float[][] m, float[][] to, int r0, int r1) {
        for (int r = r0; r < r1; r++) {
            float[] f = from[r], k = m[r], o = to[r];
            for (int j = 0; j < f.length; j++) {
                o[j] = f[j] * k[j];
            }
        }
    }

    /** The input rows of the pass as floats, xF[i] = (float) xAll[i], (T·B)×n. */
    protected final void inputsToFloat(float[][] xF) {
        rnnlab.core.FloatKernels.toFloat(xAll, xF);
    }

    /**
     * The weight gradients of a float32 backward pass and the input gradients: {@code recurrentSide} (the cell's
     * ∂U-like products Σ hᵗ⁻¹ᵀ·δ), ∂W += xᵀ·δ (in float, added into the double gradient) with ∂b += Σδ, and
     * ∂xᵗ = δ·Wᵀ (into the double {@code dXAll}, or kept in float when the pass read float inputs), unless turned off.
     * {@code gW} (n×cols) and {@code dXF} ((T·B)×n) are scratch; {@code Wt} holds Wᵀ (cols×n).
     *
     * <p>With 2 kernel threads the three products run in <b>one</b> hand-over ({@link rnnlab.core.Kernels#inParallel}):
     * the calling thread computes the recurrent side, the helper ∂W and ∂b, each whole on its own thread (each
     * transposes, zeroes and adds its own product); then both take chunks of {@value #DX_CHUNK} rows of ∂x from a shared
     * counter until none is left, each widening its own rows to double. The sides are not the same size (at C,
     * n = 128 and H = 256: ∂U is twice ∂W, as large as ∂W and ∂x together; at B32 they are equal), and their speeds
     * differ with the kernels and with what else the machine runs, so the rows of ∂x go to whichever thread is free
     * first instead of being split in halves after both sides (before session 10 ∂x was a second hand-over, and the
     * helper waited for ∂U; measured in docs/design-notes.md, issue 17 section of session 10). Every product, and each
     * row of ∂x wherever a chunk starts, is computed by the same operations as on one thread, so the bits do not
     * depend on the thread count or on which thread took which chunk.
     */
    protected final void gradientsFloat(Runnable recurrentSide, float[][] xF, float[][] deltaF, float[][] wF,
                                        float[][] Wt, float[][] gW, float[][] dXF, Param W, Param b, Matrix dXAll,
                                        int cols) {
        gradientsFloat(recurrentSide, null, xF, deltaF, wF, Wt, gW, dXF, W, b, dXAll, cols);
    }

    /**
     * As {@link #gradientsFloat(Runnable, float[][], float[][], float[][], float[][], float[][], float[][], Param,
     * Param, Matrix, int)}, where {@code shared} lists the products of the recurrent side that multiply by δ itself
     * (Σ hᵗ⁻¹ᵀ·δ, …; {@code recurrentSide} computes exactly these): when one thread computes both sides (1 kernel
     * thread, a small product, or the helper busy, e.g. inside a bidirectional layer), they and ∂W = xᵀ·δ run as one
     * product over δ ({@link rnnlab.core.FloatKernels#mulTransAAddInto(float[][][], int[], float[][][], Matrix[],
     * int, float[][], int, int, boolean)}), which packs each chunk of δ once for all of them instead of once per
     * gradient. The same bits either way. {@code shared} is changed (∂W is added to it).
     */
    protected final void gradientsFloat(Runnable recurrentSide, DeltaProducts shared, float[][] xF, float[][] deltaF,
                                        float[][] wF, float[][] Wt, float[][] gW, float[][] dXF, Param W, Param b,
                                        Matrix dXAll, int cols) {
        int N = T * B;
        dXFloat[0] = null;
        gxF = xF;
        gDeltaF = deltaF;
        gGW = gW;
        gParamW = W;
        gParamB = b;
        gCols = cols;
        gWF = wF;
        gWt = Wt;
        gDXF = dXF;
        gDXAll = dXAll;
        gWiden = !floatInputPass;
        gRecurrent = recurrentSide;
        boolean dx = inputGradientNeeded;
        try {
            if (dx) {
                // ∂x = δ·Wᵀ by rows, as FloatKernels.mulTransB computes it: dot products or Wᵀ read from W, else a copy
                gOnW = !rnnlab.core.FloatKernels.transposesB(N, cols, inputSize);
                if (!gOnW) {
                    rnnlab.core.FloatKernels.transpose(wF, Wt, inputSize, cols);
                }
            }
            gNextRow.set(0);
            gDXEnd = dx ? N : 0;
            boolean large = (long) N * inputSize * cols >= rnnlab.core.Kernels.PARALLEL_MIN_WORK;
            boolean byRows = false;
            if (large && shared != null && rnnlab.core.Kernels.threads() > 1
                    && shared.fuseByRowsWith(inputSize, N, cols)) {
                // 2 threads: the rows of ∂U, … and ∂W in two halves, one pass over δ on each thread (session 12)
                shared.add(xF, inputSize, gW, W.grad);
                gShared = shared;
                int rows = shared.rows();
                // a multiple of the 8-row panels; the second part also sums ∂b, about as long as BIAS_ROWS rows
                gSplitRow = Math.min(rows, (rows + BIAS_ROWS + 8) / 16 * 8);
                if (!rnnlab.core.Kernels.tryInParallel(lowRowsThenInputGradient, highRowsThenInputGradient)) {
                    weightGradientRows(0, rows);                          // the helper is busy: all on this thread
                    biasGradientFloat();
                    if (dx) {
                        inputGradientRows(0, N);
                    }
                }
                byRows = true;
            }
            if (!byRows && (!large || !rnnlab.core.Kernels.tryInParallel(recurrentThenInputGradient,
                    inputWeightThenInputGradient))) {
                if (shared != null) {   // ∂U, … and ∂W in one pass over δ; the helper is busy if large and 2 threads
                    shared.add(xF, inputSize, gW, W.grad);
                    rnnlab.core.FloatKernels.mulTransAAddInto(shared.a, shared.k, shared.g, shared.c, shared.count,
                            deltaF, N, cols, large && rnnlab.core.Kernels.threads() > 1);
                    biasGradientFloat();
                } else {
                    recurrentSide.run();
                    inputWeightGradientsFloat();
                }
                if (dx) {
                    inputGradientRows(0, N);
                }
            }
            if (dx && floatInputPass) {
                dXFloat[0] = dXF;                                  // the caller reads them as floats
            }
        } finally {
            if (shared != null) {
                shared.clear();
            }
            gxF = gDeltaF = gGW = gWF = gWt = gDXF = null;
            gParamW = gParamB = null;
            gDXAll = null;
            gRecurrent = null;
            gShared = null;
        }
    }

    /**
     * ∂b = Σδ (each δ value widened and added in double) takes about as long as this many rows of the weight gradients
     * (both scale with δ's size). Measured at C (one thread, CPU time, rounds alternating): ∂U's 256 rows 22.0 ms, ∂W's
     * 128 + ∂b 14.7 ms (the old hand-over); cut at 192: 17.1 and 19.9 ms; cut at 208 (this): 13.0 and 13.2 ms in a
     * later run where the old sides took 16.2 ms at the most.
     */
    static final int BIAS_ROWS = 32;

    /** The products of {@link #gradientsFloat} split by rows at 2 threads, and the first row of the second part. */
    private DeltaProducts gShared;
    private int gSplitRow;
    /** The two sides of the row split: rows below gSplitRow; the rows from it and ∂b; then chunks of ∂x on both. */
    private final Runnable lowRowsThenInputGradient = () -> {
        weightGradientRows(0, gSplitRow);
        inputGradientChunks();
    };
    private final Runnable highRowsThenInputGradient = () -> {
        weightGradientRows(gSplitRow, gShared.rows());
        biasGradientFloat();
        inputGradientChunks();
    };

    /** Rows lo … hi−1 of the products of {@link #gShared}, counted one after the other, on the calling thread. */
    private void weightGradientRows(int lo, int hi) {
        DeltaProducts s = gShared;
        rnnlab.core.FloatKernels.mulTransAAddIntoRows(s.a, s.k, s.g, s.c, s.count, gDeltaF, T * B, gCols, lo, hi);
    }

    /**
     * Rows of ∂x a thread takes at a time in {@link #gradientsFloat}: a multiple of the kernels' row blocks (8 rows,
     * and the narrow products' 6-row blocks in chunks of 60), and large enough that the copy of Wᵀ each call packs
     * stays small against its products (C: 27 chunks; B32: 4).
     */
    static final int DX_CHUNK = 120;

    private float[][] gWF, gWt, gDXF;
    private Matrix gDXAll;
    private boolean gOnW, gWiden;
    private int gDXEnd;
    private Runnable gRecurrent;
    /** The first row of ∂x no thread has taken yet (made once: nothing allocated per pass). */
    private final java.util.concurrent.atomic.AtomicInteger gNextRow = new java.util.concurrent.atomic.AtomicInteger();
    /** The two sides of the hand-over of {@link #gradientsFloat}: a weight-gradient side, then chunks of ∂x. */
    private final Runnable recurrentThenInputGradient = () -> {
        gRecurrent.run();
        inputGradientChunks();
    };
    private final Runnable inputWeightThenInputGradient = () -> {
        inputWeightGradientsFloat();
        inputGradientChunks();
    };

    /** Takes chunks of ∂x rows until none is left (see {@link #gradientsFloat}). */
    private void inputGradientChunks() {
        int end = gDXEnd;
        for (int r0 = gNextRow.getAndAdd(DX_CHUNK); r0 < end; r0 = gNextRow.getAndAdd(DX_CHUNK)) {
            inputGradientRows(r0, Math.min(end, r0 + DX_CHUNK));
        }
    }

    /**
     * Rows r0 … r1−1 of ∂x = δ·Wᵀ (float, then widened into the double ∂x unless the pass keeps ∂x in float), for
     * {@link #gradientsFloat}.
     */
    private void inputGradientRows(int r0, int r1) {
        int N = T * B;
        for (int i = r0; i < r1; i++) {
            java.util.Arrays.fill(gDXF[i], 0, inputSize, 0f);
        }
        if (gOnW) {
            rnnlab.core.FloatKernels.mulTransBAddRows(gDeltaF, gWF, gDXF, r0, r1, N, gCols, inputSize);
        } else {
            rnnlab.core.FloatKernels.mulAddRows(gDeltaF, gWt, gDXF, r0, r1, N, gCols, inputSize);
        }
        if (gWiden) {
            for (int i = r0; i < r1; i++) {
                rnnlab.core.FloatKernels.toDouble(gDXF[i], gDXAll.data[i], inputSize);
            }
        }
    }

    /** The arguments of the products while {@link #gradientsFloat} runs (fields: nothing allocated). */
    private float[][] gxF, gDeltaF, gGW;
    private Param gParamW, gParamB;
    private int gCols;

    /** ∂W += xᵀ·δ (float, added into the double gradient) and ∂b += Σδ (double), for {@link #gradientsFloat}. */
    private void inputWeightGradientsFloat() {
        int N = T * B, cols = gCols;
        rnnlab.core.FloatKernels.mulTransAAddInto(gxF, gDeltaF, gGW, gParamW.grad, N, inputSize, cols); // ∂W += xᵀ·δ
        biasGradientFloat();
    }

    /** ∂b += Σδ (double), for {@link #gradientsFloat}. */
    private void biasGradientFloat() {
        int N = T * B, cols = gCols;
        double[] gb = gParamB.grad.data[0];
        for (int i = 0; i < N; i++) {
            rnnlab.core.GateRows.addTo(gDeltaF[i], 0, gb, cols);                   // ∂b += Σ δ, row by row
        }
    }

    /**
     * The weight gradients of a float backward pass that multiply by one δ (n×m): Cᵢ += Aᵢᵀ·δ summed in float in
     * gᵢ, for {@link #gradientsFloat(Runnable, DeltaProducts, float[][], float[][], float[][], float[][], float[][],
     * float[][], Param, Param, Matrix, int)}. A cell fills it before each call ({@link #add}); room for four.
     */
    protected static final class DeltaProducts {
        final float[][][] a = new float[4][][];
        final int[] k = new int[4];
        final float[][][] g = new float[4][][];
        final Matrix[] c = new Matrix[4];
        int count;

        /** Adds C += Aᵀ·δ (A: n×k, C: a double k×m, g: float scratch of at least k×m). */
        void add(float[][] a, int k, float[][] g, Matrix c) {
            this.a[count] = a;
            this.k[count] = k;
            this.g[count] = g;
            this.c[count] = c;
            count++;
        }

        /**
         * Whether these products and one more of inner size {@code kNext} (∂W = xᵀ·δ, before it is added) run as one
         * product by ranges of their rows ({@link rnnlab.core.FloatKernels#fusesByRows}) over δ of n×m: decided first,
         * so ∂W is added only where that path takes it. Writes kNext into the free slot {@link #add} fills next.
         */
        boolean fuseByRowsWith(int kNext, int n, int m) {
            k[count] = kNext;
            return rnnlab.core.FloatKernels.fusesByRows(k, count + 1, n, m);
        }

        /** The rows of all products together (Σ k). */
        int rows() {
            int r = 0;
            for (int t = 0; t < count; t++) {
                r += k[t];
            }
            return r;
        }

        void clear() {
            java.util.Arrays.fill(a, null);
            java.util.Arrays.fill(g, null);
            java.util.Arrays.fill(c, null);
            count = 0;
        }
    }

    /** Records ‖dh‖ over the valid rows of time t (called by backward, allocates nothing once T is known). */
    protected final void recordGradNorm(int t, Matrix dh) {
        recordGradNorm(t, dh, null);
    }

    /** Records ‖[dh | ds]‖ for a state made of two parts (e.g. the SCRN's hidden and context units); ds may be null. */
    protected final void recordGradNorm(int t, Matrix dh, Matrix ds) {
        if (gradNorms.length != T) {
            gradNorms = new double[T];
        }
        double s = 0;
        for (int r = 0; r < B; r++) {
            if (valid(r, t)) {
                for (double v : dh.data[r]) {
                    s += v * v;
                }
                if (ds != null) {
                    for (double v : ds.data[r]) {
                        s += v * v;
                    }
                }
            }
        }
        gradNorms[t] = Math.sqrt(s);
    }

    /**
     * Throws a size error if {@code count} parameters (plus as many gradients) cannot fit in the heap; cells call it
     * before allocating anything. {@code count} is computed in long arithmetic so huge sizes cannot overflow.
     */
    protected static void requireParamsFit(String what, long count) {
        Matrix.requireMemory(what + ": parameters and their gradients", 2 * count);
    }

    /**
     * Adds a parameter {@code rows×cols} named {@code paramName} and draws it uniformly in ±1/√fanIn from rng
     * ({@link rnnlab.core.Init#fanIn}). Cells make their parameters in the order they draw them.
     */
    protected final Param drawn(String paramName, int rows, int cols, int fanIn, java.util.SplittableRandom rng) {
        Param p = params.add(new Param(paramName, rows, cols));
        rnnlab.core.Init.fanIn(p.value, fanIn, rng);
        return p;
    }

    /** Throws a clear error unless every element of a {@code step()} argument is finite, as forward() does. */
    protected final void requireFinite(String what, Matrix m) {
        for (int r = 0; r < m.rows; r++) {
            for (int c = 0; c < m.cols; c++) {
                if (!Double.isFinite(m.data[r][c])) {
                    throw new IllegalArgumentException(name + ".step: " + what + ", sequence " + r + ", element " + c
                            + " is " + m.data[r][c] + "; inputs and states must be finite numbers");
                }
            }
        }
    }

    /**
     * The processing step that read input time t, for a tape accessor: a clear error before any forward pass or
     * for a time outside 0 … T−1.
     */
    protected final int tapeStep(int t) {
        return stepOf(tapeTime(t));
    }

    /** Input time t itself, checked as {@link #tapeStep} checks it (for tapes stored by time). */
    protected final int tapeTime(int t) {
        if (T < 0) {
            throw new IllegalStateException(name + " tape: empty; run forward(xs, lengths) first, then read the tape");
        }
        if (t < 0 || t >= T) {
            throw new IndexOutOfBoundsException(name + " tape: time " + t + " is outside 0 … " + (T - 1)
                    + " (the last forward pass had " + T + " steps; times count from 0)");
        }
        return t;
    }

    /** True if this layer reads the sequence from its end to its start. */
    public boolean isReverse() {
        return reverse;
    }

    /** Input time index read at processing step s (1 … T). */
    protected final int timeOf(int s) {
        return reverse ? T - s : s - 1;
    }

    /** Processing step s (1 … T) at which input time t is read. */
    protected final int stepOf(int t) {
        return reverse ? T - t : t + 1;
    }

    /** True unless time t is padding for sequence b. */
    protected final boolean valid(int b, int t) {
        return t < len[b];
    }

    /**
     * True if, for sequence b, the gradient must not flow from step s into step s−1 (truncated BPTT: a cut every
     * k steps). Chunks are counted from the first step that reads a real input of sequence b, so that padding never
     * moves a cut: a reversed layer reads sequence b's padding first (steps 1 … T−len[b]) and its chunks start at
     * step T−len[b]+1, exactly as when the sequence is alone. Padding steps themselves are never cut (they only
     * carry the state, and their gradient through).
     */
    protected final boolean cutBefore(int s, int b) {
        if (truncation == 0) {
            return false;
        }
        int local = reverse ? s - (T - len[b]) : s;  // step counted from the sequence's first real input
        return local > 1 && (local - 1) % truncation == 0;
    }

    /** True if {@link #cutBefore(int, int)} holds for every sequence of the batch (the recurrent product is skipped). */
    protected final boolean cutBeforeAll(int s) {
        if (truncation == 0) {
            return false;
        }
        for (int b = 0; b < B; b++) {
            if (!cutBefore(s, b)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Validates a forward call and records T, B and lengths. Returns true if T or B changed (buffers must be
     * re-made).
     */
    protected final boolean begin(Matrix[] xs, int[] lengths) {
        if (xs == null || xs.length == 0) {
            throw new IllegalArgumentException(name + ": empty sequence (0 time steps); give at least one step");
        }
        int b0 = xs[0].rows;
        if (b0 == 0) {
            throw new IllegalArgumentException(name + ": empty batch (0 rows at step 1)");
        }
        for (int t = 0; t < xs.length; t++) {
            Matrix x = xs[t];
            if (x.rows != b0 || x.cols != inputSize) {
                throw new IllegalArgumentException(name + ": input at step " + (t + 1) + " has shape " + x.shape()
                        + " but expected " + b0 + "×" + inputSize + " (batch × inputSize)");
            }
            for (int b = 0; b < b0; b++) {
                double[] row = x.data[b];
                for (int c = 0; c < row.length; c++) {
                    if (!Double.isFinite(row[c])) {
                        throw new IllegalArgumentException(name + ": input at step " + (t + 1) + ", sequence " + b
                                + ", element " + c + " is " + row[c] + "; inputs must be finite numbers");
                    }
                }
            }
        }
        int newT = xs.length;
        boolean changed = setShape(newT, b0, lengths);
        if (changed || xRows == null) {
            xRows = new double[T * B][];
            xAll = Matrix.ofRows(fillRows(xRows, xs));
        } else {
            fillRows(xRows, xs);
        }
        floatInputPass = false;
        return changed;
    }

    /**
     * The start of {@link RecurrentLayer#forwardFloat}: checks the float inputs and lengths, records T, B and
     * lengths; returns true if T or B changed. The float rows are not checked for finite values (an embedding
     * writes them; a NaN in it shows in the loss).
     */
    protected final boolean beginFloat(float[][] x, int newT, int b0, int[] lengths) {
        if (newT <= 0 || b0 <= 0) {
            throw new IllegalArgumentException(name + ": forwardFloat needs T ≥ 1 and B ≥ 1, got " + newT + " and " + b0);
        }
        if (x.length < newT * b0 || x[0].length < inputSize) {
            throw new IllegalArgumentException(name + ": forwardFloat needs " + newT * b0 + " rows of " + inputSize
                    + " input values, got " + x.length + " rows of " + x[0].length);
        }
        boolean changed = setShape(newT, b0, lengths);
        if (changed) {
            xRows = null;                   // the double view of the inputs is re-made by the next double pass
            xAll = null;
        }
        floatInputPass = true;
        floatInput = x;
        return changed;
    }

    /** True while the current pass read float inputs ({@link #beginFloat}): ∂x then stays in float. */
    protected boolean floatInputPass;
    /** The float inputs of the current {@link RecurrentLayer#forwardFloat} pass. */
    protected float[][] floatInput;
    /** ∂x as floats after the backward pass of a float-input pass ((T·B)×n), or null; [0] of a length-1 array. */
    private final float[][][] dXFloat = new float[1][][];

    @Override
    public float[][][] floatInputGradients() {
        return floatInputPass && dXFloat[0] != null ? dXFloat : null;
    }

    /**
     * For a cell whose float backward computes ∂x itself (not through {@link #gradientsFloat}): after a float-input
     * pass, {@code dXF} ((T·B)×n) is what {@link #floatInputGradients()} returns; else (null, or a double-input pass)
     * nothing is returned as floats.
     */
    protected final void setFloatInputGradients(float[][] dXF) {
        dXFloat[0] = dXF;
    }

    private boolean setShape(int newT, int b0, int[] lengths) {
        if (lengths != null) {
            if (lengths.length != b0) {
                throw new IllegalArgumentException(name + ": mask has " + lengths.length
                        + " lengths but the batch has " + b0 + " sequences");
            }
            for (int b = 0; b < b0; b++) {
                if (lengths[b] < 1 || lengths[b] > newT) {
                    throw new IllegalArgumentException(name + ": length of sequence " + b + " is " + lengths[b]
                            + " but must be between 1 and the number of steps " + newT);
                }
            }
        }
        boolean changed = newT != T || b0 != B;
        T = newT;
        B = b0;
        if (len.length != B) {
            len = new int[B];
        }
        for (int b = 0; b < B; b++) {
            len[b] = lengths == null ? T : lengths[b];
        }
        return changed;
    }

    private double[][] fillRows(double[][] rows, Matrix[] xs) {
        for (int t = 0; t < xs.length; t++) {
            System.arraycopy(xs[t].data, 0, rows, t * B, B);
        }
        return rows;
    }

    /** A (T·B)×cols view of the rows of per-time matrices {@code m[0..T-1]} (same row order as xAll). */
    protected final Matrix tall(Matrix[] byTime) {
        double[][] rows = new double[T * B][];
        for (int t = 0; t < T; t++) {
            System.arraycopy(byTime[t].data, 0, rows, t * B, B);
        }
        return Matrix.ofRows(rows);
    }

    /**
     * Points the rows of {@code view} (a (T·B)×cols matrix made by {@link #tall} or {@link #previousByTime}) at the
     * state each step started from, in time order: rows t·B … t·B+B−1 are those of {@code byStep[stepOf(t) − 1]}.
     * Call it before each use, because the initial state's matrix can be replaced between passes. Allocates
     * nothing. With it, a weight gradient Σₜ hᵗ⁻¹ᵀ·δᵗ is one product instead of T small ones.
     */
    protected final void refreshPreviousByTime(Matrix view, Matrix[] byStep) {
        for (int t = 0; t < T; t++) {
            System.arraycopy(byStep[stepOf(t) - 1].data, 0, view.data, t * B, B);
        }
    }

    /** A (T·B)×cols view of the states each step started from (see {@link #refreshPreviousByTime}). */
    protected final Matrix previousByTime(Matrix[] byStep) {
        Matrix[] prev = new Matrix[T];
        for (int t = 0; t < T; t++) {
            prev[t] = byStep[stepOf(t) - 1];
        }
        return tall(prev);
    }

    /** The matrices of a per-step array (index s = 1 … T) in time order: {@code [t] = byStep[stepOf(t)]}. */
    protected final Matrix[] byTime(Matrix[] byStep) {
        Matrix[] m = new Matrix[T];
        for (int t = 0; t < T; t++) {
            m[t] = byStep[stepOf(t)];
        }
        return m;
    }

    /**
     * The input side of backward, one product each over all steps: ∂W += Σₜ xᵗᵀ·δᵗ, ∂b += Σₜ Σ_rows δᵗ and
     * ∂xᵗ = δᵗ·Wᵀ into {@code dXAll} (the tall view of the per-time input gradients a cell returns), unless
     * {@link #setInputGradientNeeded} turned ∂x off.
     */
    protected final void inputGradients(Matrix deltaAll, Param W, Param b, Matrix dXAll) {
        inputGradients(deltaAll, W, b, dXAll, null, null, 0);
    }

    /**
     * As {@link #inputGradients(Matrix, Param, Param, Matrix)}, with the cell's {@code count} other weight gradients
     * on δ itself, cs[t] += as[t]ᵀ·δ (Σ hᵗ⁻¹ᵀ·δ, …), computed in one product with ∂W
     * ({@link rnnlab.core.Kernels#mulTransAAdd(Matrix[], Matrix, Matrix[], int)}: each thread packs each chunk of δ
     * once for all of them). {@code as} and {@code cs} have room for one more (∂W's, set and cleared here).
     */
    protected final void inputGradients(Matrix deltaAll, Param W, Param b, Matrix dXAll, Matrix[] as, Matrix[] cs,
                                        int count) {
        if (count == 0) {
            rnnlab.core.Kernels.mulTransAAdd(xAll, deltaAll, W.grad);   // ∂W += Σₜ xᵗᵀ·δᵗ
            rnnlab.core.Kernels.sumRowsAdd(deltaAll, b.grad);           // ∂b += Σₜ Σ_rows δᵗ
        } else {
            as[count] = xAll;
            cs[count] = W.grad;
            biasDelta = deltaAll;
            biasGrad = b.grad;
            try {
                // ∂U, … and ∂W += Σₜ xᵗᵀ·δᵗ, and ∂b += Σₜ Σ_rows δᵗ beside the helper's rows of them at 2 threads (the
                // same serial sum over the rows, in the same order, on whichever thread: the same bits)
                rnnlab.core.Kernels.mulTransAAdd(as, deltaAll, cs, count + 1, biasGradient);
            } finally {
                java.util.Arrays.fill(as, null);
                java.util.Arrays.fill(cs, null);
                biasDelta = biasGrad = null;
            }
        }
        if (inputGradientNeeded) {
            rnnlab.core.Kernels.mulTransB(deltaAll, W.value, dXAll);    // ∂xᵗ = δᵗ·Wᵀ
        }
    }

    /** δ and ∂b of {@link #inputGradients(Matrix, Param, Param, Matrix, Matrix[], Matrix[], int)} while it runs. */
    private Matrix biasDelta, biasGrad;
    /** ∂b += Σ rows of δ: a field, so handing it to the weight-gradient product allocates nothing. */
    private final Runnable biasGradient = () -> rnnlab.core.Kernels.sumRowsAdd(biasDelta, biasGrad);

    /** False: backward skips ∂x = δ·Wᵀ and returns null (see {@link RecurrentLayer#setInputGradientNeeded}). */
    protected boolean inputGradientNeeded = true;

    /**
     * Whether backward computes the input gradients ∂xᵗ (default true). Off, the cells that compute ∂x as one product
     * δ·Wᵀ over all steps (Elman, IRNN, LSTM, GRU, Jordan, feedforward) skip it and return null from backward (Clockwork
     * too); the SCRN layer computes it anyway.
     */
    @Override
    public void setInputGradientNeeded(boolean needed) {
        inputGradientNeeded = needed;
    }

    /** Makes T+1 zero matrices B×cols, indexed by processing step (0 = initial state). */
    protected final Matrix[] states(int cols) {
        Matrix[] m = new Matrix[T + 1];
        for (int s = 0; s <= T; s++) {
            m[s] = new Matrix(B, cols);
        }
        return m;
    }

    /** Makes T zero matrices B×cols, indexed by time. */
    protected final Matrix[] perTime(int cols) {
        Matrix[] m = new Matrix[T];
        for (int t = 0; t < T; t++) {
            m[t] = new Matrix(B, cols);
        }
        return m;
    }

    /** A B×cols initial-state tensor: keeps user-set values when B is unchanged, else zeros. */
    protected final Param initialState(Param old, String stateName, int cols) {
        if (old != null && old.value.rows == B && old.value.cols == cols) {
            return old;
        }
        return new Param(stateName, B, cols);
    }

    /** Checks a backward call against the last forward pass. */
    protected final void checkBackward(Matrix[] dOut, int outSize) {
        if (T < 0) {
            throw new IllegalStateException(name + ": backward called before forward");
        }
        if (dOut.length != T) {
            throw new IllegalArgumentException(name + ": backward got " + dOut.length
                    + " output gradients but the last forward pass had " + T + " steps");
        }
        for (int t = 0; t < T; t++) {
            if (dOut[t].rows != B || dOut[t].cols != outSize) { // the message is built only on failure
                dOut[t].requireShape(name + ": output gradient at step " + (t + 1), B, outSize);
            }
        }
    }

    /** A user-set initial state as a parameter (a copy of m), after checking its width. */
    protected final Param userState(String paramName, Matrix m, String what, int cols) {
        checkState(m, what, cols);
        return new Param(paramName, m.copy(), new Matrix(m.rows, m.cols), -1);
    }

    /** Checks a user-set initial state. */
    protected final Matrix checkState(Matrix m, String what, int cols) {
        if (m.cols != cols) {
            throw new IllegalArgumentException(name + ": " + what + " must have " + cols + " columns, got " + m.shape());
        }
        return m;
    }

    static List<Param> list(Param... ps) {
        return List.of(ps);
    }

    /**
     * The quantities the tape records, by name, each as a function of input time t (the tape's own matrices are
     * fine: {@link #trace()} copies them). Every cell overrides this; the names are listed in {@link LayerTrace}.
     */
    protected java.util.Map<String, java.util.function.IntFunction<Matrix>> tapeColumns() {
        throw new UnsupportedOperationException(name + " does not list its tape's quantities (override tapeColumns)");
    }

    /**
     * What every cell's tape shares: the number of steps, and showing itself as a step table (one row per input
     * time, one column per quantity of {@link #tapeColumns()}, sequence 0 of the batch).
     */
    abstract class BaseTape implements rnnlab.core.Tabular {
        /** Number of steps of the last forward pass. */
        public int steps() {
            return T;
        }

        /** The tape as a table: one row per input time t (from 1, as in the lecture), one column per quantity. */
        @Override
        public rnnlab.core.TextTable table() {
            java.util.Map<String, java.util.function.IntFunction<Matrix>> cols = tapeColumns();
            return stepTable(name + " tape", Math.max(T, 0), B, new java.util.ArrayList<>(cols.keySet()),
                    new java.util.ArrayList<>(cols.values()));
        }

        @Override
        public String toString() {
            return table().toString();
        }
    }

    /** The tape's quantities for {@link #tapeColumns()}: names and, in the same order, how to read each at time t. */
    @SafeVarargs
    protected static java.util.Map<String, java.util.function.IntFunction<Matrix>> columns(
            List<String> names, java.util.function.IntFunction<Matrix>... readers) {
        java.util.Map<String, java.util.function.IntFunction<Matrix>> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            m.put(names.get(i), readers[i]);
        }
        return m;
    }

    @Override
    public List<LayerTrace> trace() {
        return List.of(LayerTrace.copy(name, T, tapeColumns()));
    }

    /**
     * A step table (tapes and traces): one row per input time t, counted from 1 as in the lecture, one column per
     * quantity, showing sequence 0 of the batch and at most {@code maxUnits} units of each.
     */
    static rnnlab.core.TextTable stepTable(String title, int steps, int batch, List<String> names,
                                           List<? extends java.util.function.IntFunction<Matrix>> columns) {
        final int maxUnits = 4;
        java.util.List<String> headers = new java.util.ArrayList<>(names.size() + 1);
        headers.add("t");
        headers.addAll(names);
        rnnlab.core.TextTable.Builder table = rnnlab.core.TextTable.builder(headers).monospace().title(steps <= 0
                ? title + " (empty: run forward first)"
                : title + ": " + steps + " steps × " + batch + " sequences (showing sequence 0, first " + maxUnits
                        + " units)");
        for (int t = 0; t < steps; t++) {
            Object[] row = new Object[columns.size() + 1];
            row[0] = t + 1;
            for (int k = 0; k < columns.size(); k++) {
                Matrix m = columns.get(k).apply(t);
                StringBuilder v = new StringBuilder("[");
                for (int j = 0; j < Math.min(m.cols, maxUnits); j++) {
                    v.append(j > 0 ? ", " : "").append(rnnlab.core.Fmt.num(m.data[0][j]));
                }
                row[k + 1] = v.append(m.cols > maxUnits ? ", …]" : "]").toString();
            }
            table.row(row);
        }
        return table.build();
    }
}
