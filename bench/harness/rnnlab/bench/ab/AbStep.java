package rnnlab.bench.ab;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.SplittableRandom;

import rnnlab.cells.RecurrentLayer;
import rnnlab.core.Init;
import rnnlab.core.Kernels;
import rnnlab.core.Matrix;
import rnnlab.core.Params;
import rnnlab.layers.Dense;
import rnnlab.models.Batch;
import rnnlab.models.Network;
import rnnlab.models.SequenceModel;
import rnnlab.train.Optimizer;
import rnnlab.train.Sgd;

/**
 * One training step of a {@code TrainBench} configuration (same shapes, seeds, batches and SGD update), written
 * against the API that every build since the benchmark exists has, so that {@link AbSteps} can load it once per
 * library jar, each in its own class loader. A precision other than double is set by reflection (builds before the
 * float32 path have no {@code Precision}).
 */
public final class AbStep implements Runnable {
    private final SequenceModel model;
    private final Params params;
    private final Optimizer sgd = new Sgd.Settings(1e-3, 0).create();
    /** sgd.stepAndZeroGrad(params), or null in a build that has no such method (then sgd.step). */
    private final MethodHandle stepAndZeroGrad;
    private final Batch[] data = new Batch[4];
    private int k;

    public AbStep(String config, int threads, String precision) throws ReflectiveOperationException {
        Kernels.setThreads(threads);
        boolean lstm = config.contains("LSTM"), bi = config.contains("BiLSTM");
        int vocab, input, hidden, T, B, classes;
        if (config.startsWith("A-")) {
            vocab = 0; input = 3; hidden = 4; T = 9; B = 1; classes = 3;
        } else if (config.startsWith("B1-") || config.startsWith("B32-")) {
            vocab = 600; input = 100; hidden = 100; T = 15; B = config.startsWith("B1-") ? 1 : 32; classes = 127;
        } else if (config.startsWith("C-")) {
            vocab = 0; input = 128; hidden = 256; T = 50; B = 64; classes = 100;
        } else {
            throw new IllegalArgumentException("AbStep: unknown configuration " + config);
        }
        SplittableRandom rng = new SplittableRandom(Init.DEFAULT_SEED);
        // the cell is named after the size class: B32-GRU, C-Jordan, B32-SCRN, C-Clockwork…; the rest are Elman
        Network.Cell cell = lstm ? Network.Cell.LSTM : config.contains("GRU") ? Network.Cell.GRU
                : config.contains("Jordan") ? Network.Cell.JORDAN : config.contains("SCRN") ? Network.Cell.SCRN
                : config.contains("Clockwork") ? Network.Cell.CLOCKWORK : Network.Cell.ELMAN;
        if (vocab > 0) {
            Network net = Network.builder().cell(cell).vocabulary(vocab).embedding(input).hidden(hidden)
                    .bidirectional(bi).classes(classes).seed(Init.DEFAULT_SEED).build();
            model = net.model();
            if (!precision.equals("double")) {
                setPrecision(model, "rnnlab.models.SequenceModel", precision);
            }
        } else {
            Network net = Network.builder().cell(cell).embedding(0).inputs(input).hidden(hidden)
                    .bidirectional(bi).seed(Init.DEFAULT_SEED).build();
            RecurrentLayer body = bi ? net.body() : cell.layer(net, input, false, rng);
            Dense head = new Dense(body.outputSize(), classes, rng);
            if (!precision.equals("double")) {
                setPrecision(body, "rnnlab.cells.RecurrentLayer", precision);
                setPrecision(head, "rnnlab.layers.Dense", precision);
            }
            model = new SequenceModel(null, body, head, SequenceModel.Kind.MANY_TO_MANY);
            // as TrainBench.build: dense inputs need no gradient (the PyTorch twin's do not require one); by
            // reflection, for builds older than setInputGradients (they compute ∂x = δ·Wᵀ in every step)
            try {
                SequenceModel.class.getMethod("setInputGradients", boolean.class).invoke(model, false);
            } catch (NoSuchMethodException e) {
                // an older build: nothing to switch off
            }
        }
        params = model.params();
        MethodHandle fused;
        try {   // by reflection: this class compiles against builds older than stepAndZeroGrad
            fused = MethodHandles.publicLookup().findVirtual(Optimizer.class, "stepAndZeroGrad",
                    MethodType.methodType(void.class, Params.class)).bindTo(sgd);
        } catch (NoSuchMethodException e) {
            fused = null;
        }
        stepAndZeroGrad = fused;
        SplittableRandom r = new SplittableRandom(7);
        for (int q = 0; q < data.length; q++) {
            int[][] labels = new int[B][T];
            for (int[] row : labels) {
                for (int t = 0; t < T; t++) {
                    row[t] = r.nextInt(classes);
                }
            }
            if (vocab > 0) {
                int[][] ids = new int[B][T];
                for (int[] row : ids) {
                    for (int t = 0; t < T; t++) {
                        row[t] = r.nextInt(vocab);
                    }
                }
                data[q] = Batch.ofIds(ids, null, labels);
            } else {
                Matrix[] xs = new Matrix[T];
                for (int t = 0; t < T; t++) {
                    xs[t] = new Matrix(B, input);
                    Init.uniform(xs[t], 1.0, r);
                }
                data[q] = Batch.ofInputs(xs, null, labels);
            }
        }
    }

    private static void setPrecision(Object target, String type, String precision) throws ReflectiveOperationException {
        ClassLoader cl = AbStep.class.getClassLoader();
        Class<?> p = cl.loadClass("rnnlab.core.Precision");
        Object value = p.getMethod("parse", String.class).invoke(null, precision);
        cl.loadClass(type).getMethod("setPrecision", p).invoke(target, value);
    }

    /**
     * forward, loss over every step, BPTT, then SGD θ ← θ − 10⁻³·∂L/∂θ by the library's Sgd with momentum 0, fused
     * with zeroing the gradients where the build has {@code stepAndZeroGrad} (as TrainBench.step).
     */
    @Override
    public void run() {
        model.lossAndGradient(data[k++ & 3]);
        if (stepAndZeroGrad == null) {
            sgd.step(params);
            return;
        }
        try {
            stepAndZeroGrad.invokeExact(params);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
