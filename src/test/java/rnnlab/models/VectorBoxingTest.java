package rnnlab.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import rnnlab.core.Kernels;
import rnnlab.core.Precision;
import rnnlab.testing.ChildJvm;
import rnnlab.testing.SteadyState;

/**
 * Training steps allocate nothing even when HotSpot's C2 compiler inlines none of the methods of the Vector API
 * kernel classes into one another. A vector ({@code FloatVector}, {@code DoubleVector}) handed to or returned from a
 * method that C2 did not inline is boxed, an object per call; which calls C2 inlines depends on the order in which
 * it compiles them (a method compiled on its own first is "already compiled into a big method" for its callers), so
 * a run of the benchmark had a B1-BiLSTM float32 step allocating about 160 kB while a rerun allocated 167 B. The
 * kernels therefore pass arrays, never vectors, between their own methods. This test makes the worst compilation
 * order certain: a child JVM runs with {@code -XX:CompileCommand=dontinline} for every method of
 * {@code VectorKernels}, {@code VectorFloatKernels}, {@code VectorDotKernels} and {@code VectorGateRows} (the Vector API's own methods are
 * still inlined), trains small models in both precisions until their steps are compiled, and reports the fewest
 * bytes a step allocated. With the gate activations calling {@code exp(FloatVector)} this was 170 kB per step at
 * batch 1 (docs/design-notes.md, issue 17 section).
 */
class VectorBoxingTest {
    /** Bytes a step may allocate (as AllocationTest): nothing that grows with the vectors computed. */
    static final long MAX_BYTES = 4096;

    @Test
    void stepsAllocateNothingWhenNoKernelMethodIsInlined() throws IOException, InterruptedException {
        List<String> options = new ArrayList<>(List.of("-XX:CompileCommand=quiet"));
        for (String c : new String[] {"VectorKernels", "VectorFloatKernels", "VectorDotKernels", "VectorGateRows"}) {
            options.add("-XX:CompileCommand=dontinline,rnnlab.core." + c + "::*");
        }
        String out = ChildJvm.run(options, StepsMain.class);
        List<ChildJvm.Step> steps = ChildJvm.steps(out);
        for (ChildJvm.Step st : steps) {
            assertTrue(st.state().equals("within") && st.bytes() <= MAX_BYTES, "with no kernel method inlined, "
                    + "training steps of " + st.configuration() + " allocated "
                    + st.bytes() + " bytes or more, compiled (allowed " + MAX_BYTES + " in each of "
                    + SteadyState.PASSES_WITHIN_LIMIT + " steps in a row): a vector crosses a call between kernel "
                    + "methods and is boxed; pass arrays instead\n" + out);
        }
        assertEquals(16, steps.size(), "expected 16 configurations from the child:\n" + out);
    }

    /**
     * The gate activations (σ and tanh, both precisions, every array length up to past two vectors, ranges that start
     * inside the array and end before its end) allocate nothing even when C2 has no type profiles at all
     * ({@code -XX:-UseTypeProfile -XX:TypeProfileLevel=0}). On JDK 17, C2 expands the Vector API's intrinsics after
     * parsing, so at parse time a vector's exact class (Double512Vector, …) is known only through a cast or a type
     * profile; a store whose vector's class came from neither could not be intrinsified and boxed the vector, which
     * happened in about 1 fresh JVM in 20 of the B1-BiLSTM benchmark on an AVX-512 machine (a compile made while a
     * profile was young). The kernels now cast to the species' exact class where a vector enters (load, broadcast,
     * reinterpretation, the end of a loop) and before it is stored, so no profile decides whether a vector is boxed:
     * with the old code this child allocated 1.2 MB (σ float32) to 3.8 MB (tanh double) per pass.
     */
    @Test
    void gateActivationsAllocateNothingWithoutTypeProfiles() throws IOException, InterruptedException {
        String out = ChildJvm.run(List.of("-XX:-UseTypeProfile", "-XX:TypeProfileLevel=0"), GatesMain.class);
        List<ChildJvm.Step> steps = ChildJvm.steps(out);
        for (ChildJvm.Step st : steps) {
            assertTrue(st.state().equals("within") && st.bytes() <= MAX_BYTES, "without type profiles, "
                    + st.configuration() + " allocated " + st.bytes() + " bytes or more per pass over the lengths "
                    + "(allowed " + MAX_BYTES + "): a vector whose exact class C2 takes from a profile is boxed when "
                    + "the profile is missing; cast it to EXACT where it enters or is stored\n" + out);
        }
        assertEquals(4, steps.size(), "expected 4 gate activations from the child:\n" + out);
    }

    /** The child of {@link #gateActivationsAllocateNothingWithoutTypeProfiles}. */
    public static final class GatesMain {
        static final int MAX_LENGTH = 40;

        public static void main(String[] args) {
            Kernels.setThreads(1);
            System.out.println("kernels: " + Kernels.implementation() + " / " + rnnlab.core.FloatKernels.implementation());
            SplittableRandom rng = new SplittableRandom(5);
            double[][] zd = new double[MAX_LENGTH + 1][], od = new double[MAX_LENGTH + 1][];
            float[][] zf = new float[MAX_LENGTH + 1][], of = new float[MAX_LENGTH + 1][];
            for (int n = 1; n <= MAX_LENGTH; n++) {
                zd[n] = new double[n];
                od[n] = new double[n];
                zf[n] = new float[n];
                of[n] = new float[n];
                for (int j = 0; j < n; j++) {
                    zd[n][j] = rng.nextDouble(-6, 6);
                    zf[n][j] = (float) zd[n][j];
                }
            }
            Map<String, Runnable> gates = new LinkedHashMap<>();
            gates.put("sigmoid double", () -> eachRange((n, f, t) -> Kernels.sigmoid(zd[n], od[n], f, t)));
            gates.put("tanh double", () -> eachRange((n, f, t) -> Kernels.tanh(zd[n], od[n], f, t)));
            gates.put("sigmoid float32", () -> eachRange((n, f, t) -> rnnlab.core.FloatKernels.sigmoid(zf[n], of[n], f, t)));
            gates.put("tanh float32", () -> eachRange((n, f, t) -> rnnlab.core.FloatKernels.tanh(zf[n], of[n], f, t)));
            for (Map.Entry<String, Runnable> g : gates.entrySet()) {
                SteadyState s = SteadyState.of(g.getKey(), g.getValue());
                boolean within = s.waitUntilAtMost(MAX_BYTES);
                System.out.println("STEP " + g.getKey() + (within ? " within " + s.worstWithinLimit()
                        : " over " + s.least()));
                System.out.println("  " + s.report());
            }
        }

        interface Gate {
            void apply(int n, int from, int to);
        }

        /** Every length 1 … MAX_LENGTH, ranges [0, n), [1, n) and [0, n − 1). */
        static void eachRange(Gate g) {
            for (int n = 1; n <= MAX_LENGTH; n++) {
                g.apply(n, 0, n);
                g.apply(n, 1, n);
                g.apply(n, 0, n - 1);
            }
        }
    }

    /**
     * The child: trains each configuration until its steps stay within {@link #MAX_BYTES} or are steady
     * ({@link SteadyState}), prints the bytes of a step and what the wait saw.
     */
    public static final class StepsMain {
        public static void main(String[] args) {
            Kernels.setThreads(1);
            System.out.println("kernels: " + Kernels.implementation() + " / " + rnnlab.core.FloatKernels.implementation());
            for (Precision prec : Precision.values()) {
                for (String arch : new String[] {"LSTM", "BiLSTM", "Elman", "GRU", "BiGRU", "Jordan", "Clockwork",
                        "BiSCRN"}) {
                    boolean bi = arch.startsWith("Bi");
                    Network.Cell cell = Network.Cell.valueOf(arch.substring(bi ? 2 : 0).toUpperCase());
                    int B = arch.equals("LSTM") || arch.equals("GRU") || arch.equals("Jordan")
                            || arch.equals("Clockwork") ? 16 : 1;
                    SequenceModel m = Network.builder().cell(cell).vocabulary(60).embedding(32).hidden(48)
                            .bidirectional(bi).classes(20).precision(prec).seed(3).build().model();
                    Batch batch = batch(B, 12);
                    // until the JIT has compiled the steps (SteadyState: it asks the JIT, so a loaded machine, where
                    // the compiler threads get little CPU, makes it wait longer instead of failing): the most bytes
                    // of the passes in a row that stayed within the limit, or the leanest pass once steady
                    SteadyState s = SteadyState.of(arch + " " + prec + " B" + B, () -> m.lossAndGradient(batch));
                    boolean within = s.waitUntilAtMost(MAX_BYTES);
                    System.out.println("STEP " + arch + " " + prec + " B" + B + (within ? " within "
                            + s.worstWithinLimit() : " over " + s.least()));
                    System.out.println("  " + s.report());
                }
            }
        }

        static Batch batch(int B, int T) {
            SplittableRandom rng = new SplittableRandom(9);
            int[][] ids = new int[B][T], labels = new int[B][T];
            for (int b = 0; b < B; b++) {
                for (int t = 0; t < T; t++) {
                    ids[b][t] = rng.nextInt(60);
                    labels[b][t] = rng.nextInt(20);
                }
            }
            return Batch.ofIds(ids, null, labels);
        }
    }
}
