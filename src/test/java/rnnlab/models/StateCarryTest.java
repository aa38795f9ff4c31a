package rnnlab.models;

import rnnlab.cells.Bidirectional;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import rnnlab.RNN;
import rnnlab.cells.Clockwork;
import rnnlab.cells.RecurrentLayer;
import rnnlab.core.Init;
import rnnlab.core.Matrix;

/**
 * Running a layer one step at a time with its state carried over gives the states of one pass over the whole
 * sequence — for every cell, including Clockwork (whose modules tick by the step count, so the clock is part of
 * the state) and SCRN (whose slow context is).
 */
class StateCarryTest {
    static Matrix[] inputs(int T, int B, int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Matrix[] xs = new Matrix[T];
        for (int t = 0; t < T; t++) {
            xs[t] = new Matrix(B, n);
            Init.uniform(xs[t], 1.0, rng);
        }
        return xs;
    }

    @ParameterizedTest
    @EnumSource(value = Network.Cell.class, names = "FEEDFORWARD", mode = EnumSource.Mode.EXCLUDE)
    void steppingGivesTheStatesOfOneWholePass(Network.Cell arch) {
        for (int layers : new int[] {1, 2}) {
            RecurrentLayer layer = Network.builder().cell(arch).embedding(0).inputs(3).hidden(4).layers(layers).seed(11).build().body();
            StateCarry.requireSteppable(layer, "test");
            Matrix[] xs = inputs(9, 2, 3, 5);                            // 9 steps: Clockwork periods 1, 2, 4 (and 8)
            Matrix[] whole = layer.forward(xs, null);
            Matrix[] expected = new Matrix[xs.length];
            for (int t = 0; t < xs.length; t++) {
                expected[t] = whole[t].copy();
            }
            List<Matrix> state = StateCarry.read(layer, xs.length - 1);
            List<Matrix> start = StateCarry.zeros(layer, 2);
            for (int half = 0; half < 2; half++) {                    // twice: the zero state starts a new sequence
                state = start;
                for (int t = 0; t < xs.length; t++) {
                    StateCarry.write(layer, state);
                    Matrix out = layer.forward(new Matrix[] {xs[t]}, null)[0];
                    assertTrue(out.approxEquals(expected[t], 1e-12), arch + " × " + layers + " step " + t + ":\n" + out
                            + "\nvs the whole pass\n" + expected[t]);
                    state = StateCarry.read(layer, 0);
                }
            }
            StateCarry.write(layer, StateCarry.zeros(layer, 2));
            Matrix[] again = layer.forward(xs, null);
            assertTrue(again[xs.length - 1].approxEquals(expected[xs.length - 1], 0.0), "zeros reset the layer");
        }
    }

    @Test
    void theClockIsPartOfAClockworkState() {
        Clockwork c = RNN.clockwork(2, 4, 2);
        Matrix[] xs = inputs(3, 1, 2, 1);
        c.forward(xs, null);
        List<Matrix> s = StateCarry.read(c, 2);
        assertEquals(2, s.size());
        assertEquals(3.0, s.get(1).data[0][0], "three steps taken");
        StateCarry.write(c, s);
        assertEquals(3, c.clockStart());
        // without the clock every module would tick at every step, and stepping would not match the whole pass
        StateCarry.write(c, StateCarry.zeros(c, 1));
        Matrix[] ys = inputs(4, 1, 2, 2);
        Matrix wholeLast = c.forward(ys, null)[3].copy();
        Matrix h = new Matrix(1, 4), last = null;
        for (Matrix y : ys) {
            StateCarry.write(c, List.of(h, new Matrix(1, 1)));            // the clock forgotten: always step 1
            last = c.forward(new Matrix[] {y}, null)[0].copy();
            h = StateCarry.read(c, 0).get(0);
        }
        assertFalse(last.approxEquals(wholeLast, 1e-6), "the clock matters");
        StateCarry.write(c, StateCarry.zeros(c, 1));
        assertEquals(0, c.clockStart());
        Matrix bad = new Matrix(2, 1);
        bad.data[1][0] = 1;
        var e = assertThrows(IllegalArgumentException.class, () -> StateCarry.write(c, List.of(new Matrix(2, 4), bad)));
        assertTrue(e.getMessage().contains("same number of steps"), e.getMessage());
        var r = assertThrows(IllegalArgumentException.class, () -> StateCarry.requireSteppable(
                (Bidirectional) Network.builder().cell(Network.Cell.CLOCKWORK).embedding(0).inputs(2).hidden(4).bidirectional(true).seed(1).build().body(), "Seq2Seq decoder"));
        assertTrue(r.getMessage().contains("Seq2Seq decoder") && r.getMessage().contains("one step at a time"),
                r.getMessage());
    }
}
