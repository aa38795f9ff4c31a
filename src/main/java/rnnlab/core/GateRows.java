package rnnlab.core;

/**
 * Element-wise row loops of a cell's step that C2 does not vectorise by itself (today: the LSTM's backward step for
 * one row, in float and in double; a float row added into a double one, as ∂b = Σ δ of a float32 layer). With the Vector API they run on whole vectors ({@code VectorGateRows}, loaded
 * reflectively as the product kernels are; float rows when {@link FloatKernels#vectorised()}, double rows when
 * {@link Kernels#vectorised()}); otherwise as the plain loops below. Both compute every element by the same IEEE
 * operations in the same order (no fused multiply-add, no reassociation), so the two give the same bits; the vector
 * code ends each row with these same loops.
 */
public final class GateRows {
    private GateRows() {}

    /** The loops of this class, on whole vectors or one element at a time. */
    interface Impl {
        void lstmBackward(float[] a, float[] hc, float[] cp, float[] dOut, float[] dh, float[] dc, float[] d, int H);

        void lstmBackward(double[] a, double[] hc, double[] cp, double[] dOut, double[] dh, double[] dc, double[] d,
                          int H);

        void addTo(float[] src, int srcOff, double[] dst, int n);
    }

    static final Impl PLAIN = new Plain();
    static final Impl IMPL_F = FloatKernels.vectorised() ? loadVector() : PLAIN;
    static final Impl IMPL_D = Kernels.vectorised() ? loadVector() : PLAIN;

    private static Impl loadVector() {
        try {
            Class<?> c = Class.forName("rnnlab.core.VectorGateRows");
            return (Impl) c.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
            return PLAIN; // the plain loops give the same bits
        }
    }

    /** True if the float rows run on the Vector API. */
    public static boolean floatVectorised() {
        return IMPL_F != PLAIN;
    }

    /** True if the double rows run on the Vector API. */
    public static boolean doubleVectorised() {
        return IMPL_D != PLAIN;
    }

    /**
     * One row of the LSTM's backward step for the usual cell (g = h = tanh, σ gates), the gate activations stored
     * in {@code a} as [z | zⁱ | zᶠ | zᵒ] (4·H), hc = tanh(cᵗ), cp = cᵗ⁻¹:
     * <pre>
     *   ∂h += ∂out      ∂c += ∂h·zᵒ·(1 − hc²)
     *   δz = ∂c·zⁱ·(1 − z²)    δzⁱ = ∂c·z·(zⁱ(1 − zⁱ))    δzᶠ = ∂c·cp·(zᶠ(1 − zᶠ))    δzᵒ = ∂h·hc·(zᵒ(1 − zᵒ))
     * </pre>
     * {@code dh} and {@code dc} (H) are updated in place, {@code d} (4·H) receives the δs.
     */
    public static void lstmBackward(float[] a, float[] hc, float[] cp, float[] dOut, float[] dh, float[] dc,
                                    float[] d, int H) {
        IMPL_F.lstmBackward(a, hc, cp, dOut, dh, dc, d, H);
    }

    /** {@link #lstmBackward(float[], float[], float[], float[], float[], float[], float[], int)} in double. */
    public static void lstmBackward(double[] a, double[] hc, double[] cp, double[] dOut, double[] dh, double[] dc,
                                    double[] d, int H) {
        IMPL_D.lstmBackward(a, hc, cp, dOut, dh, dc, d, H);
    }

    /**
     * dst[0..n) += src[off..off+n), each float widened to double first: a float gradient added into a double one
     * (∂b = Σ δ of a float32 layer, the float weight gradients into the parameters' double ones).
     */
    public static void addTo(float[] src, int srcOff, double[] dst, int n) {
        IMPL_F.addTo(src, srcOff, dst, n);
    }

    /** The loops one element at a time; the vector implementation finishes each row with them. */
    static final class Plain implements Impl {
        @Override
        public void lstmBackward(float[] a, float[] hc, float[] cp, float[] dOut, float[] dh, float[] dc, float[] d,
                                 int H) {
            lstmBackward(a, hc, cp, dOut, dh, dc, d, 0, H);
        }

        /** The elements j in [from, H) of {@link GateRows#lstmBackward}. */
        static void lstmBackward(float[] a, float[] hc, float[] cp, float[] dOut, float[] dh, float[] dc, float[] d,
                                 int from, int H) {
            for (int j = from; j < H; j++) {
                float gz = a[j], ig = a[H + j], fg = a[2 * H + j], og = a[3 * H + j], hcj = hc[j];
                float dhj = dh[j] + dOut[j];
                dh[j] = dhj;
                float dOg = dhj * hcj;
                float dcj = dc[j] + dhj * og * (1f - hcj * hcj);
                dc[j] = dcj;
                d[j] = dcj * ig * (1f - gz * gz);
                d[H + j] = dcj * gz * (ig * (1f - ig));
                d[2 * H + j] = dcj * cp[j] * (fg * (1f - fg));
                d[3 * H + j] = dOg * (og * (1f - og));
            }
        }

        @Override
        public void lstmBackward(double[] a, double[] hc, double[] cp, double[] dOut, double[] dh, double[] dc,
                                 double[] d, int H) {
            lstmBackward(a, hc, cp, dOut, dh, dc, d, 0, H);
        }

        /** The elements j in [from, H) of the double {@link GateRows#lstmBackward}. */
        static void lstmBackward(double[] a, double[] hc, double[] cp, double[] dOut, double[] dh, double[] dc,
                                 double[] d, int from, int H) {
            for (int j = from; j < H; j++) {
                double gz = a[j], ig = a[H + j], fg = a[2 * H + j], og = a[3 * H + j], hcj = hc[j];
                double dhj = dh[j] + dOut[j];
                dh[j] = dhj;
                double dOg = dhj * hcj;                                     // ∂o
                double dcj = dc[j] + dhj * og * (1.0 - hcj * hcj);          // ∂c += ∂h ⊙ o ⊙ h'(c)
                dc[j] = dcj;
                d[j] = dcj * ig * (1.0 - gz * gz);                          // δz
                d[H + j] = dcj * gz * (ig * (1.0 - ig));                    // δzi
                d[2 * H + j] = dcj * cp[j] * (fg * (1.0 - fg));             // δzf
                d[3 * H + j] = dOg * (og * (1.0 - og));                     // δzo
            }
        }
    
        @Override
        public void addTo(float[] src, int srcOff, double[] dst, int n) {
            addTo(src, srcOff, dst, 0, n);
        }

        /** The elements j in [from, n) of {@link GateRows#addTo}. */
        static void addTo(float[] src, int srcOff, double[] dst, int from, int n) {
            for (int j = from; j < n; j++) {
                dst[j] += src[srcOff + j];
            }
        }
        }
}
