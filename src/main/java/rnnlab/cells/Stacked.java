package rnnlab.cells;

import java.util.ArrayList;
import java.util.List;

import rnnlab.core.Matrix;
import rnnlab.core.Param;
import rnnlab.core.Params;

/**
 * A deep RNN (lecture p.14): recurrent layers stacked so each one's output sequence is the next one's input.
 * Parameters are named {@code layer0.…}, {@code layer1.…} from the bottom.
 */
public final class Stacked implements RecurrentLayer {
    private final List<RecurrentLayer> layers;
    private final Params params = new Params();
    /** between.get(i): dropout on layer i's output where layer i+1 reads it (null entries: none). */
    private List<rnnlab.layers.Dropout> between = List.of();

    /** Stacks the layers bottom-up; each layer's input size must equal the output size of the one below. */
    public Stacked(List<? extends RecurrentLayer> layers) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("Stacked: give at least one layer");
        }
        for (int i = 1; i < layers.size(); i++) {
            if (layers.get(i).inputSize() != layers.get(i - 1).outputSize()) {
                throw new IllegalArgumentException("Stacked: layer " + i + " (" + layers.get(i) + ") reads "
                        + layers.get(i).inputSize() + " values but layer " + (i - 1) + " outputs "
                        + layers.get(i - 1).outputSize());
            }
        }
        this.layers = List.copyOf(layers);
        for (int i = 0; i < layers.size(); i++) {
            params.addAll("layer" + i + ".", layers.get(i).params());
        }
    }

    /**
     * Dropout between the layers: {@code dropouts.get(i)} acts on layer i's output where layer i+1 reads it (so
     * there are layers − 1 of them; a null entry means none). An empty list turns it off.
     */
    public void setLayerDropout(List<rnnlab.layers.Dropout> dropouts) {
        if (!dropouts.isEmpty() && dropouts.size() != layers.size() - 1) {
            throw new IllegalArgumentException("Stacked: " + layers.size() + " layers have " + (layers.size() - 1)
                    + " places between them, got " + dropouts.size() + " dropouts");
        }
        for (int i = 0; i < dropouts.size(); i++) {
            if (dropouts.get(i) != null && dropouts.get(i).size() != layers.get(i).outputSize()) {
                throw new IllegalArgumentException("Stacked: the dropout after layer " + i + " has "
                        + dropouts.get(i).size() + " values, the layer outputs " + layers.get(i).outputSize());
            }
        }
        between = java.util.Collections.unmodifiableList(new ArrayList<>(dropouts));
    }

    /** The dropouts between the layers (empty: none). */
    public List<rnnlab.layers.Dropout> layerDropout() {
        return between;
    }

    /** The layers, bottom first. */
    public List<RecurrentLayer> layers() {
        return layers;
    }

    /** Layer i (0 = bottom). */
    public RecurrentLayer layer(int i) {
        return layers.get(i);
    }

    @Override
    public int inputSize() {
        return layers.get(0).inputSize();
    }

    @Override
    public int outputSize() {
        return layers.get(layers.size() - 1).outputSize();
    }

    @Override
    public Params params() {
        return params;
    }

    @Override
    public List<Param> initialState() {
        List<Param> l = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            l.addAll(Param.prefixed("layer" + i + ".", layers.get(i).initialState()));
        }
        return l;
    }

    @Override
    public Matrix[] forward(Matrix[] xs, int[] lengths) {
        Matrix[] h = xs;
        for (int i = 0; i < layers.size(); i++) {
            h = layers.get(i).forward(h, lengths);
            if (i < between.size() && between.get(i) != null) {
                h = between.get(i).forward(h);          // what layer i+1 reads: hᵗ ⊙ m while training
            }
        }
        return h;
    }

    @Override
    public Matrix[] backward(Matrix[] dOut) {
        Matrix[] d = dOut;
        for (int i = layers.size() - 1; i >= 0; i--) {
            if (i < between.size() && between.get(i) != null) {
                d = between.get(i).backward(d);
            }
            d = layers.get(i).backward(d);
        }
        return d;
    }

    /** Sets every layer's precision (all must have a float path for FLOAT32; nothing changes otherwise). */
    @Override
    public void setPrecision(rnnlab.core.Precision p) {
        rnnlab.core.Precision before = precision();
        for (int i = 0; i < layers.size(); i++) {
            try {
                layers.get(i).setPrecision(p);
            } catch (RuntimeException e) {
                for (int j = 0; j < i; j++) {
                    layers.get(j).setPrecision(before);
                }
                throw e;
            }
        }
    }

    @Override
    public rnnlab.core.Precision precision() {
        return layers.get(0).precision();
    }

    @Override
    public void setTruncation(int k) {
        for (RecurrentLayer l : layers) {
            l.setTruncation(k);
        }
    }

    /** Only the bottom layer's ∂x is the stack's input gradient; the upper layers always pass theirs down. */
    @Override
    public void setInputGradientNeeded(boolean needed) {
        layers.get(0).setInputGradientNeeded(needed);
    }

    @Override
    public void gatherLast(Matrix[] out, int[] lengths, Matrix into) {
        layers.get(layers.size() - 1).gatherLast(out, lengths, into);
    }

    @Override
    public void scatterLast(Matrix dLast, int[] lengths, Matrix[] dOut) {
        layers.get(layers.size() - 1).scatterLast(dLast, lengths, dOut);
    }

    @Override
    public List<LayerTrace> trace() {
        List<LayerTrace> all = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            for (LayerTrace t : layers.get(i).trace()) {
                boolean direction = t.name().startsWith("forward:") || t.name().startsWith("backward:");
                all.add(t.named("layer " + (i + 1) + (direction ? " " : ": ") + t.name()));
            }
        }
        return List.copyOf(all);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Stacked(").append(layers.size()).append(" layers, params=")
                .append(params.count()).append(")");
        for (int i = 0; i < layers.size(); i++) {
            sb.append("\n  layer").append(i).append(": ").append(layers.get(i));
        }
        return sb.toString();
    }
}
