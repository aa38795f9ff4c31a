package rnnlab.core;

/**
 * The element-wise work of one step of a recurrent layer in fewer passes per row of the batch
 * (docs/design-notes.md, "Issue 17: where a B32 and a C step go"). A step of the usual LSTM cell (tanh g and h,
 * sigmoid gates) otherwise makes six passes over a row (the bias add, the activation of g, the activation of the
 * three gates, c, h(c), h) with a scalar tail in three of them; here it makes three: bias + tanh, bias + σ, and
 * c, h(c), h together with a vector tail. The Elman cell's bias add and activation become one pass.
 *
 * <p>Every value is computed by the operations the separate passes use, in the same order (the bias add, the
 * Vector API activations of {@link Kernels#tanh(double[], double[], int, int)} and
 * {@link Kernels#sigmoid(double[], double[], int, int)} and their scalar twins, and the float ones of
 * {@link FloatKernels}, c = g·i + c′·f as two products and a sum, h = h(c)·o), so the results are bit for bit those
 * of the separate passes ({@code GatesTest}).
 *
 * <p>Available only with the Vector API kernels ({@link #lstm(int)} and {@link #lstmFloat(int)} say whether, for a
 * given width); otherwise the layers keep their separate passes.
 */
public final class Gates {
    private Gates() {}

    /** The vector implementation; package-private so only this facade names it. */
    interface Impl {
        int doubleLanes();

        int floatLanes();

        void lstm(double[] p, double[] bias, double[] a, double[] cPrev, double[] c, double[] hc, double[] h, int H);

        void lstm(float[] p, float[] bias, float[] a, float[] cPrev, float[] c, float[] hc, float[] h, int H);

        void biasActivation(double[] p, double[] bias, double[] out, int n, boolean tanh);

        void biasActivation(float[] p, float[] bias, float[] out, int n, boolean tanh);
    }

    private static final Impl VECTOR = load();

    private static Impl load() {
        if (!Kernels.vectorised() && !FloatKernels.vectorised()) {
            return null;
        }
        try {
            return (Impl) Class.forName("rnnlab.core.VectorGates").getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
            return null;
        }
    }

    /**
     * Whether layers use the fused passes; off by default. Their activations are VectorKernels' and
     * VectorFloatKernels' per-vector methods, called from another class: when C2 does not inline such a call the
     * vector is boxed (VectorBoxingTest measured 2.2 MB per B16 LSTM step with them on), and they were not measurably
     * faster than the separate passes (docs/design-notes.md, issue 17, session 7). Tests that compare the fused
     * passes with the separate ones turn them on (package-private).
     */
    static volatile boolean enabled = false;

    /** True if {@link #lstm(double[], double[], double[], double[], double[], double[], double[], int)} runs for H. */
    public static boolean lstm(int H) {
        return enabled && VECTOR != null && Kernels.vectorised() && H >= VECTOR.doubleLanes();
    }

    /** True if the float LSTM row and the float bias + activation run for rows of H values. */
    public static boolean lstmFloat(int H) {
        return enabled && VECTOR != null && FloatKernels.vectorised() && H >= VECTOR.floatLanes();
    }

    /**
     * One row of a usual LSTM step (tanh g and h, sigmoid gates), given p = [z|zi|zf|zo] without the bias:
     * p += bias, a = [tanh z | σ zi | σ zf | σ zo], c = g·i + cPrev·f, hc = tanh c, h = hc·o. Needs {@link #lstm(int)}.
     */
    public static void lstm(double[] p, double[] bias, double[] a, double[] cPrev, double[] c, double[] hc, double[] h,
                            int H) {
        VECTOR.lstm(p, bias, a, cPrev, c, hc, h, H);
    }

    /** The float32 twin of the double LSTM row (the float activations of {@link FloatKernels}). Needs {@link #lstmFloat(int)}. */
    public static void lstm(float[] p, float[] bias, float[] a, float[] cPrev, float[] c, float[] hc, float[] h, int H) {
        VECTOR.lstm(p, bias, a, cPrev, c, hc, h, H);
    }

    /** p[0..n) += bias, out = tanh(p) or σ(p), in one pass (the Elman step). Needs {@link #lstm(int)} for n. */
    public static void biasActivation(double[] p, double[] bias, double[] out, int n, boolean tanh) {
        VECTOR.biasActivation(p, bias, out, n, tanh);
    }

    /** The float twin of {@link #biasActivation(double[], double[], double[], int, boolean)}; needs {@link #lstmFloat(int)}. */
    public static void biasActivation(float[] p, float[] bias, float[] out, int n, boolean tanh) {
        VECTOR.biasActivation(p, bias, out, n, tanh);
    }
}
