package rnnlab.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
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
 * Full training steps of RNN Lab through its public API: forward, softmax cross-entropy summed over every step,
 * backpropagation through time, plain SGD. One line per (configuration, thread count) on stdout and in a CSV.
 *
 * <pre>
 *   java -cp rnnlab.jar:bench/build rnnlab.bench.TrainBench [--quick] [--only A,B1-LSTM,...] [--threads 1,2]
 *        [--precision double,float32] [--csv FILE (appended to)] [--no-header] [--peak GFLOPS]
 * </pre>
 * {@code --precision} chooses the number types of the recurrent layers ({@link rnnlab.core.Precision}), default both:
 * a float32 line (config name with " f32", dtype float32 in the CSV) runs the same model with
 * {@code Network.Builder.precision(FLOAT32)}: recurrent layers and the output layer's products in float; its
 * parameters, embedding and softmax stay double.
 * {@code --peak} is the FP64 fused-multiply-add peak of one core in GFLOP/s ({@code bench/run} measures it with
 * {@link PeakFma} or takes the value given to it); each line then also shows the share of the peak that the step's
 * matrix work reaches: GFLOP/s ÷ (peak × threads), with twice the peak for float32 lines (twice the lanes).
 * Shapes: A lecture LSTM 3→4 (T 9, B 1, 3 outputs); B1/B32 slot filling (embedding 600→100, hidden 100, T 15,
 * 127 outputs) for Elman, LSTM and bidirectional LSTM, and B32 for GRU; C large (dense input 128, hidden 256, T 50, B 64, 100
 * outputs) for Elman and LSTM. Same definitions as {@code bench/torch_bench.py}.
 */
public final class TrainBench {
    /** One benchmark configuration. vocab = 0 means dense input vectors of size {@code input}. */
    record Config(String name, String arch, boolean bidirectional, int vocab, int input, int hidden, int T, int B,
                  int classes) {
        int tokens() {
            return T * B;
        }

        /**
         * FLOPs of the matrix products of one training step (2 per multiply-add), counted from the shapes: the
         * input projections, the recurrent products and the output layer, forward and backward (weight gradients,
         * recurrent gradients, and input gradients only where an embedding needs them). Element-wise work, the
         * softmax and the SGD update are not counted.
         */
        double flops() {
            double N = (double) T * B;
            int G = arch.equals("LSTM") ? 4 : arch.equals("GRU") ? 3 : 1;   // gates (GRU: z, r and the candidate)
            int D = bidirectional ? 2 : 1;
            double in = N * input * G * hidden * 2;      // x·W
            double rec = N * hidden * G * hidden * 2;    // h·U
            double head = N * D * hidden * classes * 2;  // h·Wo
            double fwd = D * (in + rec) + head;
            double bwd = D * (in + 2 * rec + (vocab > 0 ? in : 0)) + 2 * head;
            return fwd + bwd;
        }
    }

    static final List<Config> ALL = List.of(
            new Config("A-lecture-LSTM", "LSTM", false, 0, 3, 4, 9, 1, 3),
            new Config("B1-Elman", "Elman", false, 600, 100, 100, 15, 1, 127),
            new Config("B1-LSTM", "LSTM", false, 600, 100, 100, 15, 1, 127),
            new Config("B1-BiLSTM", "LSTM", true, 600, 100, 100, 15, 1, 127),
            new Config("B32-Elman", "Elman", false, 600, 100, 100, 15, 32, 127),
            new Config("B32-LSTM", "LSTM", false, 600, 100, 100, 15, 32, 127),
            new Config("B32-BiLSTM", "LSTM", true, 600, 100, 100, 15, 32, 127),
            new Config("B32-GRU", "GRU", false, 600, 100, 100, 15, 32, 127),
            new Config("C-Elman", "Elman", false, 0, 128, 256, 50, 64, 100),
            new Config("C-LSTM", "LSTM", false, 0, 128, 256, 50, 64, 100));

    static final double LEARNING_RATE = 1e-3;
    static final int BATCHES = 4;
    /**
     * A warm-up step that allocates more than this is not steady (code not yet compiled: an uncompiled Vector API
     * kernel boxes its vectors). A compiled step allocates 0-50 B; an uncompiled one at A or B1 only 1-35 kB, which
     * the earlier threshold of 64 kB let through into the measured rows of a JVM's first configurations.
     */
    static final long WARM_ALLOC_BYTES = 1024;
    static final double MAX_WARM_SEC = 20;
    /** Warm-up ends after at least this many steady steps in a row … */
    static final int STEADY_STEPS = 10;
    /** … spanning at least this long, in which the JIT finished no compilation (it was done with the step's code). */
    static final double STEADY_SEC = 0.25;

    public static void main(String[] args) throws IOException {
        boolean quick = false, noHeader = false;
        String only = null;
        int[] threadCounts = {1, 2};
        List<rnnlab.core.Precision> precisions = List.of(rnnlab.core.Precision.DOUBLE, rnnlab.core.Precision.FLOAT32);
        Path csv = null;
        double peak = Double.NaN;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--no-header" -> noHeader = true;
                case "--only" -> only = args[++i];
                case "--threads" -> threadCounts = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt)
                        .toArray();
                case "--csv" -> csv = Path.of(args[++i]);
                case "--precision" -> precisions = Arrays.stream(args[++i].split(",")).map(rnnlab.core.Precision::parse)
                        .toList();
                case "--peak" -> {
                    peak = Double.parseDouble(args[++i]);
                    if (!(peak > 0)) {
                        throw new IllegalArgumentException("TrainBench: --peak must be a positive GFLOP/s per core,"
                                + " got " + args[i]);
                    }
                }
                default -> throw new IllegalArgumentException("TrainBench: unknown argument " + args[i]
                        + "; use --quick, --only A-lecture-LSTM,B1-LSTM, --threads 1,2, --precision double,float32,"
                        + " --csv FILE, --peak GFLOPS");
            }
        }
        double warmSec = quick ? 0.4 : 1.5, roundSec = quick ? 0.04 : 0.12;
        int rounds = quick ? 5 : 15;
        if (!noHeader) {
            System.out.printf(Locale.ROOT, "RNN Lab training-step benchmark: Java %s, kernels %s; float32 kernels %s;"
                    + " %d cores, %s%n", System.getProperty("java.version"), Kernels.implementation(),
                    rnnlab.core.FloatKernels.implementation(),
                    Runtime.getRuntime().availableProcessors(), quick ? "quick" : "full");
        }
        String header = "framework,config,dtype,threads,tokens_per_s_median,tokens_per_s_q1,tokens_per_s_q3,"
                + "tokens_per_s_min,tokens_per_s_max,ms_per_step,cpu_ms_per_step,gflops,alloc_bytes_per_step,peak_heap_mb,loss,"
                + "peak_gflops_per_core,share_of_peak,process_cpu_ms_per_step";
        List<String> lines = new ArrayList<>();
        if (!noHeader) {
            System.out.printf(Locale.ROOT, "%-20s %3s %12s %26s %9s %9s %9s %8s %6s %13s %8s%n", "config", "thr",
                    "tokens/s", "IQR [min..max]", "ms/step", "cpu ms", "proc cpu", "GFLOP/s", "%peak", "alloc B/step",
                    "heap MB");
            System.out.println("(cpu ms: CPU time of the calling thread per step; far below ms/step means the machine"
                    + " is busy with other work; proc cpu: CPU time of the whole JVM per step, both threads and their"
                    + " waiting)");
            System.out.println(Double.isNaN(peak) ? "(%peak: not shown; give --peak GFLOPS, the FP64 FMA peak of one core)"
                    : String.format(Locale.ROOT, "(%%peak: GFLOP/s ÷ (%.1f GFLOP/s FP64 FMA peak per core × threads);"
                    + " f32 lines: ÷ (%.1f FP32 peak × threads))", peak, 2 * peak));
        }
        for (Config c : ALL) {
            if (only != null && !Arrays.asList(only.split(",")).contains(c.name())) {
                continue;
            }
            for (rnnlab.core.Precision p : precisions) {
                for (int th : threadCounts) {
                    Kernels.setThreads(th);
                    String line = run(c, p, th, warmSec, roundSec, rounds, peak);
                    lines.add(line);
                }
            }
        }
        Kernels.setThreads(Kernels.defaultThreads());
        if (csv != null) {
            Files.createDirectories(csv.toAbsolutePath().getParent());
            boolean fresh = !Files.exists(csv);
            try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(csv, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND))) {
                if (fresh) {
                    w.println(header);
                }
                lines.forEach(w::println);
            }
        }
    }

    static SequenceModel build(Config c, rnnlab.core.Precision precision) {
        SplittableRandom rng = new SplittableRandom(Init.DEFAULT_SEED);
        Network.Cell cell = Network.Cell.valueOf(c.arch().toUpperCase(java.util.Locale.ROOT));
        if (c.vocab() > 0) {
            return Network.builder().cell(cell).vocabulary(c.vocab()).embedding(c.input()).hidden(c.hidden())
                    .bidirectional(c.bidirectional()).classes(c.classes()).seed(Init.DEFAULT_SEED)
                    .precision(precision).build().model();
        }
        Network net = Network.builder().cell(cell).embedding(0).inputs(c.input()).hidden(c.hidden())
                .bidirectional(c.bidirectional()).seed(Init.DEFAULT_SEED).precision(precision).build();
        RecurrentLayer body = c.bidirectional() ? net.body() : cell.layer(net, c.input(), false, rng);
        body.setPrecision(precision);
        Dense head = new Dense(body.outputSize(), c.classes(), rng);
        head.setPrecision(precision);
        SequenceModel m = new SequenceModel(null, body, head, SequenceModel.Kind.MANY_TO_MANY);
        // dense inputs need no gradient (nothing reads it), as in the PyTorch twin, whose inputs do not require one;
        // flops() does not count ∂x here either
        m.setInputGradients(false);
        return m;
    }

    static Batch[] batches(Config c) {
        SplittableRandom rng = new SplittableRandom(7);
        Batch[] out = new Batch[BATCHES];
        for (int k = 0; k < BATCHES; k++) {
            int[][] labels = new int[c.B()][c.T()];
            for (int[] row : labels) {
                for (int t = 0; t < row.length; t++) {
                    row[t] = rng.nextInt(c.classes());
                }
            }
            if (c.vocab() > 0) {
                int[][] ids = new int[c.B()][c.T()];
                for (int[] row : ids) {
                    for (int t = 0; t < row.length; t++) {
                        row[t] = rng.nextInt(c.vocab());
                    }
                }
                out[k] = Batch.ofIds(ids, null, labels);
            } else {
                Matrix[] xs = new Matrix[c.T()];
                for (int t = 0; t < c.T(); t++) {
                    xs[t] = new Matrix(c.B(), c.input());
                    Init.uniform(xs[t], 1.0, rng);
                }
                out[k] = Batch.ofInputs(xs, null, labels);
            }
        }
        return out;
    }

    /**
     * One training step: forward, loss over every step, BPTT, then SGD θ ← θ − η·∂L/∂θ by the library's optimiser
     * ({@code Sgd} with momentum 0, as the PyTorch twin uses {@code torch.optim.SGD}), which also zeroes the gradients
     * for the next step in its pass over the parameters.
     */
    static double step(SequenceModel model, Params params, Optimizer sgd, Batch batch) {
        double loss = model.lossAndGradient(batch);
        sgd.stepAndZeroGrad(params);
        return loss;
    }

    static String run(Config c, rnnlab.core.Precision precision, int threads, double warmSec, double roundSec,
                      int rounds, double peakGflopsFp64) {
        SequenceModel model = build(c, precision);
        boolean f32 = precision == rnnlab.core.Precision.FLOAT32;
        double peakGflops = f32 ? 2 * peakGflopsFp64 : peakGflopsFp64;   // twice the lanes per vector
        Params params = model.params();
        Optimizer sgd = new Sgd.Settings(LEARNING_RATE, 0).create();
        Batch[] data = batches(c);
        System.gc();
        List<MemoryPoolMXBean> heapPools = new ArrayList<>();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                heapPools.add(p);
                p.resetPeakUsage();
            }
        }
        // warm-up: JIT compilation and buffer sizing; also calibrates the steps per round
        long t0 = System.nanoTime();
        int steps = 0;
        double loss = 0;
        com.sun.management.ThreadMXBean tmx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        long tCal = t0;
        int calSteps = 0;
        double lastStepSec = 0;
        // until warmSec has passed AND the last STEADY_STEPS steps, over at least STEADY_SEC, allocated (almost)
        // nothing and saw the JIT finish no compilation (the vector kernels box their vectors until C2 has compiled
        // them; a step still partly interpreted or in C1 code is slower), at most MAX_WARM_SEC
        java.lang.management.CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        boolean jitTimed = jit != null && jit.isCompilationTimeMonitoringSupported();
        long jitMs = jitTimed ? jit.getTotalCompilationTime() : 0;
        while (System.nanoTime() - t0 < warmSec * 1e9 || steps < 3
                || ((calSteps < STEADY_STEPS || System.nanoTime() - tCal < STEADY_SEC * 1e9)
                    && System.nanoTime() - t0 < MAX_WARM_SEC * 1e9)) {
            long a0 = tmx.getThreadAllocatedBytes(tid), s0 = System.nanoTime();
            loss = step(model, params, sgd, data[steps % BATCHES]);
            lastStepSec = (System.nanoTime() - s0) / 1e9;
            long bytes = tmx.getThreadAllocatedBytes(tid) - a0;
            long jitNow = jitTimed ? jit.getTotalCompilationTime() : 0;
            steps++;
            calSteps++;
            if (bytes > WARM_ALLOC_BYTES || jitNow != jitMs) { // calibrate on the steady part only
                tCal = System.nanoTime();
                calSteps = 0;
                jitMs = jitNow;
            }
        }
        if (calSteps < STEADY_STEPS || System.nanoTime() - tCal < STEADY_SEC * 1e9) {
            System.err.printf(Locale.ROOT, "TrainBench: %s %s %d thread(s): not steady after %.0f s of warm-up (a step"
                    + " still allocating or the JIT still compiling); measured anyway%n", c.name(), precision, threads,
                    MAX_WARM_SEC);
        }
        // (when the warm-up ended at MAX_WARM_SEC right after an allocating step there is no steady step yet: then
        // the last step's time, not the ~0 s since it, or a round would be thousands of steps)
        double secPerStep = calSteps > 0 ? (System.nanoTime() - tCal) / 1e9 / calSteps : lastStepSec;
        int perRound = Math.max(1, (int) Math.ceil(roundSec / secPerStep));
        double[] tps = new double[rounds];
        // the OS bean before the allocation count starts: its first creation in a JVM allocates about 380 kB (class
        // loading, MXBean registration), which was counted into the first measured row of every JVM (the double
        // 1-thread row) and read as 8-25 kB per step at C, where a row has only 15-45 steps
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long proc0 = os.getProcessCpuTime();
        long alloc0 = tmx.getThreadAllocatedBytes(tid);
        long totalNanos = 0;
        long cpu0 = tmx.getThreadCpuTime(tid);
        int k = 0;
        for (int r = 0; r < rounds; r++) {
            long s = System.nanoTime();
            for (int i = 0; i < perRound; i++) {
                loss = step(model, params, sgd, data[k++ % BATCHES]);
            }
            long ns = System.nanoTime() - s;
            totalNanos += ns;
            tps[r] = (double) c.tokens() * perRound / (ns / 1e9);
        }
        long alloc = tmx.getThreadAllocatedBytes(tid) - alloc0;
        long cpu = tmx.getThreadCpuTime(tid) - cpu0;
        long procCpu = os.getProcessCpuTime() - proc0;
        long peak = 0;
        for (MemoryPoolMXBean p : heapPools) {
            peak += p.getPeakUsage().getUsed();
        }
        Arrays.sort(tps);
        double median = quantile(tps, 0.5), q1 = quantile(tps, 0.25), q3 = quantile(tps, 0.75);
        int totalSteps = rounds * perRound;
        double msPerStep = totalNanos / 1e6 / totalSteps;
        double cpuMsPerStep = cpu / 1e6 / totalSteps;
        double procCpuMsPerStep = procCpu / 1e6 / totalSteps;
        double gflops = c.flops() * median / c.tokens() / 1e9; // FLOPs per step × steps per second
        double allocPerStep = (double) alloc / totalSteps;
        double share = gflops / (peakGflops * threads); // NaN without --peak
        System.out.printf(Locale.ROOT, "%-20s %3d %12.0f %26s %9.3f %9.3f %9.3f %8.2f %6s %13.0f %8.1f%n",
                c.name() + (f32 ? " f32" : ""),
                threads, median, String.format(Locale.ROOT, "%.0f-%.0f [%.0f..%.0f]", q1, q3, tps[0], tps[rounds - 1]),
                msPerStep, cpuMsPerStep, procCpuMsPerStep, gflops, Double.isNaN(share) ? "–" : String.format(Locale.ROOT, "%.1f%%",
                        100 * share), allocPerStep, peak / 1e6);
        return String.format(Locale.ROOT, "rnnlab,%s,%s,%d,%.1f,%.1f,%.1f,%.1f,%.1f,%.4f,%.4f,%.3f,%.0f,%.1f,%.6g,%s,%s,%.4f",
                c.name(), f32 ? "float32" : "float64", threads, median, q1, q3, tps[0], tps[rounds - 1], msPerStep, cpuMsPerStep, gflops,
                allocPerStep, peak / 1e6, loss, Double.isNaN(peakGflopsFp64) ? "" : String.format(Locale.ROOT,
                        "%.1f", peakGflopsFp64), Double.isNaN(share) ? "" : String.format(Locale.ROOT, "%.4f", share), procCpuMsPerStep);
    }

    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos), hi = (int) Math.ceil(pos);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }
}
