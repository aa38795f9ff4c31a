package rnnlab.models;

import java.util.ArrayList;
import java.util.List;

import rnnlab.cells.LayerTrace;
import rnnlab.core.HtmlRenderable;
import rnnlab.core.Matrix;

/**
 * What a whole model computed for one batch, copied: the trace of every cell of its body (bottom layer first; a
 * bidirectional layer gives its forward then its backward cell) and the output probabilities. Immutable: later
 * passes do not change it, and every accessor returns a copy.
 * <pre>
 *   Trace trace = model.trace(batch);                    // or tagger.trace(List.of("arrive", "Taipei", …))
 *   trace.layers()                                       // e.g. [forward: LSTM, backward: LSTM]
 *   trace.layer(0).series("forget gate", 0)              // [t][unit] of sequence 0
 *   trace.body("h", 0)                                   // the top layer's h (both halves if bidirectional)
 *   trace.probabilities(0)                               // [t][class] (many-to-one: one row)
 *   Plots.hiddenStates(trace.layer(0).series("h", 0), tokens)
 * </pre>
 */
public final class Trace implements HtmlRenderable {
    private final List<LayerTrace> layers;
    private final double[][][] probabilities;   // [t][b][k]
    private final int[] lengths;
    private final List<String> tokens;

    Trace(List<LayerTrace> layers, Matrix[] probabilities, int[] lengths, List<String> tokens) {
        this.layers = List.copyOf(layers);
        this.probabilities = new double[probabilities.length][][];
        for (int t = 0; t < probabilities.length; t++) {
            this.probabilities[t] = new double[probabilities[t].rows][];
            for (int b = 0; b < probabilities[t].rows; b++) {
                this.probabilities[t][b] = probabilities[t].data[b].clone();
            }
        }
        this.lengths = lengths == null ? null : lengths.clone();
        this.tokens = tokens == null ? null : List.copyOf(tokens);
    }

    /** The same trace with the tokens of its (single) sequence, for labels in tables and plots. */
    Trace withTokens(List<String> words) {
        return new Trace(layers, toMatrices(), lengths, words);
    }

    private Matrix[] toMatrices() {
        Matrix[] m = new Matrix[probabilities.length];
        for (int t = 0; t < m.length; t++) {
            m[t] = Matrix.ofRows(probabilities[t]);
        }
        return m;
    }

    /** The traces of the body's cells, bottom first. */
    public List<LayerTrace> layers() {
        return layers;
    }

    /** The i-th cell trace (0 = the bottom layer, or its forward half). */
    public LayerTrace layer(int i) {
        if (i < 0 || i >= layers.size()) {
            throw new IndexOutOfBoundsException("Trace: layer " + i + " is outside 0 … " + (layers.size() - 1)
                    + "; the traced cells are " + names());
        }
        return layers.get(i);
    }

    /** The cell trace called {@code name} (e.g. "backward: GRU", "layer 2: LSTM"). */
    public LayerTrace layer(String name) {
        for (LayerTrace t : layers) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("Trace: no layer called '" + name + "'; the traced cells are " + names());
    }

    private List<String> names() {
        List<String> n = new ArrayList<>();
        for (LayerTrace t : layers) {
            n.add(t.name());
        }
        return n;
    }

    /**
     * What the top of the body gives for sequence b, {@code [t][unit]}: the last cell's {@code quantity}, or for a
     * bidirectional top the forward and backward halves side by side (as the output layer reads them).
     */
    public double[][] body(String quantity, int b) {
        LayerTrace last = layers.get(layers.size() - 1);
        if (!last.name().contains("backward:")) {
            return last.series(quantity, b);
        }
        double[][] fw = layers.get(layers.size() - 2).series(quantity, b), bw = last.series(quantity, b);
        double[][] out = new double[fw.length][];
        for (int t = 0; t < fw.length; t++) {
            out[t] = new double[fw[t].length + bw[t].length];
            System.arraycopy(fw[t], 0, out[t], 0, fw[t].length);
            System.arraycopy(bw[t], 0, out[t], fw[t].length, bw[t].length);
        }
        return out;
    }

    /** Output probabilities of sequence b: {@code [t][class]} (many-to-one: a single row). */
    public double[][] probabilities(int b) {
        double[][] out = new double[probabilities.length][];
        for (int t = 0; t < out.length; t++) {
            out[t] = probabilities[t][b].clone();
        }
        return out;
    }

    /** Valid steps of each sequence (null when none was padded). */
    public int[] lengths() {
        return lengths == null ? null : lengths.clone();
    }

    /** The words of a traced sentence (from {@code Tagger.trace}), or null. */
    public List<String> tokens() {
        return tokens;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Trace of " + layers.size() + " cell(s)"
                + (tokens != null ? " over " + tokens : "") + "\n");
        for (LayerTrace t : layers) {
            sb.append(t).append('\n');
        }
        return sb.toString();
    }

    @Override
    public String toHtml() {
        StringBuilder sb = new StringBuilder("<div><b>Trace of " + layers.size() + " cell(s)</b>");
        for (LayerTrace t : layers) {
            sb.append(t.toHtml());
        }
        return sb.append("</div>").toString();
    }
}
