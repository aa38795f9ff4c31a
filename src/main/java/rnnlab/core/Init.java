package rnnlab.core;

import java.util.SplittableRandom;

/** Seeded weight initialisation. Same seed, same numbers, on every machine. */
public final class Init {
    /** The seed used when none is given. */
    public static final long DEFAULT_SEED = 42L;

    private Init() {}

    /** Fills {@code m} with values drawn uniformly from [−scale, scale]. */
    public static void uniform(Matrix m, double scale, SplittableRandom rng) {
        for (double[] row : m.data) {
            for (int c = 0; c < row.length; c++) {
                row[c] = (2 * rng.nextDouble() - 1) * scale;
            }
        }
    }

    /** Uniform in ±1/√fanIn, the default of most RNN libraries for recurrent layers. */
    public static void fanIn(Matrix m, int fanIn, SplittableRandom rng) {
        uniform(m, 1.0 / Math.sqrt(Math.max(1, fanIn)), rng);
    }
}
