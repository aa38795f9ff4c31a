package rnnlab.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rnnlab.cells.LSTM;
import rnnlab.core.Activation;
import rnnlab.core.Matrix;

/** The diagrams are checked on what they draw (nodes, arrows, labels, numbers), not on pixels. */
class DiagramsTest {
    @Test
    void rnnWithMemoryShowsStepTwoOfTheToyExample() {
        // lecture p.9-11, step 2: input [1,1], memory [2,2] -> hidden [6,6], output [12,12]
        Diagram d = Diagrams.rnnWithMemory(2, new double[] {1, 1}, new double[] {2, 2}, new double[] {6, 6},
            new double[] {12, 12});
        assertEquals("1", d.node("x1").value());
        assertEquals("2", d.node("a2").value());
        assertEquals("6", d.node("h1").value());
        assertEquals("12", d.node("y2").value());
        for (String from : List.of("x1", "x2", "a1", "a2")) {
            assertTrue(d.hasEdge(from, "h1") && d.hasEdge(from, "h2"), from + " feeds every hidden unit");
        }
        assertTrue(d.hasEdge("h1", "y2") && d.hasEdge("h2", "y1"), "every hidden unit feeds every output");
        Diagram.Edge store = d.edges().stream().filter(e -> e.from().equals("h1") && e.to().equals("a1")).findFirst()
            .orElseThrow();
        assertTrue(store.dashed(), "the copy into memory is dashed");
        assertEquals("store", store.label());
        assertTrue(d.strings().stream().anyMatch(s -> s.contains("= 1 + 1 + 2 + 2 = 6")), d.strings().toString());
        assertEquals("", Diagrams.rnnWithMemory().node("h1").value(), "no numbers without values");
        // the bare picture (a trained tagger's RNN in notebook 04) does not claim the toy's weights
        assertFalse(Diagrams.rnnWithMemory().strings().stream().anyMatch(t -> t.contains("all weights 1")),
            Diagrams.rnnWithMemory().strings().toString());
        assertTrue(Diagrams.rnnWithMemory(2, new double[] {1, 1}, new double[] {2, 2}, new double[] {6, 6},
            new double[] {12, 12}).strings().stream().anyMatch(t -> t.startsWith("step 2: all weights 1")));
        assertThrows(IllegalArgumentException.class,
            () -> Diagrams.rnnWithMemory(1, new double[] {1, 1, 1}, null, null, null));
    }

    @Test
    void elmanMemoryCopiesTheHiddenLayerAndJordanTheOutput() {
        Diagram d = Diagrams.elmanVsJordan();
        assertTrue(d.hasEdge("elman.h", "elman.m"), "Elman: h is copied to memory");
        assertFalse(d.hasEdge("elman.y", "elman.m"));
        assertTrue(d.hasEdge("jordan.y", "jordan.m"), "Jordan: y is copied to memory");
        assertFalse(d.hasEdge("jordan.h", "jordan.m"));
        assertEquals("hᵗ⁻¹", d.node("elman.m").label());
        assertEquals("yᵗ⁻¹", d.node("jordan.m").label());
        for (String p : List.of("elman.", "jordan.")) {
            assertEquals("Wʰ", label(d, p + "m", p + "h"));
            assertEquals("Wⁱ", label(d, p + "x", p + "h"));
            assertEquals("Wᵒ", label(d, p + "h", p + "y"));
        }
    }

    @Test
    void bidirectionalFeedsEveryOutputFromBothDirections() {
        List<String> words = List.of("arrive", "Taipei", "on");
        Diagram d = Diagrams.bidirectional(words, List.of("O", "B-dest", "O"));
        for (int t = 1; t <= 3; t++) {
            assertTrue(d.hasEdge("f" + t, "y" + t) && d.hasEdge("b" + t, "y" + t), "output " + t + " reads both");
            assertTrue(d.hasEdge("x" + t, "f" + t) && d.hasEdge("x" + t, "b" + t));
            assertEquals(words.get(t - 1), d.node("x" + t).label());
        }
        assertTrue(d.hasEdge("f1", "f2") && d.hasEdge("f2", "f3"), "forward runs left to right");
        assertTrue(d.hasEdge("b3", "b2") && d.hasEdge("b2", "b1"), "backward runs right to left");
        assertFalse(d.hasEdge("f2", "f1") || d.hasEdge("b1", "b2"));
        assertEquals("B-dest", d.node("y2").value());
        assertThrows(IllegalArgumentException.class, () -> Diagrams.bidirectional(words, List.of("O")));
    }

    @Test
    void lstmCellWritesTheNumbersOfTheSlidesFourthStep() {
        // p.24: input (1,0,1) with memory 7 (exact sigmoid: 6.99977 before); z = 1, zi = -10, zf = 10, zo = 90
        var v = Diagrams.LstmCellValues.of(new double[] {1, 0, 1}, 1, -10, 10, 90, 6.99977, Activation.LINEAR,
            Activation.LINEAR, Activation.SIGMOID);
        assertEquals(4.54e-5, v.inputGate(), 1e-7);
        assertEquals(0.9999546, v.forgetGate(), 1e-7);
        assertEquals(6.99950, v.output(), 1e-5, "the slide's 7 (lecture.md (c))");
        Diagram d = Diagrams.lstmCell(4, v);
        assertEquals("4.5e-05", d.node("fi").value(), "input gate closed");
        assertEquals("0.99995", d.node("ff").value(), "forget gate open: keep");
        assertEquals("1", d.node("fo").value(), "output gate open");
        assertEquals("6.9995", d.node("a").value());
        assertEquals("6.9998", d.node("cprev").value());
        // the equation's structure: c' = g(z)·f(zi) + c·f(zf), a = h(c')·f(zo)
        assertTrue(d.hasEdge("z", "gz") && d.hasEdge("gz", "mi") && d.hasEdge("fi", "mi"));
        assertTrue(d.hasEdge("cprev", "mf") && d.hasEdge("ff", "mf"));
        assertTrue(d.hasEdge("mi", "plus") && d.hasEdge("mf", "plus") && d.hasEdge("plus", "c"));
        assertTrue(d.hasEdge("c", "hc") && d.hasEdge("hc", "mo") && d.hasEdge("fo", "mo") && d.hasEdge("mo", "a"));
        assertTrue(d.strings().contains("c′ = g(z)·f(zⁱ) + c·f(zᶠ)"));
        // open gates are amber, closed ones grey
        assertTrue(d.node("ff").fill().getRed() > 240 && d.node("ff").fill().getBlue() < 80, "open = amber");
        assertTrue(d.node("fi").fill().getBlue() > 220, "closed = grey");
    }

    @Test
    void lstmCellValuesReadFromALayerMatchTheTape() {
        LSTM cell = new LSTM(LSTM.Config.lecture(3, 1), false, new java.util.SplittableRandom(1));
        cell.W.value.set(new double[][] {{1, 0, 0, 0}, {0, 100, 100, 0}, {0, 0, 0, 100}});
        cell.U.value.zero();
        cell.b.value.set(new double[][] {{0, -10, 10, -10}});
        cell.forward(new Matrix[] {Matrix.row(3, 1, 0), Matrix.row(4, 1, 0), Matrix.row(2, 0, 0),
            Matrix.row(1, 0, 1), Matrix.row(3, -1, 0)}, null);
        var v = Diagrams.LstmCellValues.of(cell, 0, 0, 3, new double[] {1, 0, 1});
        assertEquals(6.99950, v.output(), 1e-5);
        assertEquals(cell.tape().cell(2).get(0, 0), v.memoryBefore(), 0);
        assertEquals(90, v.zo(), 1e-12);
        var first = Diagrams.LstmCellValues.of(cell, 0, 0, 0, null);
        assertEquals(0, first.memoryBefore(), 0, "initial memory 0");
        assertEquals(3, first.memory(), 1e-3);
        // the same values read from the layer's immutable trace
        var trace = cell.trace().get(0);
        assertEquals(Diagrams.LstmCellValues.of(cell, 0, 0, 3, null),
            Diagrams.LstmCellValues.of(trace, 0, 0, 3, null, Activation.LINEAR));
        assertEquals(0, Diagrams.LstmCellValues.of(trace, 0, 0, 0, null, Activation.LINEAR).memoryBefore(), 0);
        assertThrows(IllegalArgumentException.class, () -> Diagrams.LstmCellValues.of(
            new rnnlab.cells.Elman(2, 2, Activation.TANH, false, new java.util.SplittableRandom(1))
                .trace(new Matrix[] {Matrix.row(1, 1)}, null).get(0), 0, 0, 0, null, Activation.TANH));
    }

    @Test
    void vectorFormShowsShapesAndShortVectors() {
        Diagram d = Diagrams.lstmVectorForm(3, 2, Map.of("x", new double[] {1, 0, 1}));
        assertEquals("(1, 0, 1)", d.node("x").value());
        assertEquals("2 values", d.node("zf").value());
        assertTrue(d.strings().stream().anyMatch(s -> s.contains("W: 3×8,  U: 2×8,  b: 1×8")), d.strings().toString());
        for (String z : List.of("z", "zi", "zf", "zo")) {
            assertTrue(d.hasEdge("x", z) && d.hasEdge("hprev", z), "xᵗ and hᵗ⁻¹ feed " + z);
        }
        assertTrue(d.hasEdge("cprev", "mf") && d.hasEdge("mo", "h"));
        assertThrows(IllegalArgumentException.class, () -> Diagrams.lstmVectorForm(3, 2, Map.of("x", new double[] {1})));
    }

    @Test
    void rendersAsSvgAndPng(@TempDir Path dir) throws Exception {
        Diagram d = Diagrams.lstmCell();
        String svg = d.toSvg();
        assertTrue(svg.startsWith("<svg") && svg.trim().endsWith("</svg>"));
        assertFalse(svg.contains("<script"));
        for (Diagram.Node n : d.nodes()) {
            assertTrue(svg.contains(">" + rnnlab.core.Html.escape(n.label()) + "</text>"), n.label());
        }
        assertEquals(d.edges().size(), svg.split("<polyline", -1).length - 1, "one polyline per arrow");
        BufferedImage img = d.toImage();
        assertEquals(d.width(), img.getWidth());
        assertEquals(d.height(), img.getHeight());
        Path png = Plots.save(d, dir.resolve("cell.png"));
        Path s = Plots.save(d, dir.resolve("cell.svg"));
        assertTrue(Files.size(png) > 5000);
        assertTrue(Files.readString(s).contains("f(zᶠ)"));
        assertTrue(d.toHtml().startsWith("<img") && d.toHtml().contains("data:image/svg+xml;base64,"));
        assertTrue(d.toString().contains("nodes"));
    }

    private static String label(Diagram d, String from, String to) {
        return d.edges().stream().filter(e -> e.from().equals(from) && e.to().equals(to)).findFirst().orElseThrow()
            .label();
    }
}
