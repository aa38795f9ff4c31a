package rnnlab.data;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import rnnlab.core.Matrix;

/**
 * Synthetic "speech" for CTC (lecture Part II p.42–44): a digit string spoken as a sequence of acoustic frames,
 * with no frame-level labels. Each digit d has two seeded prototype frames (its onset and its body); saying it
 * gives 2–4 frames (the onset, then the body repeated) with Gaussian noise. Silence frames (noise around 0) come
 * before, after and between the digits, at least one between two equal digits (a speaker pauses; without a pause
 * "3 3" and "3" would sound the same).
 * <pre>
 *   var speech = new SpokenDigits(5, 8, 7);                 // digits 0..4, 8 features per frame, seed 7
 *   var u = speech.utterance(new int[] {2, 2, 4}, rng);     // u.frames(): T×8, u.digits(): [2, 2, 4]
 *   var batch = SpokenDigits.batch(speech.sample(32, 1, 4, rng));   // padded frames, lengths, targets
 * </pre>
 * For CTC the outputs are the digits 0 … V−1 and φ = V ({@link #blank()}).
 */
public final class SpokenDigits {
    private final int digits, features;
    private final double noise;
    private final double[][] onset, body;

    /** One spoken digit string: its digits, its frames (T×features) and which digit each frame came from (−1 = silence). */
    public record Utterance(int[] digits, double[][] frames, int[] frameDigits) {
        /** Number of frames T. */
        public int length() {
            return frames.length;
        }
    }

    /** A padded batch: frames[t] is B×features, lengths[b] the frames of utterance b, targets[b] its digits. */
    public record Frames(Matrix[] frames, int[] lengths, int[][] targets) {
        public int size() {
            return lengths.length;
        }
    }

    /**
     * @param digits   vocabulary size V (digits 0 … V−1), 1…10
     * @param features values per frame, ≥ 1
     * @param seed     seed of the prototypes
     */
    public SpokenDigits(int digits, int features, long seed) {
        this(digits, features, 0.3, seed);
    }

    /** As above, with the standard deviation of the frame noise. */
    public SpokenDigits(int digits, int features, double noise, long seed) {
        if (digits < 1 || digits > 10) {
            throw new IllegalArgumentException("SpokenDigits: digits must be between 1 and 10, got " + digits);
        }
        if (features < 1) {
            throw new IllegalArgumentException("SpokenDigits: features must be ≥ 1, got " + features);
        }
        if (!(noise >= 0) || !Double.isFinite(noise)) {
            throw new IllegalArgumentException("SpokenDigits: noise must be a finite number ≥ 0, got " + noise);
        }
        this.digits = digits;
        this.features = features;
        this.noise = noise;
        SplittableRandom rng = new SplittableRandom(seed);
        onset = new double[digits][features];
        body = new double[digits][features];
        for (int d = 0; d < digits; d++) {
            for (int f = 0; f < features; f++) {
                onset[d][f] = rng.nextDouble(-1, 1);
                body[d][f] = rng.nextDouble(-1, 1);
            }
        }
    }

    /** Number of digits V. */
    public int digits() {
        return digits;
    }

    /** Values per frame. */
    public int features() {
        return features;
    }

    /** The CTC output index of φ: V (the digits are 0 … V−1). */
    public int blank() {
        return digits;
    }

    /** The frames of one digit string. */
    public Utterance utterance(int[] ds, SplittableRandom rng) {
        List<double[]> frames = new ArrayList<>();
        List<Integer> who = new ArrayList<>();
        silence(frames, who, 1 + rng.nextInt(2), rng);
        for (int i = 0; i < ds.length; i++) {
            int d = ds[i];
            if (d < 0 || d >= digits) {
                throw new IllegalArgumentException("SpokenDigits: digit " + d + " at position " + (i + 1)
                        + " is outside 0.." + (digits - 1));
            }
            if (i > 0) {
                silence(frames, who, (ds[i - 1] == d ? 1 : 0) + rng.nextInt(2), rng);
            }
            int n = 2 + rng.nextInt(3);
            for (int j = 0; j < n; j++) {
                double[] proto = j == 0 ? onset[d] : body[d];
                double[] f = new double[features];
                for (int k = 0; k < features; k++) {
                    f[k] = proto[k] + noise * rng.nextGaussian();
                }
                frames.add(f);
                who.add(d);
            }
        }
        silence(frames, who, 1 + rng.nextInt(2), rng);
        return new Utterance(ds.clone(), frames.toArray(new double[0][]),
                who.stream().mapToInt(Integer::intValue).toArray());
    }

    private void silence(List<double[]> frames, List<Integer> who, int n, SplittableRandom rng) {
        for (int j = 0; j < n; j++) {
            double[] f = new double[features];
            for (int k = 0; k < features; k++) {
                f[k] = noise * rng.nextGaussian();
            }
            frames.add(f);
            who.add(-1);
        }
    }

    /** {@code n} utterances of random digit strings of {@code minDigits} … {@code maxDigits} digits. */
    public List<Utterance> sample(int n, int minDigits, int maxDigits, SplittableRandom rng) {
        if (minDigits < 1 || maxDigits < minDigits) {
            throw new IllegalArgumentException("SpokenDigits.sample: need 1 ≤ minDigits ≤ maxDigits, got "
                    + minDigits + " and " + maxDigits);
        }
        List<Utterance> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int[] ds = new int[minDigits + rng.nextInt(maxDigits - minDigits + 1)];
            for (int j = 0; j < ds.length; j++) {
                ds[j] = rng.nextInt(digits);
            }
            out.add(utterance(ds, rng));
        }
        return out;
    }

    /** Pads utterances to the longest one (padding frames are zero) and collects their lengths and digits. */
    public static Frames batch(List<Utterance> us) {
        if (us.isEmpty()) {
            throw new IllegalArgumentException("SpokenDigits.batch: no utterances");
        }
        int T = 0, F = us.get(0).frames()[0].length;
        for (Utterance u : us) {
            T = Math.max(T, u.length());
        }
        Matrix[] xs = new Matrix[T];
        for (int t = 0; t < T; t++) {
            xs[t] = new Matrix(us.size(), F);
        }
        int[] lengths = new int[us.size()];
        int[][] targets = new int[us.size()][];
        for (int b = 0; b < us.size(); b++) {
            Utterance u = us.get(b);
            lengths[b] = u.length();
            targets[b] = u.digits().clone();
            for (int t = 0; t < u.length(); t++) {
                System.arraycopy(u.frames()[t], 0, xs[t].data[b], 0, F);
            }
        }
        return new Frames(xs, lengths, targets);
    }

    @Override
    public String toString() {
        return "SpokenDigits(digits=" + digits + ", features=" + features + ", noise=" + noise + ")";
    }

}
