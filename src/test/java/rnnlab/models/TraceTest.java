package rnnlab.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import rnnlab.RNN;
import rnnlab.cells.Bidirectional;
import rnnlab.cells.LSTM;
import rnnlab.cells.LayerTrace;
import rnnlab.cells.RecurrentLayer;
import rnnlab.cells.Stacked;
import rnnlab.core.Matrix;

/** Traces: what a pass computed, copied, readable without casts or call order. */
class TraceTest {
    static final Batch BATCH = new Batch(new int[][] {{1, 5, 7, 2}, {3, 2, 0, 0}}, null, new int[] {4, 2}, null, null);
    static final Batch OTHER = new Batch(new int[][] {{4, 4, 4, 4}, {6, 1, 0, 0}}, null, new int[] {4, 2}, null, null);

    static Network.Builder net(Network.Cell cell) {
        return Network.builder().cell(cell).vocabulary(8).embedding(3).hidden(4).classes(3).seed(5);
    }

    @Test
    void everyCellListsItsQuantities() {
        Map<Network.Cell, List<String>> expected = Map.of(
                Network.Cell.ELMAN, List.of("a", "h"),
                Network.Cell.FEEDFORWARD, List.of("a", "h"),
                Network.Cell.JORDAN, List.of("h", "o", "m"),
                Network.Cell.IRNN, List.of("a", "h"),
                Network.Cell.CLOCKWORK, List.of("a", "h"),
                Network.Cell.SCRN, List.of("s", "h"),
                Network.Cell.GRU, List.of("update gate", "reset gate", "candidate", "h"),
                Network.Cell.LSTM, List.of("z", "zi", "zf", "zo", "g(z)", "input gate", "forget gate", "output gate",
                        "c", "h"));
        for (Network.Cell c : Network.Cell.values()) {
            Trace t = net(c).build().model().trace(BATCH);
            assertEquals(1, t.layers().size(), c.label());
            assertEquals(expected.get(c), t.layer(0).quantities(), c.label());
            assertEquals(4, t.layer(0).steps());
            assertEquals(2, t.layer(0).batch());
        }
    }

    @Test
    void aTraceIsACopyThatLaterPassesDoNotChange() {
        SequenceModel m = net(Network.Cell.LSTM).bidirectional(true).layers(2).build().model();
        Trace t = m.trace(BATCH);
        assertEquals(List.of("layer 1 forward: LSTM", "layer 1 backward: LSTM", "layer 2 forward: LSTM",
                "layer 2 backward: LSTM"), t.layers().stream().map(LayerTrace::name).toList());
        // equal to the tapes right now
        Stacked stack = (Stacked) m.body();
        LSTM top = (LSTM) ((Bidirectional) stack.layer(1)).backwardLayer();
        for (int s = 0; s < 4; s++) {
            assertArrayEquals(top.tape().forgetGate(s).data[0], t.layer("layer 2 backward: LSTM").get("forget gate", s)
                    .data[0], 0.0);
            assertArrayEquals(top.tape().cell(s).data[1], t.layer(3).series("c", 1)[s], 0.0);
        }
        double before = t.layer(3).value("h", 0, 0, 0);
        double[][] probs = t.probabilities(0);
        m.trace(OTHER);                                    // another pass overwrites the tapes …
        m.forward(OTHER);
        assertTrue(top.tape().hidden(0).get(0, 0) != before, "the tape did change");
        assertEquals(before, t.layer(3).value("h", 0, 0, 0), 0.0);   // … but not the trace
        assertArrayEquals(probs[2], t.probabilities(0)[2], 0.0);
        t.layer(3).get("h", 0).set(0, 0, 99);              // and what it hands out is a copy
        t.layer(3).series("h", 0)[0][0] = 99;
        t.probabilities(0)[0][0] = 99;
        assertEquals(before, t.layer(3).value("h", 0, 0, 0), 0.0);
        assertArrayEquals(probs[0], t.probabilities(0)[0], 0.0);
    }

    @Test
    void theBodyAndTheProbabilitiesAreWhatTheModelComputes() {
        SequenceModel m = net(Network.Cell.GRU).bidirectional(true).build().model();
        Trace t = m.trace(BATCH);
        Matrix[] p = m.probabilities(BATCH);
        Matrix[] out = m.body().forward(m.embedding().forward(BATCH.ids(), BATCH.lengths()), BATCH.lengths());
        for (int s = 0; s < 4; s++) {
            assertArrayEquals(p[s].data[1], t.probabilities(1)[s], 0.0);
            assertArrayEquals(out[s].data[0], t.body("h", 0)[s], 0.0, "both halves at step " + s);
        }
        assertArrayEquals(new int[] {4, 2}, t.lengths());
        SequenceModel one = net(Network.Cell.ELMAN).manyToOne().build().model();
        assertEquals(1, one.trace(BATCH).probabilities(0).length, "many-to-one: one row");
    }

    @Test
    void theLstmTraceHoldsTheLecturesEquations() {
        Trace t = net(Network.Cell.LSTM).build().model().trace(BATCH);
        LayerTrace l = t.layer(0);
        for (int s = 1; s < 4; s++) {
            for (int j = 0; j < 4; j++) {
                double c = l.value("g(z)", s, 0, j) * l.value("input gate", s, 0, j)
                        + l.value("c", s - 1, 0, j) * l.value("forget gate", s, 0, j);   // c′ = g(z)f(zi) + c f(zf)
                assertEquals(c, l.value("c", s, 0, j), 1e-15);
                assertEquals(Math.tanh(c) * l.value("output gate", s, 0, j), l.value("h", s, 0, j), 1e-15);
                assertEquals(1 / (1 + Math.exp(-l.value("zf", s, 0, j))), l.value("forget gate", s, 0, j), 1e-15);
            }
        }
    }

    @Test
    void cellsTraceWithoutAModelAndSayWhenThereIsNothing() {
        RecurrentLayer rnn = RNN.elman(2, 3);
        IllegalStateException e = assertThrows(IllegalStateException.class, rnn::trace);
        assertTrue(e.getMessage().contains("forward"), e.getMessage());
        List<LayerTrace> tr = rnn.trace(new Matrix[] {Matrix.row(1, 0), Matrix.row(0, 1)}, null);
        assertEquals("Elman", tr.get(0).name());
        assertEquals(2, tr.get(0).steps());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> tr.get(0).get("c", 0));
        assertTrue(bad.getMessage().contains("[a, h]"), bad.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> tr.get(0).get("h", 2));
        assertTrue(tr.get(0).toString().contains("Elman trace"), tr.get(0).toString());
        assertTrue(tr.get(0).toHtml().contains("<table"), tr.get(0).toHtml());
    }
}
