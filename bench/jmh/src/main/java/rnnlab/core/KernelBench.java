package rnnlab.core;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The matrix product C += A·B (A n×k, B k×m) of {@link Kernels} against its naive twin and against the layouts and
 * kernels the design notes compare. Lives in package rnnlab.core to reach the package-private implementations.
 * Scores are microseconds per product; GFLOP/s = 2·n·k·m / (score · 1000).
 * <ul>
 *   <li>{@code naive}: {@link NaiveKernels#mulAdd}, i-j-k with a dot product per element;</li>
 *   <li>{@code rowsIkj}: the plain-Java kernel, i-k-j on {@code double[][]} rows (what runs without the module);</li>
 *   <li>{@code flatIkj}: the same loop over one flat {@code double[]} per matrix with computed offsets;</li>
 *   <li>{@code vector}: the register-blocked Vector API kernel, one thread;</li>
 *   <li>{@code kernels1T}/{@code kernels2T}: the public {@link Kernels#mulAdd} with 1 and 2 threads.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx1g"})
public class KernelBench {
    /** n×k×m: the B32 recurrent step, the C recurrent step, the C input projection of all steps. */
    @Param({"32x100x400", "64x256x1024", "3200x128x1024"})
    public String shape;

    int n, k, m;
    Matrix a, b, c;
    double[] fa, fb, fc;

    @Setup(Level.Trial)
    public void setup() {
        String[] s = shape.split("x");
        n = Integer.parseInt(s[0]);
        k = Integer.parseInt(s[1]);
        m = Integer.parseInt(s[2]);
        SplittableRandom rng = new SplittableRandom(1);
        a = new Matrix(n, k);
        b = new Matrix(k, m);
        c = new Matrix(n, m);
        Init.uniform(a, 1.0, rng);
        Init.uniform(b, 1.0, rng);
        fa = flat(a);
        fb = flat(b);
        fc = new double[n * m];
        if (Kernels.VECTOR == null) {
            throw new IllegalStateException("KernelBench needs --add-modules jdk.incubator.vector");
        }
    }

    static double[] flat(Matrix x) {
        double[] f = new double[x.rows * x.cols];
        for (int r = 0; r < x.rows; r++) {
            System.arraycopy(x.data[r], 0, f, r * x.cols, x.cols);
        }
        return f;
    }

    @Benchmark
    public Matrix naive() {
        NaiveKernels.mulAdd(a, b, c);
        return c;
    }

    @Benchmark
    public Matrix rowsIkj() {
        Kernels.PLAIN.mulAdd(a.data, b.data, c.data, 0, n, k, m);
        return c;
    }

    @Benchmark
    public double[] flatIkj() {
        final double[] A = fa, B = fb, C = fc;
        final int n = this.n, k = this.k, m = this.m;
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < k; p++) {
                final double aip = A[i * k + p];
                for (int j = 0; j < m; j++) {
                    C[i * m + j] += aip * B[p * m + j];
                }
            }
        }
        return C;
    }

    @Benchmark
    public Matrix vector() {
        Kernels.VECTOR.mulAdd(a.data, b.data, c.data, 0, n, k, m);
        return c;
    }

    @Benchmark
    public Matrix kernels1T() {
        Kernels.setThreads(1);
        Kernels.mulAdd(a, b, c);
        return c;
    }

    @Benchmark
    public Matrix kernels2T() {
        Kernels.setThreads(2);
        Kernels.mulAdd(a, b, c);
        return c;
    }
}
