package rnnlab.reference;

import java.util.ArrayList;
import java.util.List;

import rnnlab.core.Matrix;
import rnnlab.core.Param;
import rnnlab.core.Params;

/**
 * A bidirectional RNN (lecture p.16): outᵗ = [h→ᵗ ; h←ᵗ], a forward layer and a reversed one reading the same
 * inputs. Parameters are named {@code fw.…} and {@code bw.…}.
 */
public final class BidirectionalRNN implements SequenceLayer {
    private final SequenceLayer fw, bw;
    private final Params params = new Params();

    /** {@code backward} must read in reverse (an {@link Unrolled} built with reverse = true). */
    public BidirectionalRNN(SequenceLayer forward, SequenceLayer backward) {
        this.fw = forward;
        this.bw = backward;
        params.addAll("fw.", fw.params());
        params.addAll("bw.", bw.params());
    }

    /** The layer reading forwards. */
    public SequenceLayer forwardLayer() {
        return fw;
    }

    /** The layer reading backwards. */
    public SequenceLayer backwardLayer() {
        return bw;
    }

    @Override
    public Matrix[] forward(Matrix[] xs) {
        Matrix[] f = fw.forward(xs), b = bw.forward(xs), out = new Matrix[xs.length];
        for (int t = 0; t < xs.length; t++) {
            out[t] = Matrix.concat(f[t], b[t]);                           // outᵗ = [h→ᵗ ; h←ᵗ]
        }
        return out;
    }

    @Override
    public Matrix[] backward(Matrix[] dOut) {
        int T = dOut.length, m = fw.outputSize();
        Matrix[] dF = new Matrix[T], dB = new Matrix[T];
        for (int t = 0; t < T; t++) {
            dF[t] = dOut[t].columns(0, m);                                // ∂h→ᵗ
            dB[t] = dOut[t].columns(m, dOut[t].cols);                     // ∂h←ᵗ
        }
        Matrix[] dxF = fw.backward(dF), dxB = bw.backward(dB), dXs = new Matrix[T];
        for (int t = 0; t < T; t++) {
            dXs[t] = dxF[t].plus(dxB[t]);                                 // both directions read xᵗ
        }
        return dXs;
    }

    @Override
    public List<Param> initialState() {
        List<Param> l = new ArrayList<>();
        fw.initialState().forEach(p -> l.add(p.withPrefix("fw.")));
        bw.initialState().forEach(p -> l.add(p.withPrefix("bw.")));
        return l;
    }

    @Override
    public void setTruncation(int k) {
        fw.setTruncation(k);
        bw.setTruncation(k);
    }

    @Override
    public int inputSize() {
        return fw.inputSize();
    }

    @Override
    public int outputSize() {
        return fw.outputSize() + bw.outputSize();
    }

    @Override
    public Params params() {
        return params;
    }
}
