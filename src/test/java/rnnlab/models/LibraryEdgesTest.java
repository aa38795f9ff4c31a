package rnnlab.models;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import rnnlab.RNN;
import rnnlab.cells.Elman;
import rnnlab.cells.Feedforward;
import rnnlab.cells.GRU;
import rnnlab.cells.Jordan;
import rnnlab.cells.LSTM;
import rnnlab.core.Matrix;
import rnnlab.data.LabelVocabulary;
import rnnlab.data.LetterTrigrams;
import rnnlab.data.Sentence;
import rnnlab.data.Vocabulary;
import rnnlab.layers.Dense;
import rnnlab.layers.Embedding;

/** Issue 10, point 19: library calls at their edges get one clear error, never an OOM, an NPE or a silent NaN. */
class LibraryEdgesTest {

    static <T extends Throwable> T assertMessage(Class<T> type, Executable call, String... parts) {
        T e = assertThrows(type, call);
        for (String p : parts) {
            assertTrue(e.getMessage() != null && e.getMessage().contains(p),
                    "message should contain '" + p + "': " + e.getMessage());
        }
        return e;
    }

    @Test
    void hugeSizesInFactoriesGiveASizeErrorNotOutOfMemory() {
        assertMessage(IllegalArgumentException.class, () -> RNN.elman(10, 1_000_000), "Elman(n=10, H=1000000)",
                "GB", "-Xmx");
        assertMessage(IllegalArgumentException.class, () -> RNN.lstm(10, 600_000_000), "LSTM(n=10, H=600000000)",
                "-Xmx");
        assertMessage(IllegalArgumentException.class, () -> RNN.gru(100_000, 100_000), "GRU", "-Xmx");
        assertMessage(IllegalArgumentException.class, () -> RNN.jordan(10, 200_000, 200_000), "Jordan", "-Xmx");
        assertMessage(IllegalArgumentException.class, () -> new Feedforward(2_000_000, 2_000_000,
                rnnlab.core.Activation.TANH, new SplittableRandom(1)), "Feedforward", "-Xmx");
        assertMessage(IllegalArgumentException.class, () -> new Dense(1_000_000, 1_000_000, new SplittableRandom(1)),
                "Dense(in=1000000, out=1000000)", "-Xmx");
        assertMessage(IllegalArgumentException.class,
                () -> new Embedding(2_000_000_000, 1000, 0, new SplittableRandom(1)), "Embedding", "-Xmx");
        assertMessage(IllegalArgumentException.class,
                () -> Network.builder().cell(Network.Cell.LSTM).vocabulary(10).embedding(8).hidden(300_000).bidirectional(true).classes(3).seed(1).build().model(), "hidden", "300000");
        assertMessage(IllegalArgumentException.class, () -> new Matrix(1 << 30, 1 << 30), "Matrix", "-Xmx");
    }

    @Test
    void stepRejectsNaNLikeForward() {
        Matrix nan = Matrix.row(Double.NaN, 0);
        assertMessage(IllegalArgumentException.class, () -> RNN.elman(2, 2).step(nan, new Matrix(1, 2)),
                "Elman.step", "NaN", "finite");
        assertMessage(IllegalArgumentException.class,
                () -> RNN.elman(2, 2).step(Matrix.row(1, 1), Matrix.row(0, Double.POSITIVE_INFINITY)), "hPrev",
                "Infinity");
        assertMessage(IllegalArgumentException.class,
                () -> RNN.lstm(2, 2).step(nan, new Matrix(1, 2), new Matrix(1, 2)), "LSTM.step", "NaN");
        assertMessage(IllegalArgumentException.class,
                () -> RNN.lstm(2, 2).step(Matrix.row(1, 1), new Matrix(1, 2), Matrix.row(Double.NaN, 0)), "cPrev");
        assertMessage(IllegalArgumentException.class, () -> RNN.gru(2, 2).step(nan, new Matrix(1, 2)), "GRU.step");
        assertMessage(IllegalArgumentException.class, () -> RNN.jordan(2, 2, 3).step(nan, new Matrix(1, 3)),
                "Jordan.step");
        assertMessage(IllegalArgumentException.class, () -> new Feedforward(2, 2).step(nan), "Feedforward.step");
        // and forward() says the same kind of thing
        assertMessage(IllegalArgumentException.class, () -> RNN.elman(2, 2).forward(new Matrix[] {nan}, null),
                "NaN", "finite");
    }

    @Test
    void readingATapeBeforeAnyForwardIsAClearError() {
        List<Executable> reads = List.of(
            () -> RNN.elman(2, 2).tape().hidden(0),
            () -> RNN.lstm(2, 2).tape().forgetGate(0),
            () -> RNN.lstm(2, 2).tape().cell(0),
            () -> RNN.gru(2, 2).tape().updateGate(0),
            () -> RNN.jordan(2, 2, 3).tape().memory(0),
            () -> new Feedforward(2, 2).tape().hidden(0));
        for (Executable read : reads) {
            assertMessage(IllegalStateException.class, read, "tape", "run forward");
        }
        Elman e = RNN.elman(2, 2);
        e.forward(new Matrix[] {Matrix.row(1, 2), Matrix.row(3, 4)}, null);
        assertMessage(IndexOutOfBoundsException.class, () -> e.tape().hidden(2), "time 2", "0 … 1");
        assertTrue(e.tape().hidden(1).rows == 1);
        Feedforward f = new Feedforward(2, 2);  // its tape is stored by time, not by step: the last time is T−1
        Matrix[] out = f.forward(new Matrix[] {Matrix.row(1, 2), Matrix.row(3, 4)}, null);
        assertTrue(f.tape().hidden(1).approxEquals(out[1], 0));
        assertMessage(IndexOutOfBoundsException.class, () -> f.tape().preActivation(2), "time 2");
    }

    @Test
    void inputGradientsBeforeBackwardIsAClearError() {
        SequenceModel m = GradientCheckTest.model(Network.Cell.GRU, false, 1, SequenceModel.Kind.MANY_TO_MANY, 1);
        assertMessage(IllegalStateException.class, m::inputGradients, "no backward pass", "lossAndGradient");
        Batch b = GradientCheckTest.batch(SequenceModel.Kind.MANY_TO_MANY, false, 2);
        m.forward(b);
        assertMessage(IllegalStateException.class, m::inputGradients, "no backward pass");
        m.lossAndGradient(b);
        assertTrue(m.inputGradients().length == b.steps());
    }

    @Test
    void aNullTokenGetsAClearMessage() {
        assertMessage(IllegalArgumentException.class,
                () -> Sentence.unlabeled(Arrays.asList("arrive", null, "Taipei")), "token 1", "null");
        assertMessage(IllegalArgumentException.class,
                () -> Sentence.of(Arrays.asList("arrive", "Taipei"), Arrays.asList("O", null)), "label 1", "null");
        Vocabulary v = Vocabulary.fromTokens(List.of(Vocabulary.PAD, Vocabulary.OTHER, "Taipei"),
                Vocabulary.Settings.DEFAULT);
        assertMessage(IllegalArgumentException.class, () -> v.id(null), "token is null");
        assertMessage(IllegalArgumentException.class, () -> v.ids(Arrays.asList("Taipei", null)), "token is null");
        assertMessage(IllegalArgumentException.class, () -> LetterTrigrams.indices(null), "null");
        assertMessage(IllegalArgumentException.class, () -> LabelVocabulary.of("O", "B-dest").id(null),
                "label is null");
    }

    @Test
    void ordinarySizesPassTheMemoryCheck() {
        // sanity: ordinary sizes are untouched by the memory check
        new LSTM(LSTM.Config.of(300, 512).withPeephole(true), false, new SplittableRandom(1));
        new GRU(100, 64, true, new SplittableRandom(1));
        new Jordan(10, 20, 5);
    }
}
