package rnnlab.viz;

import java.util.ArrayList;
import java.util.List;

import org.knowm.xchart.HeatMapChart;

import rnnlab.structured.Crf;
import rnnlab.structured.Ctc;

/**
 * Pictures of structured outputs (lecture Part II p.42–45 and p.80–87): a CRF's transition scores and the CTC
 * alignment lattice with its posterior. Both are heatmaps made by {@link Plots#heatmap}; read values back with
 * {@link Plots#heatValue}.
 */
public final class StructuredPlots {
    private StructuredPlots() {}

    /**
     * The transition scores A of a CRF layer: row = previous label, column = next label, diverging colours (blue =
     * discouraged, red = encouraged), symmetric around 0. Forbidden transitions (constraints) are drawn at the most
     * negative colour.
     *
     * @param labels the name of each label, in the layer's order
     */
    public static HeatMapChart transitions(Crf crf, List<String> labels) {
        int K = crf.labels();
        if (labels.size() != K) {
            throw new IllegalArgumentException("StructuredPlots.transitions: " + labels.size() + " label names for a "
                    + "CRF of " + K + " labels");
        }
        double[][] a = crf.A.value.toArray();
        double m = 1e-9;
        for (int i = 0; i < K; i++) {
            for (int j = 0; j < K; j++) {
                if (crf.isAllowed(i, j)) {
                    m = Math.max(m, Math.abs(a[i][j]));
                }
            }
        }
        m = roundUp(m);
        for (int i = 0; i < K; i++) {
            for (int j = 0; j < K; j++) {
                if (!crf.isAllowed(i, j)) {
                    a[i][j] = -m;
                }
            }
        }
        List<String> rows = new ArrayList<>();
        for (String l : labels) {
            rows.add(l + " →");
        }
        int grow = 20 * Math.max(0, K - 12); // room for many labels
        HeatMapChart chart = Plots.heatmap(Style.WIDTH + grow, Style.HEIGHT + grow,
                "CRF transition scores A[previous → next]", a, labels, rows, ColorMaps.diverging(), -m, m);
        chart.setXAxisTitle("next label");
        chart.setYAxisTitle("previous label");
        return chart;
    }

    /** The smallest 1, 2 or 5 × 10ⁿ at least {@code v}: a colour range whose ends read well. */
    static double roundUp(double v) {
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double f : new double[] {1, 2, 5, 10}) {
            if (f * p >= v) {
                return f * p;
            }
        }
        return 10 * p;
    }

    /**
     * The CTC alignment lattice of one utterance and the posterior over it: rows are the states of the extended
     * target l' = φ l₁ φ l₂ … φ (top to bottom), columns the frames; the colour of (s, t) is γₜ(s), the probability
     * that an alignment of the target is in state s at frame t. Every column sums to 1.
     *
     * @param symbols the name of each output (index k → name), φ included
     */
    public static HeatMapChart ctcPosterior(Ctc.Lattice lattice, List<String> symbols) {
        int S = lattice.states(), T = lattice.frames();
        double[][] g = new double[S][T];
        for (int t = 0; t < T; t++) {
            for (int s = 0; s < S; s++) {
                g[s][t] = lattice.posterior()[t][s];
            }
        }
        List<String> rows = new ArrayList<>(), cols = new ArrayList<>();
        for (int s = 0; s < S; s++) {
            int k = lattice.extended()[s];
            if (k >= symbols.size()) {
                throw new IllegalArgumentException("StructuredPlots.ctcPosterior: output " + k + " has no name; pass "
                        + "one name per output (" + symbols.size() + " given)");
            }
            rows.add((s + 1) + ": " + symbols.get(k));
        }
        for (int t = 1; t <= T; t++) {
            cols.add(String.valueOf(t));
        }
        HeatMapChart chart = Plots.heatmap("CTC posterior γ over the alignment lattice (log p = "
                + rnnlab.core.Fmt.num(lattice.logLikelihood()) + ")", g, cols, rows, ColorMaps.sequential(), 0, 1);
        chart.setXAxisTitle("frame t");
        chart.setYAxisTitle("state s of l' (φ l₁ φ l₂ … φ)");
        return chart;
    }

    /**
     * Per-frame output probabilities (the lecture's p.45 picture): rows = outputs (φ included), columns = frames.
     *
     * @param probs   {@code [T][K]} probabilities of each frame
     * @param symbols the name of each output
     */
    public static HeatMapChart frameProbabilities(double[][] probs, List<String> symbols) {
        int T = probs.length, K = symbols.size();
        double[][] p = new double[K][T];
        for (int t = 0; t < T; t++) {
            if (probs[t].length != K) {
                throw new IllegalArgumentException("StructuredPlots.frameProbabilities: frame " + (t + 1) + " has "
                        + probs[t].length + " probabilities for " + K + " output names");
            }
            for (int k = 0; k < K; k++) {
                p[k][t] = probs[t][k];
            }
        }
        List<String> cols = new ArrayList<>();
        for (int t = 1; t <= T; t++) {
            cols.add(String.valueOf(t));
        }
        HeatMapChart chart = Plots.heatmap("Output probabilities per frame", p, cols, symbols, ColorMaps.sequential(),
                0, 1);
        chart.setXAxisTitle("frame t");
        chart.setYAxisTitle("output");
        return chart;
    }
}
