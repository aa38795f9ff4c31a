package rnnlab.reference;

import java.util.ArrayList;
import java.util.List;

import rnnlab.core.Matrix;
import rnnlab.core.Param;
import rnnlab.core.Params;

/**
 * Backpropagation through time: one reference cell run over a sequence, forwards or in reverse (the backward half
 * of a bidirectional RNN). The whole algorithm is the two loops below.
 *
 * @param <S> the cell's step record
 */
public final class Unrolled<S extends Cell.Step> implements SequenceLayer {
    private final Cell<S> cell;
    private final boolean reverse;
    private int truncation;
    private List<Param> initial = List.of();
    private List<S> steps = List.of();

    /** The cell run over time; {@code reverse} reads the sequence from its end. */
    public Unrolled(Cell<S> cell, boolean reverse) {
        this.cell = cell;
        this.reverse = reverse;
    }

    /** The cell. */
    public Cell<S> cell() {
        return cell;
    }

    /** The step records of the last forward pass, in the order the steps ran (immutable). */
    public List<S> steps() {
        return steps;
    }

    /** Sets the initial state (h⁰, or h⁰ and c⁰, or o⁰), each B×size; zero when not set or B changes. */
    public void setInitialState(Matrix... state) {
        List<Param> l = new ArrayList<>();
        for (int k = 0; k < state.length; k++) {
            state[k].requireShape("Unrolled: initial state " + cell.stateNames().get(k), state[k].rows,
                    cell.stateSizes().get(k));
            l.add(new Param(cell.stateNames().get(k), state[k].copy(), new Matrix(state[k].rows, state[k].cols), -1));
        }
        initial = List.copyOf(l);
    }

    @Override
    public Matrix[] forward(Matrix[] xs) {
        int T = xs.length, B = xs[0].rows;
        if (initial.isEmpty() || initial.get(0).value.rows != B) {
            Matrix[] zeros = new Matrix[cell.stateSizes().size()];
            for (int k = 0; k < zeros.length; k++) {
                zeros[k] = new Matrix(B, cell.stateSizes().get(k));
            }
            setInitialState(zeros);
        }
        List<Matrix> state = initial.stream().map(p -> p.value).toList();
        List<S> done = new ArrayList<>();
        Matrix[] out = new Matrix[T];
        for (int s = 1; s <= T; s++) {                  // step s reads time t
            int t = reverse ? T - s : s - 1;
            S step = cell.step(xs[t], state);           // one step of the lecture's equations
            done.add(step);
            state = step.state();
            out[t] = state.get(0);
        }
        steps = List.copyOf(done);
        return out;
    }

    @Override
    public Matrix[] backward(Matrix[] dOut) {
        int T = steps.size();
        Matrix[] dXs = new Matrix[T];
        List<Matrix> dState = zerosLike(steps.get(T - 1).state());         // nothing comes after the last step
        for (int s = T; s >= 1; s--) {
            int t = reverse ? T - s : s - 1;
            List<Matrix> d = new ArrayList<>(dState);
            d.set(0, d.get(0).plus(dOut[t]));                               // ∂L/∂hᵗ = dOutᵗ + from step t+1
            Cell.Back back = cell.stepBack(steps.get(s - 1), d);
            dXs[t] = back.dx();
            boolean cut = truncation > 0 && s > 1 && (s - 1) % truncation == 0;
            dState = cut ? zerosLike(back.dPrevState()) : back.dPrevState(); // truncated BPTT stops here
        }
        for (int k = 0; k < initial.size(); k++) {
            initial.get(k).grad.copyFrom(dState.get(k));                   // ∂L/∂(initial state), written
        }
        return dXs;
    }

    private static List<Matrix> zerosLike(List<Matrix> ms) {
        return ms.stream().map(m -> new Matrix(m.rows, m.cols)).toList();
    }

    @Override
    public void setTruncation(int k) {
        if (k < 0) {
            throw new IllegalArgumentException("Unrolled: truncation must be ≥ 0 (0 = full BPTT), got " + k);
        }
        truncation = k;
    }

    @Override
    public int inputSize() {
        return cell.inputSize();
    }

    @Override
    public int outputSize() {
        return cell.outputSize();
    }

    @Override
    public Params params() {
        return cell.params();
    }

    @Override
    public List<Param> initialState() {
        return initial;
    }

    @Override
    public String toString() {
        return "Unrolled(" + cell + (reverse ? ", reverse" : "") + ")";
    }
}
