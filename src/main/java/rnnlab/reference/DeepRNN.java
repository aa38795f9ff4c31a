package rnnlab.reference;

import java.util.ArrayList;
import java.util.List;

import rnnlab.core.Matrix;
import rnnlab.core.Param;
import rnnlab.core.Params;

/** A deep RNN (lecture p.14): each layer's output sequence is the next one's input. Names {@code layer0.…} up. */
public final class DeepRNN implements SequenceLayer {
    private final List<SequenceLayer> layers;
    private final Params params = new Params();

    /** Stacks the layers bottom-up. */
    public DeepRNN(List<SequenceLayer> layers) {
        this.layers = List.copyOf(layers);
        for (int i = 0; i < layers.size(); i++) {
            params.addAll("layer" + i + ".", layers.get(i).params());
        }
    }

    @Override
    public Matrix[] forward(Matrix[] xs) {
        Matrix[] h = xs;
        for (SequenceLayer l : layers) {            // bottom to top
            h = l.forward(h);
        }
        return h;
    }

    @Override
    public Matrix[] backward(Matrix[] dOut) {
        Matrix[] d = dOut;
        for (int i = layers.size() - 1; i >= 0; i--) { // top to bottom: a layer's ∂input is the ∂output below
            d = layers.get(i).backward(d);
        }
        return d;
    }

    @Override
    public List<Param> initialState() {
        List<Param> l = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            for (Param p : layers.get(i).initialState()) {
                l.add(p.withPrefix("layer" + i + "."));
            }
        }
        return l;
    }

    /** The layers, bottom first. */
    public List<SequenceLayer> layers() {
        return layers;
    }

    @Override
    public void setTruncation(int k) {
        layers.forEach(l -> l.setTruncation(k));
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
}
