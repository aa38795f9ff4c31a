package rnnlab.cells;

import java.util.List;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import rnnlab.RNN;
import rnnlab.core.Activation;
import rnnlab.core.Matrix;
import rnnlab.layers.Dense;

/** The worked examples of the lecture (toy RNN p.9–11, LSTM p.20–25, y¹⁰⁰⁰ = w⁹⁹⁹ p.36), reproduced with hand-set weights. */
class LectureExamplesTest {

    /** (a) p.9–11: all weights 1, no bias, linear; outputs 4, 12, 32 and, reversed, 8, 20, 44. */
    @Test
    void toyRnnAllOnes() {
        assertArrayEquals(new double[] {4, 12, 32}, toyOutputs(new double[][] {{1, 1}, {1, 1}, {2, 2}}));
        assertArrayEquals(new double[] {8, 20, 44}, toyOutputs(new double[][] {{2, 2}, {1, 1}, {1, 1}}));
    }

    static double[] toyOutputs(double[][] inputs) {
        Elman rnn = RNN.elman(2, 2, Activation.LINEAR);
        rnn.Wi.value.fill(1);
        rnn.Wh.value.fill(1);
        rnn.b.value.fill(0);
        Matrix Wo = Matrix.filled(2, 2, 1);
        Matrix h = new Matrix(1, 2); // memory starts at [0, 0]
        double[] y = new double[inputs.length];
        double[][] hidden = {{2, 2}, {6, 6}, {16, 16}};
        for (int t = 0; t < inputs.length; t++) {
            h = rnn.step(Matrix.row(inputs[t]), h);
            Matrix out = new Matrix(1, 2);
            rnlab_mul(h, Wo, out);
            assertEquals(out.get(0, 0), out.get(0, 1), 0.0, "both outputs are equal");
            y[t] = out.get(0, 0);
            if (inputs[0][0] == 1) {
                assertArrayEquals(hidden[t], h.rowCopy(0), 0.0, "hidden at step " + (t + 1));
            }
        }
        return y;
    }

    static void rnlab_mul(Matrix a, Matrix b, Matrix c) {
        rnnlab.core.Kernels.mulAdd(a, b, c);
    }

    /** The same toy network as a whole sequence through the sequence API and a Dense output layer. */
    @Test
    void toyRnnSequenceApiMatchesStepApi() {
        Elman rnn = RNN.elman(2, 2, Activation.LINEAR);
        rnn.Wi.value.fill(1);
        rnn.Wh.value.fill(1);
        rnn.b.value.fill(0);
        Dense out = new Dense(2, 2, new java.util.SplittableRandom(1));
        out.W.value.fill(1);
        out.b.value.fill(0);
        Matrix[] xs = {Matrix.row(1, 1), Matrix.row(1, 1), Matrix.row(2, 2)};
        Matrix[] h = rnn.forward(xs, null);
        double[] expected = {4, 12, 32};
        for (int t = 0; t < 3; t++) {
            Matrix y = new Matrix(1, 2);
            out.forward(h[t], y);
            assertArrayEquals(new double[] {expected[t], expected[t]}, y.rowCopy(0), 0.0);
        }
    }

    static final double[][] NINE_STEPS = {
        {1, 0, 0}, {3, 1, 0}, {2, 0, 0}, {4, 1, 0}, {2, 0, 0}, {1, 0, 1}, {3, -1, 0}, {6, 1, 0}, {1, 0, 1}};

    /** (c) p.20–25: the slide's weights; linear g and h, sigmoid gates. */
    static LSTM lectureCell(Activation gate) {
        LSTM cell = RNN.lstm(LSTM.Config.lecture(3, 1).withGate(gate));
        cell.W.value.set(new double[][] {
            {1, 0, 0, 0},      // x1 → z, zi, zf, zo
            {0, 100, 100, 0},  // x2
            {0, 0, 0, 100}});  // x3
        cell.U.value.zero();
        cell.b.value.set(new double[][] {{0, -10, 10, -10}});
        return cell;
    }

    static Matrix[] seq(double[][] rows) {
        Matrix[] xs = new Matrix[rows.length];
        for (int t = 0; t < rows.length; t++) {
            xs[t] = Matrix.row(rows[t]);
        }
        return xs;
    }

    /** (b) p.19: the memory rule gives y = 0 0 0 0 0 7 0 0 6 and memory 0 3 3 7 7 7 0 6 6. */
    @Test
    void lstmMemoryRuleNineSteps() {
        LSTM cell = lectureCell(Activation.SIGMOID);
        Matrix[] y = cell.forward(seq(NINE_STEPS), null);
        double[] expectedY = {0, 0, 0, 0, 0, 7, 0, 0, 6};
        double[] expectedC = {0, 3, 3, 7, 7, 7, 0, 6, 6};
        for (int t = 0; t < 9; t++) {
            assertEquals(expectedY[t], y[t].get(0, 0), 1e-3, "y at step " + (t + 1));
            assertEquals(expectedC[t], cell.tape().cell(t).get(0, 0), 1e-3, "memory after step " + (t + 1));
        }
        assertEquals(6.9995, y[5].get(0, 0), 1e-4);
        assertEquals(5.99977, y[8].get(0, 0), 1e-5);
    }

    /** (c) p.20–25: memory 3, 7, 7, 7, 0 and y 0, 0, 0, 7, 0; exact sigmoid values to 1e-5. */
    @Test
    void lstmConcreteWeightsFiveSteps() {
        double[][] in = {{3, 1, 0}, {4, 1, 0}, {2, 0, 0}, {1, 0, 1}, {3, -1, 0}};
        LSTM cell = lectureCell(Activation.SIGMOID);
        Matrix[] y = cell.forward(seq(in), null);
        double[] slideC = {3, 7, 7, 7, 0};
        double[] slideY = {0, 0, 0, 7, 0};
        double s10 = 1 / (1 + Math.exp(-10)), sm10 = 1 - s10;
        // exact: c1 = 3·σ(90)+0, c2 = 4·σ(90) + c1·σ(110), c3 = 2·σ(−10) + c2·σ(10), …
        double sig90 = 1 / (1 + Math.exp(-90));
        double c1 = 3 * sig90, c2 = 4 * sig90 + c1, c3 = 2 * sm10 + c2 * s10, c4 = 1 * sm10 + c3 * s10;
        double[] exactC = {c1, c2, c3, c4};
        for (int t = 0; t < 5; t++) {
            assertEquals(slideC[t], cell.tape().cell(t).get(0, 0), 1e-3, "memory at step " + (t + 1));
            assertEquals(slideY[t], y[t].get(0, 0), 1e-3, "y at step " + (t + 1));
        }
        for (int t = 0; t < 4; t++) {
            assertEquals(exactC[t], cell.tape().cell(t).get(0, 0), 1e-9, "exact memory at step " + (t + 1));
        }
        assertEquals(6.99977, cell.tape().cell(2).get(0, 0), 1e-5);
        assertEquals(6.99950, cell.tape().cell(3).get(0, 0), 1e-5);
        assertEquals(6.99950, y[3].get(0, 0), 1e-5);
        assertEquals(c4 * sig90, y[3].get(0, 0), 1e-12);
        // the seed summary's remarks: at (2,0,0) input and output gates closed, forget gate open
        assertTrue(cell.tape().inputGate(2).get(0, 0) < 1e-4 && cell.tape().outputGate(2).get(0, 0) < 1e-4);
        assertTrue(cell.tape().forgetGate(2).get(0, 0) > 0.9999);
        // at (1,0,1): input gate closed, output and forget gates open
        assertTrue(cell.tape().inputGate(3).get(0, 0) < 1e-4);
        assertTrue(cell.tape().outputGate(3).get(0, 0) > 0.9999 && cell.tape().forgetGate(3).get(0, 0) > 0.9999);
    }

    /** With the slide's idealised 0/1 gates the numbers are exactly the slide's. */
    @Test
    void stepGatesGiveTheSlidesExactNumbers() {
        LSTM cell = lectureCell(Activation.STEP);
        Matrix[] y = cell.forward(seq(new double[][] {{3, 1, 0}, {4, 1, 0}, {2, 0, 0}, {1, 0, 1}, {3, -1, 0}}), null);
        double[] c = {3, 7, 7, 7, 0}, out = {0, 0, 0, 7, 0};
        for (int t = 0; t < 5; t++) {
            assertEquals(c[t], cell.tape().cell(t).get(0, 0), 0.0);
            assertEquals(out[t], y[t].get(0, 0), 0.0);
        }
    }

    /** The one-step API gives the same numbers as the sequence API. */
    @Test
    void lstmStepApiMatchesSequence() {
        LSTM cell = lectureCell(Activation.SIGMOID);
        Matrix[] y = cell.forward(seq(NINE_STEPS), null);
        Matrix h = new Matrix(1, 1), c = new Matrix(1, 1);
        for (int t = 0; t < 9; t++) {
            LSTM.Step s = cell.step(Matrix.row(NINE_STEPS[t]), h, c);
            h = s.h();
            c = s.c();
            assertEquals(y[t].get(0, 0), h.get(0, 0), 1e-15);
        }
    }

    /** (d) p.36: one linear neuron, y¹⁰⁰⁰ = w⁹⁹⁹ and dy¹⁰⁰⁰/dw = 999·w⁹⁹⁸ by BPTT. */
    @Test
    void powerChainAndItsGradient() {
        for (double w : new double[] {1.0, 1.01, 0.99}) {
            Elman n = RNN.elman(1, 1, Activation.LINEAR);
            n.Wi.value.fill(1);
            n.Wh.value.fill(w);
            n.b.value.fill(0);
            Matrix[] xs = new Matrix[1000];
            for (int t = 0; t < 1000; t++) {
                xs[t] = Matrix.row(t == 0 ? 1 : 0);
            }
            Matrix[] y = n.forward(xs, null);
            double expected = Math.pow(w, 999);
            assertEquals(expected, y[999].get(0, 0), Math.abs(expected) * 1e-12, "y1000 for w=" + w);
            Matrix[] dOut = new Matrix[1000];
            for (int t = 0; t < 1000; t++) {
                dOut[t] = new Matrix(1, 1);
            }
            dOut[999].set(0, 0, 1.0); // L = y¹⁰⁰⁰
            n.params().zeroGrad();
            n.backward(dOut);
            double grad = 999 * Math.pow(w, 998);
            assertEquals(grad, n.Wh.grad.get(0, 0), Math.abs(grad) * 1e-10, "dy/dw for w=" + w);
            // the numbers the lecture's table gives (docs: slide ≈ 20000 for w = 1.01), read off the network itself
            double[] table = w == 1.0 ? new double[] {1, 999} : w > 1 ? new double[] {20751.6, 2.05e7}
                    : new double[] {4.36e-5, 0.044};
            assertEquals(table[0], y[999].get(0, 0), Math.abs(table[0]) * 5e-3, "y1000 of the network, w=" + w);
            assertEquals(table[1], n.Wh.grad.get(0, 0), Math.abs(table[1]) * 5e-3, "dy1000/dw of the network, w=" + w);
        }
    }

    /** p.36: with L = y¹⁰⁰⁰ the gradient reaching hᵗ is w^(1000−t): it vanishes for w = 0.99, explodes for 1.01. */
    @Test
    void hiddenGradientNormsShowTheVanishingAndExplodingGradient() {
        for (double w : new double[] {0.99, 1.0, 1.01}) {
            Elman n = RNN.elman(1, 1, Activation.LINEAR);
            n.Wi.value.fill(1);
            n.Wh.value.fill(w);
            n.b.value.fill(0);
            Matrix[] xs = new Matrix[1000], dOut = new Matrix[1000];
            for (int t = 0; t < 1000; t++) {
                xs[t] = Matrix.row(t == 0 ? 1 : 0);
                dOut[t] = new Matrix(1, 1);
            }
            dOut[999].set(0, 0, 1.0);
            n.forward(xs, null);
            n.backward(dOut);
            double[] norms = n.hiddenGradientNorms();
            assertEquals(1000, norms.length);
            for (int t : new int[] {0, 1, 500, 998, 999}) {
                double expected = Math.pow(w, 999 - t);
                assertEquals(expected, norms[t], expected * 1e-12, "w=" + w + ", t=" + (t + 1));
            }
        }
    }

    /** A tape shows itself as the lecture's step table (text in jshell, HTML in a notebook). */
    @Test
    void tapesDescribeEveryStep() {
        LSTM cell = lectureCell(Activation.STEP);
        cell.forward(seq(new double[][] {{3, 1, 0}, {4, 1, 0}, {2, 0, 0}, {1, 0, 1}, {3, -1, 0}}), null);
        String text = cell.tape().toString();
        assertTrue(text.startsWith("LSTM tape: 5 steps"), text);
        rnnlab.core.TextTable table = cell.tape().table();
        List<String> names = List.of("t", "g(z)", "input gate", "forget gate", "output gate", "c", "h");
        List<String> step4 = List.of("4", "[1]", "[0]", "[1]", "[1]", "[7]", "[7]");    // step 4: y = 7
        for (int i = 0; i < names.size(); i++) {
            assertEquals(step4.get(i), table.text(3, table.headers().indexOf(names.get(i))), names.get(i));
        }
        assertTrue(text.contains(table.toString()), text);
        assertTrue(cell.tape().toHtml().contains("<th style=\"padding:2px 8px\">forget gate</th>"));
        Elman e = RNN.elman(2, 2, Activation.LINEAR);
        assertTrue(e.tape().toString().contains("empty"), e.tape().toString());
    }
}
