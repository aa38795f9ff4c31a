package rnnlab.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import rnnlab.core.GradCheck;
import rnnlab.core.Param;
import rnnlab.core.Precision;
import rnnlab.io.ModelFile;

/**
 * The float32 setting of a whole network (issue 17 point 2): the description records it, the model computes its
 * recurrent body in float and its gradients agree with double, a float32 model is gradient-checked in double after
 * switching, model files keep the precision, and every cell takes it.
 * (That a second float32 pass allocates nothing is {@link Float32AllocationTest}.)
 */
class Float32ModelTest {
    @TempDir
    Path dir;

    static Network lstmTagger(Precision p) {
        return tagger(Network.Cell.LSTM, p);
    }

    /** A small bidirectional tagger of the given cell (the feedforward cell has no direction: one way). */
    static Network tagger(Network.Cell cell, Precision p) {
        return Network.builder().cell(cell).bidirectional(cell != Network.Cell.FEEDFORWARD).vocabulary(10)
                .embedding(3).hidden(6).classes(4).seed(3).precision(p).build();
    }

    /**
     * {@link #tagger} by name: a cell's name, or JORDAN_OUTPUT, the one-layer Jordan tagger whose layer is also the
     * output (its scores are the memory; no output layer).
     */
    static Network tagger(String name, Precision p) {
        if (name.equals("JORDAN_OUTPUT")) {
            return Network.builder().cell(Network.Cell.JORDAN).vocabulary(10).embedding(3).hidden(6).classes(4)
                    .seed(3).precision(p).build();
        }
        return tagger(Network.Cell.valueOf(name), p);
    }

    @Test
    void theDescriptionRecordsFloat32OnlyWhenChosenAndEveryCellTakesIt() {
        Network d = lstmTagger(Precision.DOUBLE), f = lstmTagger(Precision.FLOAT32);
        assertFalse(d.toSettings().containsKey("precision"), "double files stay as they were: " + d);
        assertEquals("float32", f.toSettings().get("precision"));
        assertEquals(f, Network.fromSettings(f.toSettings()));
        assertEquals(Precision.FLOAT32, f.model().precision());
        assertEquals(Precision.DOUBLE, d.model().precision());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> Network.fromSettings(Map.of("precision", "half")));
        assertTrue(bad.getMessage().contains("precision=half") && bad.getMessage().contains("float32"),
                bad.getMessage());
        for (Network.Cell c : Network.Cell.values()) {
            assertTrue(Network.FLOAT32_CELLS.contains(c), c.label());
            Network n = Network.builder().cell(c).vocabulary(10).embedding(3).hidden(6).classes(4)
                    .precision(Precision.FLOAT32).build();
            assertEquals(Precision.FLOAT32, n.precision(), c.label());
            assertEquals(Precision.FLOAT32, n.model().precision(), c.label());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"LSTM", "GRU", "JORDAN", "JORDAN_OUTPUT", "CLOCKWORK", "SCRN", "FEEDFORWARD"})
    void float32GradientsAgreeWithDoubleAndTheModelChecksInDoubleAfterSwitching(String cell) {
        Batch batch = AllocationTest.idBatch(10, 4);
        // weights spread to ±1 (GradientCheckTest.spread): gradients big enough for a double check to judge
        SequenceModel d = GradientCheckTest.spread(tagger(cell, Precision.DOUBLE).model(), 11),
                f = GradientCheckTest.spread(tagger(cell, Precision.FLOAT32).model(), 11);
        double ld = d.lossAndGradient(batch), lf = f.lossAndGradient(batch);
        assertEquals(ld, lf, 1e-5 * Math.abs(ld), "loss in float32 and double");
        assertTrue(ld != lf, "float32 gave the double loss to the last bit; did the float path run?");
        for (Param p : d.params()) {
            Param q = f.params().get(p.name);
            double max = 0, diff = 0;
            for (int r = 0; r < p.grad.rows; r++) {
                for (int c = 0; c < p.grad.cols; c++) {
                    max = Math.max(max, Math.abs(p.grad.data[r][c]));
                    diff = Math.max(diff, Math.abs(p.grad.data[r][c] - q.grad.data[r][c]));
                }
            }
            assertTrue(diff <= 1e-5 * max + 1e-12, cell + " " + p.name + ": float32 gradient differs by " + diff
                    + " (largest " + max + ")");
        }
        // a float32 model, switched to double, passes the double gradient check; its description says double
        f.setPrecision(Precision.DOUBLE);
        assertEquals(Precision.DOUBLE, f.network().precision());
        f.gradientCheck(batch, GradCheck.Options.full()).assertBelow(GradCheck.SEQUENCE_TOLERANCE);
        f.setPrecision(Precision.FLOAT32);
        assertEquals(Precision.FLOAT32, f.network().precision());
        assertEquals(lf, f.lossAndGradient(batch), 0.0, "back in float32: the same loss as before");
    }

    @Test
    void theOutputLayerComputesInFloat32AndAgreesWithDouble() {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(5);
        rnnlab.layers.Dense d = new rnnlab.layers.Dense(37, 21, new java.util.SplittableRandom(1)),
                f = new rnnlab.layers.Dense(37, 21, new java.util.SplittableRandom(1));
        f.setPrecision(Precision.FLOAT32);
        for (int n : new int[] {50, 9, 50}) {            // smaller, then the same size again: buffers only grow
            rnnlab.core.Matrix x = new rnnlab.core.Matrix(n, 37), dy = new rnnlab.core.Matrix(n, 21);
            rnnlab.core.Init.uniform(x, 1.0, rng);
            rnnlab.core.Init.uniform(dy, 1.0, rng);
            rnnlab.core.Matrix yd = new rnnlab.core.Matrix(n, 21), yf = new rnnlab.core.Matrix(n, 21),
                    dxd = new rnnlab.core.Matrix(n, 37), dxf = new rnnlab.core.Matrix(n, 37);
            d.params().zeroGrad();
            f.params().zeroGrad();
            d.forward(x, yd);
            f.forward(x, yf);
            d.backward(x, dy, dxd);
            f.backward(x, dy, dxf);
            boolean differs = rnnlab.cells.Float32LayerTest.assertClose(yd, yf, "Dense output, N=" + n);
            differs |= rnnlab.cells.Float32LayerTest.assertClose(dxd, dxf, "Dense ∂x, N=" + n);
            differs |= rnnlab.cells.Float32LayerTest.assertClose(d.W.grad, f.W.grad, "Dense ∂W, N=" + n);
            differs |= rnnlab.cells.Float32LayerTest.assertClose(d.b.grad, f.b.grad, "Dense ∂b, N=" + n);
            assertTrue(differs, "the float32 Dense gave the double bits everywhere");
        }
        SequenceModel m = lstmTagger(Precision.FLOAT32).model();
        assertEquals(Precision.FLOAT32, m.head().precision(), "a float32 network's output layer");
        m.setPrecision(Precision.DOUBLE);
        assertEquals(Precision.DOUBLE, m.head().precision(), "switched with the body");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Network.Cell.class, names = {"LSTM", "GRU", "JORDAN", "CLOCKWORK", "SCRN", "FEEDFORWARD"})
    void aModelFileRecordsThePrecision(Network.Cell cell) throws IOException {
        SequenceModel f = tagger(cell, Precision.FLOAT32).model();
        Path file = dir.resolve("f32-" + cell + ".rnnlab");
        ModelFile.save(f, file);
        SequenceModel back = ModelFile.loadModel(file);
        assertEquals(Precision.FLOAT32, back.precision());
        assertEquals(Precision.FLOAT32, back.network().precision());
        assertEquals(cell, back.network().cell());
        assertTrue(new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1)
                .contains("network.precision=float32"), "the settings text names the precision");
        Batch batch = AllocationTest.idBatch(10, 4);
        assertEquals(f.lossAndGradient(batch), back.lossAndGradient(batch), 0.0, "the same model, in float32");
        Path doubleFile = dir.resolve("double-" + cell + ".rnnlab");
        ModelFile.save(tagger(cell, Precision.DOUBLE).model(), doubleFile);
        assertFalse(new String(Files.readAllBytes(doubleFile), java.nio.charset.StandardCharsets.ISO_8859_1)
                .contains("precision"), "a double model's file is as before this setting existed");
        assertEquals(Precision.DOUBLE, ModelFile.loadModel(doubleFile).precision());
    }
}
