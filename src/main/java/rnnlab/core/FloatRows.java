package rnnlab.core;

/**
 * Element-wise row loops of the float32 path that C2 does not vectorise by itself (today: the LSTM's backward step
 * for one row). With the Vector API ({@link FloatKernels#vectorised()}) they run on whole vectors
 * ({@code VectorFloatRows}, loaded reflectively as the product kernels are); otherwise as the plain loops below.
 * Both compute every element by the same IEEE operations in the same order (no fused multiply-add, no
 * reassociation), so the two give the same bits; the vector code ends each row with these same loops.
 */
public final class FloatRows {
    private FloatRows() {}

    /** The loops of this class, on whole vectors or one element at a time. */
    interface Impl {
        void lstmBackward(float[] a, float[] hc, float[] cp, float[] dOut, float[] dh, float[] dc, float[] d, int H);
    }

    static final Impl PLAIN = new Plain();
    static final Impl IMPL = FloatKernels.vectorised() ? loadVector() : PLAIN;

    private static Impl loadVector() {
        try {
            Class<?> c = Class.forName("rnnlab.core.VectorFloatRows");
            return (Impl) c.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
            return PLAIN; // the plain loops give the same bits
        }
    }

    /** True if the rows run on the Vector API. */
    public static boolean vectorised() {
        return IMPL != PLAIN;
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
        IMPL.lstmBackward(a, hc, cp, dOut, dh, dc, d, H);
    }

    /** The loops one element at a time; the vector implementation finishes each row with them. */
    static final class Plain implements Impl {
        @Override
        public void lstmBackward(float[] a, float[] hc, float[] cp, float[] dOut, float[] dh, float[] dc, float[] d,
                                 int H) {
            lstmBackward(a, hc, cp, dOut, dh, dc, d, 0, H);
        }

        /** The elements j in [from, H) of {@link FloatRows#lstmBackward}. */
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
    }
}
