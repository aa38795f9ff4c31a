package rnnlab.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import rnnlab.cells.Jordan;
import rnnlab.core.Activation;
import rnnlab.core.Matrix;
import rnnlab.structured.Crf;

/**
 * What a network description and a model report about themselves: every getter returns what was built, every
 * {@code withX} changes that one value, prediction takes the arg-max (the first on ties, −1 at padding), and the
 * printed forms name every part with its parameter count. Written against the survivors and uncovered lines of
 * mutation testing (docs/testing.md).
 */
class ModelAccessorsTest {
    @Test
    void derivedSizes() {
        assertEquals(4, Network.clockworkModules(12));
        assertEquals(4, Network.clockworkModules(4));
        assertEquals(2, Network.clockworkModules(6));
        assertEquals(1, Network.clockworkModules(5));
        assertEquals(3, Network.scrnContext(5), "⌈5/2⌉");
        assertEquals(2, Network.scrnContext(4));
        assertEquals(1, Network.scrnContext(1));
    }

    @Test
    void everyGetterReturnsWhatWasBuilt() {
        Network n = Network.builder().cell(Network.Cell.LSTM).activation(Activation.RELU).cellOutput(Activation.LINEAR)
                .gate(Activation.STEP).peepholes(true).forgetBias(2.5).layers(2).bidirectional(true)
                .vocabulary(50).embedding(6).window(1).hidden(7).classes(4).crf(Crf.Training.PERCEPTRON)
                .iobConstraints(true).seed(99).dropout(0.1, 0.2, 0.3).build();
        assertEquals(Network.Cell.LSTM, n.cell());
        assertEquals(Activation.RELU, n.activation());
        assertEquals(Activation.LINEAR, n.cellOutput());
        assertEquals(Activation.STEP, n.gate());
        assertTrue(n.peepholes());
        assertEquals(2.5, n.forgetBias(), 0);
        assertEquals(2, n.layers());
        assertTrue(n.bidirectional());
        assertEquals(50, n.vocabulary());
        assertEquals(6, n.embedding());
        assertEquals(1, n.window());
        assertEquals(7, n.hidden());
        assertEquals(4, n.classes());
        assertTrue(n.crf());
        assertEquals(Crf.Training.PERCEPTRON, n.crfTraining());
        assertTrue(n.iobConstraints());
        assertEquals(99, n.seed());
        assertEquals(0.1, n.embeddingDropout(), 0);
        assertEquals(0.2, n.layerDropout(), 0);
        assertEquals(0.3, n.recurrentDropout(), 0);
        Network j = Network.builder().cell(Network.Cell.JORDAN).feedback(Jordan.Feedback.PROBABILITIES).build();
        assertEquals(Jordan.Feedback.PROBABILITIES, j.feedback());
        Network plain = Network.builder().build();
        assertFalse(plain.crf());
        assertNull(plain.crfTraining());
        assertFalse(plain.peepholes());
        assertFalse(plain.bidirectional());
        assertEquals(Pooling.MAX, Network.builder().manyToOne().pooling(Pooling.MAX).build().pooling());
    }

    @Test
    void eachWithChangesOneValue() {
        Network n = Network.builder().vocabulary(20).embedding(4).hidden(5).classes(3).build();
        assertEquals(Network.Cell.GRU, n.withCell(Network.Cell.GRU).cell());
        assertEquals(Activation.RELU, n.withActivation(Activation.RELU).activation());
        assertEquals(3, n.withLayers(3).layers());
        assertTrue(n.withBidirectional(true).bidirectional());
        assertEquals(30, n.withVocabulary(30).vocabulary());
        assertEquals(8, n.withEmbedding(8).embedding());
        assertEquals(2, n.withWindow(2).window());
        assertEquals(9, n.withHidden(9).hidden());
        assertEquals(6, n.withClasses(6).classes());
        assertEquals(7, n.withSeed(7).seed());
        assertTrue(n.withCrf(true).crf());
        Network d = n.withDropout(0.1, 0.2, 0.3);
        assertEquals(0.2, d.layerDropout(), 0);
        // everything else is kept
        var a = new java.util.TreeMap<>(n.toSettings());
        var b = new java.util.TreeMap<>(n.withHidden(9).toSettings());
        a.remove("hidden");
        b.remove("hidden");
        assertEquals(a, b);
    }

    @Test
    void equalDescriptionsAreEqualAndPrintEveryValue() {
        Network a = Network.builder().hidden(5).build(), b = Network.builder().hidden(5).build();
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        Network c = a.withHidden(6);
        assertNotEquals(a, c);
        assertNotEquals(a.hashCode(), c.hashCode(), "the settings differ, and so (for these two) do their hashes");
        assertTrue(a.toString().startsWith("Network[cell=elman, activation=tanh, "), a.toString());
        assertTrue(a.toString().endsWith(", hidden=5, classes=0, output=many-to-many, seed=42]"), a.toString());
    }

    @Test
    void modelsAreBuiltWithTheDescribedDropoutAndCrf() {
        Network n = Network.builder().vocabulary(10).embedding(4).hidden(5).classes(3).build();
        SequenceModel plain = n.model();
        assertNull(plain.crf());
        SequenceModel crf = n.withCrf(true).model(List.of("O", "B-x", "I-x"));
        assertNotNull(crf.crf());
        SequenceModel dropped = n.withDropout(0.5, 0, 0).model();
        assertFalse(dropped.isTraining(), "evaluation mode until training is switched on");
        dropped.setTraining(true);
        assertTrue(dropped.isTraining());
        assertNotNull(dropped.head());
        assertEquals(5, dropped.head().inputSize());
    }

    @Test
    void modelsPrintEveryPartWithItsParameterCount() {
        // Elman 2·3 + 3·3 + 3 = 18, head 3·3 + 3 = 12
        SequenceModel m = Network.builder().embedding(0).inputs(2).hidden(3).classes(3).build().model();
        assertEquals("SequenceModel(MANY_TO_MANY, classes=3, params=30)\n"
                + "  Network[cell=elman, activation=tanh, cellOutput=tanh, gate=sigmoid, peepholes=false, "
                + "forgetBias=1.0, feedback=scores, layers=1, bidirectional=false, vocabulary=0, embedding=0, window=0, "
                + "inputs=2, hidden=3, classes=3, output=many-to-many, seed=42]\n"
                + "  Elman(in=2, hidden=3, activation=TANH, params=18)\n"
                + "  head: Dense(in=3, out=3, params=12)", m.toString());
        // LSTM 4·5·(4 + 5 + 1) = 200, embedding 10·4 = 40, head 5·3 + 3 = 18, CRF 3·3 + 3 + 3 = 15: 273
        SequenceModel c = Network.builder().cell(Network.Cell.LSTM).vocabulary(10).embedding(4).hidden(5).classes(3)
                .crf(true).build().model(List.of("O", "B-x", "I-x"));
        String s = c.toString();
        assertTrue(s.startsWith("SequenceModel(MANY_TO_MANY, classes=3, params=273)\n  Network[cell=lstm"), s);
        assertTrue(s.endsWith("crf=likelihood, seed=42]\n  Crf(labels=3, training=LIKELIHOOD)\n"
                + "  Embedding(vocab=10, dim=4, params=40)\n  LSTM(in=4, hidden=5, peephole=false, params=200)\n"
                + "  head: Dense(in=5, out=3, params=18)"), s);
    }

    @Test
    void predictionIsTheArgmaxAndMinusOneAtPadding() {
        assertEquals(0, SequenceModel.argmax(new double[] {1, 1, 0}), "ties: the first");
        assertEquals(2, SequenceModel.argmax(new double[] {1, 1, 3}));
        assertEquals(1, SequenceModel.argmax(new double[] {-5, -1, -3}));
        SequenceModel m = Network.builder().embedding(0).inputs(2).hidden(3).classes(3).build().model();
        m.head().W.value.zero();
        m.head().b.value.set(new double[][] {{0, 5, 1}});     // every step's scores: class 1
        Matrix[] xs = {Matrix.of(new double[] {1, 2}, new double[] {3, 4}), Matrix.of(new double[] {1, 0},
                new double[] {0, 0})};
        int[][] p = m.predict(Batch.ofInputs(xs, new int[] {2, 1}, null));
        assertArrayEquals(new int[] {1, 1}, p[0]);
        assertArrayEquals(new int[] {1, -1}, p[1], "padding predicts nothing");
        SequenceModel one = Network.builder().embedding(0).inputs(2).hidden(3).classes(3).manyToOne().build().model();
        one.head().W.value.zero();
        one.head().b.value.set(new double[][] {{2, 0, 3}});
        assertArrayEquals(new int[] {2, 2}, one.classify(Batch.ofInputs(xs, new int[] {2, 1}, null)));
        int[][] perStep = one.predict(Batch.ofInputs(xs, new int[] {2, 1}, null));
        assertArrayEquals(new int[] {2, 2}, perStep[0], "many-to-one: the sequence's class at every valid step");
        assertArrayEquals(new int[] {2, -1}, perStep[1]);
    }

    @Test
    void poolingWeightsAndInputSizes() {
        SequenceModel tagger = Network.builder().embedding(0).inputs(2).hidden(3).classes(3).build().model();
        assertEquals(2, tagger.inputSize(), "vectors: the body's input size");
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> tagger.poolingWeights(0, null));
        assertEquals("SequenceModel: poolingWeights is for many-to-one models", e.getMessage());
        SequenceModel words = Network.builder().vocabulary(12).embedding(4).hidden(3).classes(3).build().model();
        assertEquals(12, words.inputSize(), "word ids: the vocabulary size");
        SequenceModel att = Network.builder().embedding(0).inputs(2).hidden(3).classes(2).manyToOne()
                .pooling(Pooling.ATTENTION).build().model();
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> att.poolingWeights(0, null));
        assertEquals("SequenceModel: no forward pass yet", e.getMessage());
        Matrix[] xs = {Matrix.of(new double[] {1, 2}, new double[] {3, 4}), Matrix.of(new double[] {1, 0},
                new double[] {0, 0}), Matrix.of(new double[] {0, 1}, new double[] {0, 0})};
        int[] lengths = {3, 1};
        att.classify(Batch.ofInputs(xs, lengths, null));
        double[] w0 = att.poolingWeights(0, lengths), w1 = att.poolingWeights(1, lengths);
        assertEquals(1.0, w0[0] + w0[1] + w0[2], 1e-12, "attention weights of a 3-step sequence");
        assertEquals(1.0, w1[0], 1e-12, "one valid step takes all the weight");
        assertTrue(att.toString().startsWith("SequenceModel(MANY_TO_ONE, "), att.toString());
        assertTrue(att.toString().contains(", classes=2, params="), att.toString());
        SequenceModel last = Network.builder().embedding(0).inputs(2).hidden(3).classes(2).manyToOne().build().model();
        assertTrue(last.toString().startsWith("SequenceModel(MANY_TO_ONE, classes=2, params="), "last-step pooling is not named");
    }
}
