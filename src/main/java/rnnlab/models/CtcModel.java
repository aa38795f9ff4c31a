package rnnlab.models;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import rnnlab.cells.RecurrentLayer;
import rnnlab.core.GradCheck;
import rnnlab.core.GradCheckReport;
import rnnlab.core.Matrix;
import rnnlab.core.Params;
import rnnlab.layers.Dense;
import rnnlab.structured.Ctc;

/**
 * A recurrent network trained with CTC (lecture Part II p.42–45): frames → recurrent body → output layer → scores
 * over the K outputs (symbols and φ) per frame; the loss sums over every alignment of the target
 * ({@link Ctc}), and decoding reads the frames greedily or by prefix beam search. The output is shorter than the
 * input and needs no frame-level labels.
 * <pre>
 *   xs[t]        B×n   frame t of every sequence (t = 0 … T−1), lengths[b] valid frames (null = all T)
 *   targets[b]   the label sequence of sequence b (no φ), at most lengths[b] symbols
 *   forward  →   scores[t]  B×K
 * </pre>
 * Parameters are named {@code rnn.…}, {@code head.W}, {@code head.b}.
 */
public final class CtcModel {
    private final RecurrentLayer body;
    private final Dense head;
    private final Ctc ctc;
    private final Params params = new Params();
    private Matrix[] scores, dScores, dBody;
    private Matrix[] bodyOut;
    private int T = -1, B = -1;

    /**
     * @param body  the recurrent layers
     * @param head  body output → K outputs (symbols and φ)
     * @param blank the output index of φ
     */
    public CtcModel(RecurrentLayer body, Dense head, int blank) {
        this.body = Objects.requireNonNull(body, "body");
        this.head = Objects.requireNonNull(head, "head");
        if (head.inputSize() != body.outputSize()) {
            throw new IllegalArgumentException("CtcModel: output layer reads " + head.inputSize()
                    + " values but the recurrent body gives " + body.outputSize());
        }
        if (blank < 0 || blank >= head.outputSize()) {
            throw new IllegalArgumentException("CtcModel: blank index " + blank + " is outside the "
                    + head.outputSize() + " outputs");
        }
        this.ctc = new Ctc(blank);
        params.addAll("rnn.", body.params());
        params.addAll("head.", head.params());
    }

    public Params params() {
        return params;
    }

    public RecurrentLayer body() {
        return body;
    }

    public Ctc ctc() {
        return ctc;
    }

    /** Number of outputs K (symbols and φ). */
    public int outputs() {
        return head.outputSize();
    }

    /** Scores per frame (B×K each); the arrays belong to the model and are overwritten by the next call. */
    public Matrix[] forward(Matrix[] xs, int[] lengths) {
        bodyOut = body.forward(xs, lengths);
        if (bodyOut.length != T || bodyOut[0].rows != B) {
            T = bodyOut.length;
            B = bodyOut[0].rows;
            scores = new Matrix[T];
            dScores = new Matrix[T];
            dBody = new Matrix[T];
            for (int t = 0; t < T; t++) {
                scores[t] = new Matrix(B, head.outputSize());
                dScores[t] = new Matrix(B, head.outputSize());
                dBody[t] = new Matrix(B, body.outputSize());
            }
        }
        for (int t = 0; t < T; t++) {
            head.forward(bodyOut[t], scores[t]);
        }
        return scores;
    }

    /** The summed CTC loss of the batch (forward only). */
    public double loss(Matrix[] xs, int[] lengths, int[][] targets) {
        return ctc.lossAndGradient(forward(xs, lengths), lengths, targets, null);
    }

    /** Zeroes the gradients, then forward, CTC and backward; returns the loss. */
    public double lossAndGradient(Matrix[] xs, int[] lengths, int[][] targets) {
        params.zeroGrad();
        double loss = ctc.lossAndGradient(forward(xs, lengths), lengths, targets, dScores);
        for (int t = 0; t < T; t++) {
            head.backward(bodyOut[t], dScores[t], dBody[t]);
        }
        lastDInputs = body.backward(dBody);
        return loss;
    }

    private Matrix[] lastDInputs;

    /** The scores of sequence b of the last forward pass as T_b×K arrays (copies). */
    private double[][] scoresOf(int b, int[] lengths) {
        int n = lengths == null ? T : lengths[b];
        double[][] o = new double[n][];
        for (int t = 0; t < n; t++) {
            o[t] = scores[t].rowCopy(b);
        }
        return o;
    }

    /** The frame scores of every sequence (T_b×K each), e.g. for {@link Ctc#lattice}. */
    public List<double[][]> frameScores(Matrix[] xs, int[] lengths) {
        forward(xs, lengths);
        List<double[][]> out = new ArrayList<>();
        for (int b = 0; b < B; b++) {
            out.add(scoresOf(b, lengths));
        }
        return out;
    }

    /** Greedy decoding of every sequence. */
    public int[][] greedy(Matrix[] xs, int[] lengths) {
        List<double[][]> s = frameScores(xs, lengths);
        int[][] out = new int[s.size()][];
        for (int b = 0; b < out.length; b++) {
            out[b] = ctc.greedy(s.get(b));
        }
        return out;
    }

    /** Prefix beam search on every sequence; the best hypothesis of each. */
    public int[][] beamSearch(Matrix[] xs, int[] lengths, int width) {
        List<double[][]> s = frameScores(xs, lengths);
        int[][] out = new int[s.size()][];
        for (int b = 0; b < out.length; b++) {
            out[b] = ctc.beamSearch(s.get(b), width).get(0).labels();
        }
        return out;
    }

    /** Checks every parameter, every input entry and the initial states numerically on one batch. */
    public GradCheckReport gradientCheck(Matrix[] xs, int[] lengths, int[][] targets, GradCheck.Options options) {
        forward(xs, lengths); // creates the initial-state tensors for this batch size
        return GradCheck.checkSequence(params, xs, body.initialState(), () -> loss(xs, lengths, targets),
                () -> lossAndGradient(xs, lengths, targets), () -> lastDInputs, options);
    }

    @Override
    public String toString() {
        return "CtcModel(outputs=" + head.outputSize() + ", blank=" + ctc.blank() + ", params=" + params.count()
                + ")\n  " + body.toString().replace("\n", "\n  ") + "\n  head: " + head;
    }
}
