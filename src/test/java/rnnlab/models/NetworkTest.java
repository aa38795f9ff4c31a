package rnnlab.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import rnnlab.RNN;
import rnnlab.cells.Bidirectional;
import rnnlab.cells.Elman;
import rnnlab.cells.Jordan;
import rnnlab.cells.LSTM;
import rnnlab.cells.Stacked;
import rnnlab.core.Activation;
import rnnlab.core.Matrix;
import rnnlab.io.ModelFile;

/** One description of a network: validation, printing, and that a saved network comes back exactly. */
class NetworkTest {
    @TempDir
    Path dir;

    /** A small network of word ids; each case below changes one thing of it. */
    static Network.Builder base() {
        return Network.builder().vocabulary(12).embedding(3).hidden(4).classes(3).seed(7);
    }

    /** Every cell type and every option (name → network), each different from {@link #base()} in one thing. */
    static Map<String, Network> everyOption() {
        Map<String, Network> m = new LinkedHashMap<>();
        m.put("elman", base().build());
        m.put("elman relu", base().activation(Activation.RELU).build());
        m.put("elman linear", base().activation(Activation.LINEAR).build());
        m.put("elman sigmoid", base().activation(Activation.SIGMOID).build());
        m.put("jordan (scores, no output layer)", base().cell(Network.Cell.JORDAN).build());
        m.put("jordan probabilities", base().cell(Network.Cell.JORDAN).feedback(Jordan.Feedback.PROBABILITIES).build());
        m.put("jordan relu", base().cell(Network.Cell.JORDAN).activation(Activation.RELU).build());
        m.put("jordan 2 layers", base().cell(Network.Cell.JORDAN).layers(2).build());
        m.put("lstm", base().cell(Network.Cell.LSTM).build());
        m.put("lstm peepholes", base().cell(Network.Cell.LSTM).peepholes(true).build());
        m.put("lstm forget bias 3", base().cell(Network.Cell.LSTM).forgetBias(3).build());
        m.put("lstm linear g and h", base().cell(Network.Cell.LSTM).activation(Activation.LINEAR)
                .cellOutput(Activation.LINEAR).build());
        m.put("lstm relu h", base().cell(Network.Cell.LSTM).cellOutput(Activation.RELU).build());
        m.put("lstm step gates", base().cell(Network.Cell.LSTM).gate(Activation.STEP).build());
        m.put("gru", base().cell(Network.Cell.GRU).build());
        m.put("irnn", base().cell(Network.Cell.IRNN).build());
        m.put("clockwork", base().cell(Network.Cell.CLOCKWORK).build());
        m.put("scrn", base().cell(Network.Cell.SCRN).build());
        m.put("bidirectional 2-layer scrn", base().cell(Network.Cell.SCRN).bidirectional(true).layers(2).build());
        m.put("feedforward", base().cell(Network.Cell.FEEDFORWARD).build());
        m.put("feedforward relu", base().cell(Network.Cell.FEEDFORWARD).activation(Activation.RELU).build());
        m.put("bidirectional", base().bidirectional(true).build());
        m.put("3 layers", base().layers(3).build());
        m.put("bidirectional 2-layer gru", base().cell(Network.Cell.GRU).bidirectional(true).layers(2).build());
        m.put("window 2", base().window(2).build());
        m.put("embedding 5", base().embedding(5).build());
        m.put("hidden 6", base().hidden(6).build());
        m.put("classes 5", base().classes(5).build());
        m.put("seed 8", base().seed(8).build());
        m.put("many-to-one", base().manyToOne().build());
        m.put("many-to-one jordan", base().cell(Network.Cell.JORDAN).manyToOne().build());
        m.put("many-to-one bidirectional lstm", base().cell(Network.Cell.LSTM).bidirectional(true).manyToOne().build());
        m.put("vectors, no embedding", base().vocabulary(0).embedding(0).inputs(3).build());
        m.put("vectors, many-to-one peephole lstm", base().vocabulary(0).embedding(0).inputs(2)
                .cell(Network.Cell.LSTM).peepholes(true).manyToOne().build());
        return m;
    }

    /** A padded batch of two sequences (lengths 4 and 2) that fits the network. */
    static Batch batch(Network n) {
        int[] lengths = {4, 2};
        if (n.embedding() == 0) {
            Matrix[] xs = new Matrix[4];
            for (int t = 0; t < 4; t++) {
                xs[t] = new Matrix(2, n.inputs());
                for (int b = 0; b < 2; b++) {
                    for (int i = 0; i < n.inputs(); i++) {
                        xs[t].set(b, i, Math.sin(1 + t + 2 * b + 3 * i));
                    }
                }
            }
            return new Batch(null, xs, lengths, null, null);
        }
        return new Batch(new int[][] {{1, 5, 7, 11}, {3, 2, 0, 0}}, null, lengths, null, null);
    }

    static List<double[]> outputs(SequenceModel m, Batch b) {
        List<double[]> rows = new ArrayList<>();
        for (Matrix p : m.probabilities(b)) {
            for (double[] r : p.data) {
                rows.add(r.clone());
            }
        }
        return rows;
    }

    @Test
    void recurrentCellsAreEveryCellButFeedforwardInOrder() {
        List<Network.Cell> all = List.of(Network.Cell.values());
        assertEquals(all.subList(0, all.size() - 1), Network.Cell.recurrent());
        assertEquals(Network.Cell.FEEDFORWARD, all.get(all.size() - 1));
        for (Network.Cell c : Network.Cell.recurrent()) {
            assertTrue(c.isRecurrent(), c.name());
        }
        assertFalse(Network.Cell.FEEDFORWARD.isRecurrent());
    }

    @Test
    void everyOptionSurvivesSaveAndLoadBitForBit() {
        Map<String, Network> nets = everyOption();
        List<double[]> reference = outputs(nets.get("elman").model(), batch(nets.get("elman")));
        int i = 0;
        for (Map.Entry<String, Network> e : nets.entrySet()) {
            Network n = e.getValue();
            SequenceModel m = n.model();
            assertEquals(n, m.network(), e.getKey());
            Path f = dir.resolve("net" + (i++) + ".rnnlab");
            ModelFile.save(m, f);
            SequenceModel back = ModelFile.loadModel(f);
            assertEquals(n, back.network(), e.getKey() + ": the description read back");
            assertEquals(m.params().names(), back.params().names(), e.getKey());
            List<double[]> before = outputs(m, batch(n)), after = outputs(back, batch(n));
            assertEquals(before.size(), after.size(), e.getKey());
            for (int r = 0; r < before.size(); r++) {
                assertArrayEquals(before.get(r), after.get(r), 0.0, e.getKey() + ": output row " + r);
            }
            // the option is not a no-op: the network computes something else than the plain Elman one
            if (!e.getKey().equals("elman") && n.output() == SequenceModel.Kind.MANY_TO_MANY && n.embedding() > 0) {
                assertFalse(sameRows(reference, before), e.getKey() + " gives the same outputs as the plain Elman");
            }
        }
    }

    private static boolean sameRows(List<double[]> a, List<double[]> b) {
        if (a.size() != b.size() || a.get(0).length != b.get(0).length) {
            return false;
        }
        for (int r = 0; r < a.size(); r++) {
            if (!java.util.Arrays.equals(a.get(r), b.get(r))) {
                return false;
            }
        }
        return true;
    }

    @Test
    void theOptionsReachTheLayers() {
        SequenceModel relu = base().activation(Activation.RELU).build().model();
        assertEquals(Activation.RELU, ((Elman) relu.body()).activation());
        LSTM lstm = (LSTM) base().cell(Network.Cell.LSTM).peepholes(true).forgetBias(2.5).gate(Activation.STEP)
                .cellOutput(Activation.LINEAR).build().model().body();
        assertEquals(new LSTM.Config(3, 4, Activation.TANH, Activation.LINEAR, Activation.STEP, true, 2.5),
                lstm.config());
        assertEquals(2.5, lstm.b.value.get(0, LSTM.FORGET * 4 + 3));
        Jordan j = (Jordan) base().cell(Network.Cell.JORDAN).feedback(Jordan.Feedback.PROBABILITIES).build().model()
                .body();
        assertEquals(Jordan.Feedback.PROBABILITIES, j.feedback());
        assertEquals(3, j.outputSize(), "a one-layer Jordan tagger's output is the classes");
        assertNull(base().cell(Network.Cell.JORDAN).build().model().head());
        assertTrue(base().bidirectional(true).layers(2).build().model().body() instanceof Stacked);
        assertTrue(base().bidirectional(true).build().model().body() instanceof Bidirectional);
    }

    @Test
    void theOldFactoriesAreTheSameNetworks() {
        SequenceModel old = Network.builder().cell(Network.Cell.LSTM).vocabulary(10).embedding(4).hidden(5).bidirectional(true).classes(3).seed(42).build().model();
        SequenceModel now = Network.builder().cell(Network.Cell.LSTM).vocabulary(10).embedding(4).hidden(5)
                .bidirectional(true).classes(3).seed(42).build().model();
        assertEquals(now.network(), old.network());
        for (var p : now.params()) {
            assertArrayEquals(p.value.data[0], old.params().get(p.name).value.data[0], 0.0, p.name);
        }
    }

    @Test
    void toStringPrintsEveryValueAndSettingsReadBack() {
        Network n = base().cell(Network.Cell.LSTM).peepholes(true).forgetBias(0.25).bidirectional(true).build();
        String s = n.toString();
        for (String key : List.of("cell=lstm", "activation=tanh", "cellOutput=tanh", "gate=sigmoid", "peepholes=true",
                "forgetBias=0.25", "feedback=scores", "layers=1", "bidirectional=true", "vocabulary=12",
                "embedding=3", "window=0", "inputs=0", "hidden=4", "classes=3", "output=many-to-many", "seed=7")) {
            assertTrue(s.contains(key), key + " in " + s);
        }
        assertEquals(n, Network.fromSettings(n.toSettings()));
        assertEquals(n.hashCode(), Network.fromSettings(n.toSettings()).hashCode());
        assertEquals(17, n.toSettings().size(), "one key per value");
        assertNotEquals(n, n.withHidden(5));
        assertEquals(5, n.withHidden(5).hidden());
        assertEquals(n, n.toBuilder().build());
    }

    @Test
    void badDescriptionsAreRefusedWhenBuilt() {
        assertMessage(() -> base().cell(Network.Cell.GRU).peepholes(true).build(), "peepholes", "gru");
        assertMessage(() -> base().cell(Network.Cell.ELMAN).forgetBias(2).build(), "forgetBias", "elman");
        assertMessage(() -> base().cell(Network.Cell.GRU).activation(Activation.RELU).build(), "activation", "gru");
        assertMessage(() -> base().feedback(Jordan.Feedback.PROBABILITIES).build(), "feedback", "elman");
        assertMessage(() -> base().cell(Network.Cell.FEEDFORWARD).bidirectional(true).build(), "no direction");
        assertMessage(() -> base().layers(0).build(), "layers", "between 1 and 8");
        assertMessage(() -> base().hidden(0).build(), "hidden");
        assertMessage(() -> base().window(11).build(), "window");
        assertMessage(() -> base().inputs(3).build(), "embedding(0)");
        assertMessage(() -> base().embedding(0).build(), "vocabulary", "embedding");
        assertMessage(() -> base().forgetBias(Double.NaN).cell(Network.Cell.LSTM).build(), "forgetBias");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Network.builder().build().model());
        assertTrue(e.getMessage().contains(".classes(K)"), e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> Network.builder().classes(2).build().model());
        assertTrue(e.getMessage().contains(".vocabulary(V)"), e.getMessage());
        assertMessage(() -> Network.fromSettings(Map.of("cell", "lstm", "colour", "red")), "colour", "unknown");
        assertMessage(() -> Network.fromSettings(Map.of("cell", "lstm", "hidden", "many")), "hidden=many");
        assertMessage(() -> Network.fromSettings(Map.of("cell", "transformer")), "unknown architecture");
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable run, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, run);
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "'" + p + "' in: " + e.getMessage());
        }
    }

    @Test
    void aModelAssembledByHandCannotBeSaved() {
        SequenceModel hand = new SequenceModel(null, RNN.elman(2, 3), new rnnlab.layers.Dense(3, 2,
                new java.util.SplittableRandom(1)), SequenceModel.Kind.MANY_TO_MANY);
        assertNull(hand.network());
        assertMessage(() -> ModelFile.save(hand, dir.resolve("hand.rnnlab")), "assembled by hand", "Network.builder");
    }
}
