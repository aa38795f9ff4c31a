package rnnlab.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import rnnlab.cells.RecurrentLayer;
import rnnlab.core.Init;
import rnnlab.core.Kernels;
import rnnlab.core.Matrix;
import rnnlab.core.Params;
import rnnlab.core.Precision;
import rnnlab.layers.Dense;
import rnnlab.testing.ChildJvm;
import rnnlab.testing.SteadyState;
import rnnlab.train.Optimizer;
import rnnlab.train.Sgd;

/**
 * Training steps of the benchmark's C shape (dense input 128, hidden 256, batch 64, 100 classes; T 4 instead of 50) in
 * double and in float32 allocate nothing once the JIT has compiled all of them, in a fresh JVM.
 *
 * <p>Why (session 12): three double changes (per-panel zeros in the packed products, a vector {@code tanhBackward}, a
 * vector {@code allFinite}) made a C-Elman double step allocate one 96-byte vector box per 8 values of T·B·H
 * (9.8 MB per step) in 2 of 3 fresh JVMs of the benchmark, while {@link AllocationTest} and {@link VectorBoxingTest}
 * stayed green. The boxes were made in the forward tanh of {@code Elman.recurrentStep} (a blend whose result C2 did not
 * keep in a register), a function none of the changes touched: what C2 compiles, and in what order, differs with the
 * shapes (the packed products and their branches are taken only from 8 rows on, B·T values a row), so the small
 * models of the other tests did not reach it, and from run to run (which compiled code a caller inlines depends on
 * what was compiled before), so one JVM saw it in 2 of 3 runs.
 *
 * <p>So the child JVM runs the steps at C's shape with {@code -Xbatch}: the training thread waits for each
 * compilation it asks for, so the JIT compiles the same methods in the same order in every run, whatever else the
 * machine runs (with background compilation the same build allocated in 1 to 2 of 3 JVMs; with {@code -Xbatch} in
 * every one). {@code -XX:CompileThresholdScaling=0.1} makes C2 compile after a tenth of the calls, so the wait
 * ({@link SteadyState}, asking the JIT, not a clock) needs a tenth of the steps: {@value #MIN_PASSES} instead of
 * {@value SteadyState#MIN_PASSES_FOR_STEADY}. It does not stop at the first lean steps (code that C2 compiles later
 * can allocate where the code it replaced did not): it waits until the step is steady and checks the last round.
 */
class LargeStepAllocationTest {
    /** Bytes a steady step may allocate (as AllocationTest): nothing that grows with the vectors computed. */
    static final long MAX_BYTES = 4096;
    /** Steps before a step can be steady, with C2's thresholds scaled by {@link #SCALING}. */
    static final int MIN_PASSES = 600;
    static final String SCALING = "0.1";
    /** Steps of 4 time steps: the shapes and branches of C (T 50) at a twelfth of the cost of a step. */
    static final int T = 4;

    @Test
    void cSizedStepsAllocateNothingOnceCompiled() throws IOException, InterruptedException {
        String out = ChildJvm.run(List.of("-Xmx1g", "-Xbatch", "-XX:CompileThresholdScaling=" + SCALING),
                StepsMain.class, String.valueOf(T), String.valueOf(MIN_PASSES));
        List<ChildJvm.Step> steps = ChildJvm.steps(out);
        for (ChildJvm.Step st : steps) {
            boolean steady = st.state().equals("steady");
            assertTrue(st.bytes() <= MAX_BYTES, "compiled training steps of " + st.configuration() + " allocated "
                    + st.bytes() + " bytes each"
                    + (steady ? ", steady" : " when the wait ended (not steady)") + "; allowed " + MAX_BYTES
                    + ". Compiled code keeps vectors in boxes (session 12: 96 bytes, one 8-double box, per vector "
                    + "of the forward tanh, T·B·H/8 a step): find the allocating code with an allocation profile "
                    + "(docs/testing.md, LargeStepAllocationTest)\n" + out);
        }
        assertEquals(2, steps.size(), "expected 2 configurations from the child:\n" + out);
    }

    /** The child: trains each configuration until its steps are steady, prints the bytes of a steady step. */
    public static final class StepsMain {
        public static void main(String[] args) {
            Kernels.setThreads(1);
            int T = args.length > 0 ? Integer.parseInt(args[0]) : 4;
            int minPasses = args.length > 1 ? Integer.parseInt(args[1]) : SteadyState.MIN_PASSES_FOR_STEADY;
            String archs = args.length > 2 ? args[2] : "Elman";
            String precs = args.length > 3 ? args[3] : "DOUBLE,FLOAT32";
            System.out.println("kernels: " + Kernels.implementation() + " / " + rnnlab.core.FloatKernels.implementation());
            for (String ps : precs.split(",")) {
                Precision prec = Precision.valueOf(ps);
                for (String arch : archs.split(",")) {
                    SequenceModel m = build(arch, prec);
                    Params params = m.params();
                    Optimizer sgd = new Sgd.Settings(0.01, 0).create();
                    Batch batch = batch(64, T);
                    String what = arch + " " + prec + " T" + T + " B64";
                    long t0 = System.nanoTime();
                    SteadyState s = SteadyState.of(what, () -> {
                        m.lossAndGradient(batch);
                        sgd.stepAndZeroGrad(params);
                    }).minPasses(minPasses);
                    boolean steady = s.waitUntilSteady();
                    System.out.println("STEP " + what + (steady ? " steady " : " not-steady ") + s.lastRoundLeast());
                    System.out.println("  " + s.report() + String.format(" [%.1f s]", (System.nanoTime() - t0) / 1e9));
                }
            }
        }

        static SequenceModel build(String arch, Precision precision) {
            SplittableRandom rng = new SplittableRandom(Init.DEFAULT_SEED);
            Network.Cell cell = Network.Cell.valueOf(arch.toUpperCase(java.util.Locale.ROOT));
            Network net = Network.builder().cell(cell).embedding(0).inputs(128).hidden(256).seed(Init.DEFAULT_SEED)
                    .precision(precision).build();
            RecurrentLayer body = cell.layer(net, 128, false, rng);
            body.setPrecision(precision);
            Dense head = new Dense(body.outputSize(), 100, rng);
            head.setPrecision(precision);
            SequenceModel m = new SequenceModel(null, body, head, SequenceModel.Kind.MANY_TO_MANY);
            m.setInputGradients(false);
            return m;
        }

        static Batch batch(int B, int T) {
            SplittableRandom rng = new SplittableRandom(7);
            int[][] labels = new int[B][T];
            for (int[] row : labels) {
                for (int t = 0; t < T; t++) {
                    row[t] = rng.nextInt(100);
                }
            }
            Matrix[] xs = new Matrix[T];
            for (int t = 0; t < T; t++) {
                xs[t] = new Matrix(B, 128);
                Init.uniform(xs[t], 1.0, rng);
            }
            return Batch.ofInputs(xs, null, labels);
        }
    }
}
