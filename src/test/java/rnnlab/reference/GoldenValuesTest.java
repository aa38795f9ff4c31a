package rnnlab.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import rnnlab.cells.GRU;
import rnnlab.cells.Jordan;
import rnnlab.cells.LSTM;
import rnnlab.cells.RecurrentLayer;
import rnnlab.core.Activation;
import rnnlab.core.Matrix;
import rnnlab.core.Param;

/**
 * Golden values from an independent implementation: {@code scripts/golden-values.py} (NumPy) wrote the outputs and
 * every gradient of exact BPTT for a tanh LSTM, a GRU and a Jordan network (softmax memory), from non-zero initial
 * states, into {@code src/test/resources/golden/rnn-golden.txt}. The fast layers and the reference cells must
 * reproduce them to {@link #TOL}.
 */
class GoldenValuesTest {
    static final double TOL = 1e-12;
    static final int T = 4;
    static final Map<String, Matrix> GOLDEN = load();

    static Map<String, Matrix> load() {
        Map<String, Matrix> m = new HashMap<>();
        try (InputStream in = GoldenValuesTest.class.getResourceAsStream("/golden/rnn-golden.txt")) {
            assertNotNull(in, "src/test/resources/golden/rnn-golden.txt is missing; run scripts/golden-values.py");
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.trim().split(" ");
                int rows = Integer.parseInt(f[1]), cols = Integer.parseInt(f[2]);
                assertEquals(3 + rows * cols, f.length, "golden tensor " + f[0] + ": value count");
                Matrix x = new Matrix(rows, cols);
                for (int i = 0; i < rows * cols; i++) {
                    x.data[i / cols][i % cols] = Double.parseDouble(f[3 + i]);
                }
                m.put(f[0], x);
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return m;
    }

    static Matrix golden(String name) {
        Matrix m = GOLDEN.get(name);
        assertNotNull(m, "golden file has no tensor " + name);
        return m;
    }

    static void assertClose(String what, Matrix expected, Matrix actual) {
        assertEquals(expected.shape(), actual.shape(), what + ": shape");
        for (int r = 0; r < expected.rows; r++) {
            for (int c = 0; c < expected.cols; c++) {
                double e = expected.get(r, c), a = actual.get(r, c);
                assertTrue(Math.abs(e - a) <= TOL * Math.max(1, Math.abs(e)),
                        what + "[" + r + "," + c + "]: NumPy " + e + ", RNN Lab " + a);
            }
        }
    }

    static Matrix[] series(String net, String kind) {
        Matrix[] m = new Matrix[T];
        for (int t = 0; t < T; t++) {
            m[t] = golden(net + "." + kind + "." + t);
        }
        return m;
    }

    /** Runs the fast layer and its reference twin on the golden inputs and compares everything. */
    static void check(String net, RecurrentLayer fast, List<String> stateNames) {
        for (Param p : fast.params()) {
            p.value.copyFrom(golden(net + ".param." + p.name));
        }
        Matrix[] xs = series(net, "x"), dOut = series(net, "dout");
        Matrix[] states = stateNames.stream().map(s -> golden(net + ".state." + s)).toArray(Matrix[]::new);
        if (fast instanceof LSTM l) {
            l.setInitialState(states[0], states[1]);
        } else if (fast instanceof GRU g) {
            g.setInitialState(states[0]);
        } else {
            ((Jordan) fast).setInitialState(states[0]);
        }
        Matrix[] out = fast.forward(xs, null);
        for (int t = 0; t < T; t++) {
            assertClose(net + " fast output t=" + t, golden(net + ".out." + t), out[t]);
        }
        fast.params().zeroGrad();
        Matrix[] dx = fast.backward(dOut);
        for (int t = 0; t < T; t++) {
            assertClose(net + " fast ∂x t=" + t, golden(net + ".dx." + t), dx[t]);
        }
        for (Param p : fast.params()) {
            assertClose(net + " fast ∂" + p.name, golden(net + ".grad." + p.name), p.grad);
        }
        for (Param p : fast.initialState()) {
            assertClose(net + " fast ∂" + p.name, golden(net + ".grad." + p.name), p.grad);
        }

        SequenceLayer ref = Reference.of(fast);
        Reference.copyInitialState(fast, ref);
        Matrix[] rOut = ref.forward(xs);
        ref.params().zeroGrad();
        Matrix[] rdx = ref.backward(dOut);
        for (int t = 0; t < T; t++) {
            assertClose(net + " reference output t=" + t, golden(net + ".out." + t), rOut[t]);
            assertClose(net + " reference ∂x t=" + t, golden(net + ".dx." + t), rdx[t]);
        }
        for (Param p : ref.params()) {
            assertClose(net + " reference ∂" + p.name, golden(net + ".grad." + p.name), p.grad);
        }
        for (Param p : ref.initialState()) {
            assertClose(net + " reference ∂" + p.name, golden(net + ".grad." + p.name), p.grad);
        }
    }

    @Test
    void tanhLstmMatchesNumPy() {
        check("lstm", new LSTM(LSTM.Config.of(3, 4), false, new SplittableRandom(1)), List.of("h0", "c0"));
    }

    @Test
    void gruMatchesNumPy() {
        check("gru", new GRU(3, 4, false, new SplittableRandom(1)), List.of("h0"));
    }

    @Test
    void jordanWithSoftmaxMemoryMatchesNumPy() {
        check("jordan", new Jordan(3, 4, 5, Activation.TANH, Jordan.Feedback.PROBABILITIES, false,
                new SplittableRandom(1)), List.of("o0"));
    }
}
