package rnnlab.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;

/** Every plot renders headless; the data behind it (series, labels, values, axis titles) is what was given. */
class PlotsTest {
    static final double EXACT = 0.0;
    static final double TIGHT = 1e-12;

    static final List<String> TOKENS = List.of("arrive", "Taipei", "on", "November", "2nd");

    /** h[t][u] = sin(t + 2u) / 1.5 — distinct values in [-1, 1], so a transposed or shifted cell is caught. */
    static double[][] states(int t, int h) {
        double[][] v = new double[t][h];
        for (int i = 0; i < t; i++) {
            for (int u = 0; u < h; u++) {
                v[i][u] = Math.sin(i + 2.0 * u) / 1.5;
            }
        }
        return v;
    }

    static BufferedImage rendered(Chart<?, ?> c) {
        BufferedImage img = Plots.toImage(c);
        assertEquals(c.getWidth(), img.getWidth());
        assertEquals(c.getHeight(), img.getHeight());
        return img;
    }

    @Test
    void lossCurvesKeepTrainAndDevValuesPerEpoch() {
        double[] train = {2.0, 1.5, 1.1, 0.9};
        double[] dev = {2.1, 1.7, Double.NaN, 1.2};
        XYChart c = Plots.lossCurves(train, dev);
        assertEquals(List.of("train loss", "dev loss"), new ArrayList<>(c.getSeriesMap().keySet()));
        XYSeries t = c.getSeriesMap().get("train loss");
        assertArrayEquals(new double[] {1, 2, 3, 4}, t.getXData(), EXACT);
        assertArrayEquals(train, t.getYData(), EXACT);
        assertTrue(Double.isNaN(c.getSeriesMap().get("dev loss").getYData()[2]), "NaN marks an unmeasured epoch");
        assertEquals("epoch", c.getXAxisTitle());
        assertEquals("loss", c.getYAxisTitle());
        train[0] = 99; // the chart keeps its own copy
        assertEquals(2.0, t.getYData()[0], EXACT);
        rendered(c);
        assertEquals(1, Plots.lossCurves(new double[] {1}, null).getSeriesMap().size());
    }

    @Test
    void curvesRejectMissingData() {
        assertThrows(IllegalArgumentException.class, () -> Plots.lossCurves(new double[0], null));
        assertThrows(IllegalArgumentException.class, () -> Plots.metricCurves(Map.of()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> Plots.metricCurves(Map.of("dev F1", new double[0])));
        assertTrue(e.getMessage().contains("dev F1"), e.getMessage());
    }

    @Test
    void longCurvesUseRoundTicksShortOnesEveryEpoch() {
        XYChart shortRun = Plots.metricCurves(Map.of("acc", new double[12]));
        assertEquals(null, shortRun.getStyler().getXAxisMin());
        XYChart longRun = Plots.metricCurves(Map.of("acc", new double[60]));
        assertEquals(0.5, longRun.getStyler().getXAxisMin(), EXACT);
        assertEquals(60.5, longRun.getStyler().getXAxisMax(), EXACT);
        assertEquals("7", longRun.getStyler().getxAxisTickLabelsFormattingFunction().apply(7.0));
        rendered(longRun);
    }

    @Test
    void hiddenStatesPutUnitsOnRowsAndTokensOnColumns() {
        double[][] h = states(5, 3);
        HeatMapChart c = Plots.hiddenStates(h, TOKENS);
        assertEquals(TOKENS, Plots.heatColumns(c));
        assertEquals(List.of("hidden unit 0", "hidden unit 1", "hidden unit 2"), Plots.heatRows(c));
        for (int t = 0; t < 5; t++) {
            for (int u = 0; u < 3; u++) {
                assertEquals(h[t][u], Plots.heatValue(c, u, t), EXACT, "unit " + u + " step " + t);
            }
        }
        assertEquals(-1.0, c.getStyler().getMin(), EXACT, "tanh states use the fixed range [-1, 1]");
        assertEquals(1.0, c.getStyler().getMax(), EXACT);
        assertEquals(ColorMaps.diverging().length, c.getStyler().getRangeColors().length);
        rendered(c);
    }

    @Test
    void heatmapRangeRoundsOutwardForUnboundedValues() {
        double[][] v = {{1.7227, -0.3}, {0.2, 0.1}};
        HeatMapChart c = Plots.unitsOverTime("memory", v, null, "cell", ColorMaps.diverging(), Double.NaN,
            Double.NaN);
        assertEquals(-1.8, c.getStyler().getMin(), TIGHT);
        assertEquals(1.8, c.getStyler().getMax(), TIGHT);
        assertEquals(List.of("1", "2"), Plots.heatColumns(c), "no tokens: steps are numbered from 1");
        assertEquals(1.8, Heatmaps.roundAway(1.7227), TIGHT);
        assertEquals(-0.3, Heatmaps.roundAway(-0.3), TIGHT);
        assertEquals(420.0, Heatmaps.roundAway(412), TIGHT);
    }

    @Test
    void repeatedTokensAndLongSentencesStillRender() {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            tokens.add(i % 2 == 0 ? "the" : "word" + i);
        }
        HeatMapChart c = Plots.hiddenStates(states(40, 30), tokens);
        assertEquals(40, Plots.heatColumns(c).size());
        assertEquals(90, c.getStyler().getXAxisLabelRotation(), "crowded token labels are turned upright");
        assertTrue(Plots.heatRows(c).contains(ChartKit.BLANK), "30 units: not every row is labelled");
        rendered(c);
    }

    @Test
    void hiddenStatesExplainShapeMismatch() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> Plots.hiddenStates(states(6, 3), TOKENS));
        assertTrue(e.getMessage().contains("6 time steps") && e.getMessage().contains("5 tokens"), e.getMessage());
        double[][] ragged = {{1, 2}, {3}};
        assertThrows(IllegalArgumentException.class, () -> Plots.hiddenStates(ragged, null));
    }

    @Test
    void lstmGatesMakeFourHeatmapsInATwoByTwoGrid() {
        double[][] i = states(5, 4);
        double[][] f = states(5, 4);
        double[][] o = states(5, 4);
        double[][] c = states(5, 4);
        for (int t = 0; t < 5; t++) {
            for (int u = 0; u < 4; u++) {
                i[t][u] = 1 / (1 + Math.exp(-i[t][u] * 5));
                f[t][u] = 1 - i[t][u];
                o[t][u] = 0.5;
                c[t][u] *= 3;
            }
        }
        ChartGrid g = Plots.lstmGates(i, f, o, c, TOKENS);
        assertEquals(4, g.charts().size());
        assertEquals(2, g.columns());
        assertEquals(2, g.rows());
        HeatMapChart forget = (HeatMapChart) g.chart(1);
        assertTrue(forget.getTitle().startsWith("Forget gate"), forget.getTitle());
        assertEquals(f[3][2], Plots.heatValue(forget, 2, 3), EXACT);
        assertEquals(0.0, forget.getStyler().getMin(), EXACT, "gates use the fixed range [0, 1]");
        assertEquals(1.0, forget.getStyler().getMax(), EXACT);
        HeatMapChart cell = (HeatMapChart) g.chart(3);
        assertEquals(c[4][1], Plots.heatValue(cell, 1, 4), EXACT);
        assertEquals(-cell.getStyler().getMin(), cell.getStyler().getMax(), EXACT, "memory range symmetric");
        BufferedImage img = g.toImage();
        assertEquals(2 * g.cellWidth(), img.getWidth());
        assertEquals(2 * g.cellHeight(), img.getHeight());
        assertTrue(g.toSvg().contains("<svg"));
        assertTrue(g.toHtml().contains("data:image/png;base64,"), "grids show as one inline picture");
        assertThrows(IllegalArgumentException.class, () -> Plots.lstmGates(i, states(4, 4), o, c, TOKENS));
    }

    @Test
    void lstmCellTraceStacksValuesAboveGatesInTheirOwnPanels() {
        // lecture example (c), p.20-25, with idealised 0/1 gates: memory 7 and gate value 1 must not share an axis
        double[] z = {3, 4, 2, 1, 3};
        double[] gi = {1, 1, 0, 0, 0};
        double[] gf = {1, 1, 1, 1, 0};
        double[] go = {0, 0, 0, 1, 0};
        double[] c = {3, 7, 7, 7, 0};
        double[] y = {0, 0, 0, 7, 0};
        List<String> inputs = List.of("(3,1,0)", "(4,1,0)", "(2,0,0)", "(1,0,1)", "(3,-1,0)");
        ChartGrid grid = Plots.lstmCellTrace(z, gi, gf, go, c, y, inputs);
        assertEquals(1, grid.columns(), "stacked: one column");
        assertEquals(2, grid.charts().size());
        XYChart values = (XYChart) grid.chart(0);
        XYChart gates = (XYChart) grid.chart(1);
        assertEquals(List.of("cell input g(z)", "memory c", "output y"), new ArrayList<>(values.getSeriesMap().keySet()));
        assertEquals(List.of("input gate f(zⁱ)", "forget gate f(zᶠ)", "output gate f(zᵒ)"),
            new ArrayList<>(gates.getSeriesMap().keySet()));
        assertArrayEquals(c, values.getSeriesMap().get("memory c").getYData(), EXACT);
        assertArrayEquals(gf, gates.getSeriesMap().get("forget gate f(zᶠ)").getYData(), EXACT);
        assertArrayEquals(new double[] {1, 2, 3, 4, 5}, values.getSeriesMap().get("output y").getXData(), EXACT);
        for (XYSeries s : values.getSeriesMap().values()) {
            assertEquals(0, s.getYAxisGroup(), "no second y axis");
        }
        assertEquals(-0.05, gates.getStyler().getYAxisMin(), EXACT);
        assertEquals(1.05, gates.getStyler().getYAxisMax(), EXACT);
        assertEquals(null, values.getStyler().getYAxisMax(), "values keep their own scale");
        // gates that coincide stay distinguishable: each gate its own colour, marker and dash
        List<XYSeries> g = new ArrayList<>(gates.getSeriesMap().values());
        for (int i = 0; i < g.size(); i++) {
            for (int j = i + 1; j < g.size(); j++) {
                assertTrue(!g.get(i).getLineColor().equals(g.get(j).getLineColor()), "gate colours differ");
                assertTrue(g.get(i).getMarker() != g.get(j).getMarker(), "gate markers differ");
                assertTrue(g.get(i).getLineWidth() != g.get(j).getLineWidth(), "gate widths differ");
            }
            for (XYSeries v : values.getSeriesMap().values()) {
                assertTrue(!g.get(i).getLineColor().equals(v.getLineColor()), "a gate is not coloured like a value");
            }
        }
        assertEquals("(1,0,1)", gates.getStyler().getxAxisTickLabelsFormattingFunction().apply(4.0));
        assertEquals("", gates.getStyler().getxAxisTickLabelsFormattingFunction().apply(4.5));
        assertEquals("One LSTM cell over time", grid.getTitle());
        assertEquals(values.getWidth(), grid.width());
        assertEquals(ChartGrid.TITLE_BAND + values.getHeight() + gates.getHeight(), grid.height());
        BufferedImage img = grid.toImage();
        assertEquals(grid.height(), img.getHeight());
        ChartGrid memoryOnly = Plots.lstmCellTrace(null, null, null, null, c, null, null);
        assertEquals(1, memoryOnly.charts().size());
        assertEquals(1, ((XYChart) memoryOnly.chart(0)).getSeriesMap().size());
        assertThrows(IllegalArgumentException.class,
            () -> Plots.lstmCellTrace(null, null, null, null, null, null, null));
        // two traces side by side, as in notebook 09
        ChartGrid both = new ChartGrid(List.of(grid, memoryOnly), 2);
        assertEquals(3, both.charts().size());
        assertEquals(grid.width() + memoryOnly.width(), both.width());
        assertEquals(Math.max(grid.height(), memoryOnly.height()), both.height());
    }

    @Test
    void stepTraceKeepsRepeatedTokensDistinctButLookingTheSame() {
        List<String> labels = ChartKit.distinctLabels(List.of("a", "b", "a", "a"));
        assertEquals(4, labels.stream().distinct().count());
        assertEquals(List.of("a", "b", "a", "a"), labels.stream().map(s -> s.replace("\u200B", "")).toList());
        Map<String, double[]> m = new LinkedHashMap<>();
        m.put("c", new double[] {1, 2, 3});
        m.put("y", new double[] {0, 1});
        assertThrows(IllegalArgumentException.class, () -> Plots.stepTrace("t", "v", m, null));
    }

    @Test
    void gradientNormsAreStoredAsLog10WithGapsForZeros() {
        Map<String, double[]> m = new LinkedHashMap<>();
        m.put("vanishing", new double[] {1e-30, 1e-20, 0, 1});
        m.put("exploding", new double[] {1e40, 1e20, 1});
        XYChart c = Plots.gradientNorms(m);
        double[] y = c.getSeriesMap().get("vanishing").getYData();
        assertEquals(-30, y[0], TIGHT);
        assertEquals(-20, y[1], TIGHT);
        assertTrue(Double.isNaN(y[2]), "log of 0 is a gap");
        assertEquals(0, y[3], TIGHT);
        assertEquals(3, c.getSeriesMap().get("exploding").getXData().length);
        assertEquals("10⁻²⁰", GradientPlots.powerOfTenLabel(-20));
        assertEquals("1", GradientPlots.powerOfTenLabel(0));
        assertEquals("10⁴⁰", GradientPlots.powerOfTenLabel(40));
        assertEquals("‖∂L/∂hᵗ‖ (log scale)", c.getYAxisTitle());
        rendered(c);
        assertThrows(IllegalArgumentException.class,
            () -> Plots.gradientNorms(Map.of("dead", new double[] {0, 0})));
    }

    @Test
    void powerOfWReproducesLectureP36() {
        XYChart c = Plots.powerOfW(1000, 0.99, 1.01, 3);
        XYSeries y = c.getSeriesMap().get("y¹⁰⁰⁰ = w⁹⁹⁹");
        XYSeries d = c.getSeriesMap().get("dy¹⁰⁰⁰/dw = 999·w⁹⁹⁸");
        assertNotNull(y);
        assertNotNull(d);
        assertArrayEquals(new double[] {0.99, 1.0, 1.01}, y.getXData(), TIGHT);
        // the lecture's example p.36: w = 1.01 gives 20,751.6; w = 0.99 gives 4.36e-5; w = 1 gives 1 and dy/dw 999
        assertEquals(20751.6, Math.pow(10, y.getYData()[2]), 0.1);
        assertEquals(4.36e-5, Math.pow(10, y.getYData()[0]), 0.01e-5);
        assertEquals(0, y.getYData()[1], TIGHT);
        assertEquals(999, Math.pow(10, d.getYData()[1]), 1e-9);
        assertEquals(2.05e7, Math.pow(10, d.getYData()[2]), 0.01e7);
        assertTrue(c.getSeriesMap().keySet().stream().anyMatch(k -> k.startsWith("w = 1.01") && k.contains("20752")),
            c.getSeriesMap().keySet().toString());
        rendered(Plots.powerOfW());
        assertThrows(IllegalArgumentException.class, () -> Plots.powerOfW(1000, -1, 1, 10));
    }

    @Test
    void lossSurfaceKeepsTheGridAndDrawsPaths() {
        Map<String, List<double[]>> paths = new LinkedHashMap<>();
        paths.put("no clipping", List.of(new double[] {0, 0}, new double[] {1, 1}));
        paths.put("clipping", List.of(new double[] {0, 0}, new double[] {0.5, 0.2}, new double[] {0.7, 0.3}));
        SurfaceChart c = Plots.lossSurface((a, b) -> a * a + 10 * b * b, -1, 1, -2, 2, 21, paths);
        double[][] loss = c.loss();
        assertEquals(21, loss.length);
        assertEquals(21, loss[0].length);
        assertEquals(0.1 * 0.1 + 10 * (-1.8) * (-1.8), loss[11][1], TIGHT, "loss[i][j] = L(w1[i], w2[j])");
        assertEquals(0, c.lossMin(), TIGHT);
        assertEquals(41, c.lossMax(), TIGHT);
        assertEquals(-1.05, c.getStyler().getXAxisMin(), TIGHT, "axes end at the outer cell edges");
        assertEquals(2.1, c.getStyler().getYAxisMax(), TIGHT);
        assertArrayEquals(new double[] {0, 0.5, 0.7}, c.getSeriesMap().get("clipping").getXData(), EXACT);
        assertArrayEquals(new double[] {0, 0.2, 0.3}, c.getSeriesMap().get("clipping").getYData(), EXACT);
        rendered(c);
        assertEquals(c.getWidth(), Plots.toImage(c).getWidth(), "painting must not change the chart's width");
        assertThrows(IllegalArgumentException.class, () -> c.setLogColor(true), "loss 0 has no logarithm");
        assertTrue(Plots.svg(c).contains("<svg"));
    }

    @Test
    void lossSurfaceValidatesItsGrid() {
        double[] w1 = {0, 1, 2};
        double[] w2 = {0, 1};
        assertThrows(IllegalArgumentException.class, () -> Plots.lossSurface(new double[2][2], w1, w2, null));
        assertThrows(IllegalArgumentException.class,
            () -> Plots.lossSurface(new double[3][2], new double[] {0, 2, 1}, w2, null));
        SurfaceChart ok = Plots.lossSurface(new double[][] {{1, 2}, {3, 4}, {5, 6}}, w1, w2, null);
        ok.setLogColor(true);
        assertTrue(ok.isLogColor());
        assertEquals(ColorMaps.at(ColorMaps.sequential(), 0, 0, 1), ok.colorOf(1), "min loss: first colour");
        rendered(ok);
        assertThrows(IllegalArgumentException.class,
            () -> Plots.addPath(ok, "bad", List.of(new double[] {1, 2, 3})));
    }

    @Test
    void confusionMatrixShowsCountsWithTrueLabelsOnRows() {
        String[] labels = {"other", "dest", "time"};
        int[][] counts = {{50, 2, 1}, {3, 20, 0}, {0, 1, 9}};
        HeatMapChart c = Plots.confusionMatrix(counts, labels);
        assertEquals(List.of(labels), Plots.heatRows(c));
        assertEquals(List.of(labels), Plots.heatColumns(c));
        assertEquals(3, Plots.heatValue(c, 1, 0), EXACT, "row = true dest, column = predicted other");
        assertEquals(0, Plots.heatValue(c, 1, 2), EXACT);
        assertEquals(50, c.getStyler().getMax(), EXACT);
        assertTrue(c.getStyler().isShowValue());
        assertEquals("predicted label", c.getXAxisTitle());
        assertEquals("true label", c.getYAxisTitle());
        rendered(c);
        HeatMapChart norm = Plots.confusionMatrix(counts, labels, true);
        assertEquals(3.0 / 23, Plots.heatValue(norm, 1, 0), TIGHT, "fraction of true dest predicted as other");
        assertEquals(20.0 / 23, Plots.heatValue(norm, 1, 1), TIGHT, "diagonal = recall");
        assertEquals(1.0, norm.getStyler().getMax(), EXACT);
        rendered(norm);
        assertThrows(IllegalArgumentException.class, () -> Plots.confusionMatrix(new int[][] {{1, 2}}, labels));
        assertThrows(IllegalArgumentException.class,
            () -> Plots.confusionMatrix(new int[][] {{1, -2, 0}, {0, 0, 0}, {0, 0, 0}}, labels));
    }

    @Test
    void f1BarsHaveOneBarPerLabel() {
        String[] labels = {"other", "dest", "time"};
        CategoryChart c = Plots.f1Bars(labels, new double[] {0.9, 0.5, 0.75});
        // one series per label: its own bar, in its slot's colour ("other" names no slot: grey)
        assertEquals(List.of(labels), List.copyOf(c.getSeriesMap().keySet()));
        var dest = c.getSeriesMap().get("dest");
        assertEquals(List.of(labels), dest.getXData());
        assertEquals(Arrays.asList(null, 0.5, null), dest.getYData());
        assertEquals(Arrays.asList(0.9, null, null), c.getSeriesMap().get("other").getYData());
        assertEquals(Arrays.asList(null, null, 0.75), c.getSeriesMap().get("time").getYData());
        assertEquals(SlotColors.of("dest"), dest.getFillColor());
        assertEquals(SlotColors.of("time"), c.getSeriesMap().get("time").getFillColor());
        assertNotEquals(SlotColors.of("dest"), c.getSeriesMap().get("other").getFillColor());
        assertTrue(c.getStyler().isOverlapped());
        // the same slot, as chunk type or BIO label, has the same colour
        assertEquals(Plots.f1Bars(new String[] {"B-dest", "I-dest"}, new double[] {1, 1}).getSeriesMap().get("I-dest")
            .getFillColor(), dest.getFillColor());
        assertEquals(1.0, c.getStyler().getYAxisMax(), EXACT);
        rendered(c);
        assertThrows(IllegalArgumentException.class, () -> Plots.f1Bars(labels, new double[] {1}));
    }

    @Test
    void lstmPlotsFromATraceMatchThePlotsFromTheTape() {
        rnnlab.cells.LSTM lstm = new rnnlab.cells.LSTM(rnnlab.cells.LSTM.Config.of(3, 4), false, new java.util.SplittableRandom(3));
        rnnlab.core.Matrix[] xs = new rnnlab.core.Matrix[5];
        java.util.SplittableRandom r = new java.util.SplittableRandom(4);
        for (int t = 0; t < xs.length; t++) {
            xs[t] = rnnlab.core.Matrix.row(r.nextDouble() - 0.5, r.nextDouble() - 0.5, r.nextDouble() - 0.5);
        }
        var trace = lstm.trace(xs, null).get(0);                  // also runs forward: the tape holds the same pass
        List<String> words = List.of("a", "b", "c", "d", "e");
        ChartGrid fromTape = Plots.lstmCellTrace(lstm.tape(), 0, 2, words);
        ChartGrid fromTrace = Plots.lstmCellTrace(trace, 0, 2, words);
        for (int p = 0; p < 2; p++) {
            XYChart a = (XYChart) fromTape.charts().get(p), b = (XYChart) fromTrace.charts().get(p);
            assertEquals(a.getSeriesMap().keySet(), b.getSeriesMap().keySet());
            for (String name : a.getSeriesMap().keySet()) {
                assertArrayEquals(a.getSeriesMap().get(name).getYData(), b.getSeriesMap().get(name).getYData(), 0.0, name);
            }
        }
        ChartGrid gatesTape = Plots.lstmGates(lstm.tape(), 0, words.subList(0, 3));
        ChartGrid gatesTrace = Plots.lstmGates(trace, 0, words.subList(0, 3));
        for (int p = 0; p < 4; p++) {
            HeatMapChart a = (HeatMapChart) gatesTape.charts().get(p), b = (HeatMapChart) gatesTrace.charts().get(p);
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 4; j++) {
                    assertEquals(Plots.heatValue(a, j, i), Plots.heatValue(b, j, i), 0.0);
                }
            }
        }
        var elman = new rnnlab.cells.Elman(3, 2, rnnlab.core.Activation.TANH, false, new java.util.SplittableRandom(1));
        var notLstm = elman.trace(xs, null).get(0);
        var e = assertThrows(IllegalArgumentException.class, () -> Plots.lstmGates(notLstm, 0, null));
        assertTrue(e.getMessage().contains("LSTM"), e.getMessage());
    }

    @Test
    void saveWritesNonEmptyPngAndSvgAtomically(@TempDir Path dir) throws Exception {
        XYChart c = Plots.lossCurves(new double[] {3, 2, 1}, new double[] {3.5, 2.5, 2});
        Path png = Plots.save(c, dir.resolve("loss.png"));
        Path svg = Plots.save(c, dir.resolve("sub/loss.SVG"));
        byte[] p = Files.readAllBytes(png);
        assertTrue(p.length > 1000, "PNG has " + p.length + " bytes");
        assertEquals((byte) 0x89, p[0]);
        assertEquals('P', p[1]);
        String s = Files.readString(svg);
        assertTrue(s.contains("<svg") && s.contains("</svg>"), "SVG document");
        Path grid = Plots.save(Plots.lstmGates(states(3, 2), states(3, 2), states(3, 2), states(3, 2), null),
            dir.resolve("gates.png"));
        assertTrue(Files.size(grid) > 1000);
        Path gridSvg = Plots.save(Plots.lstmGates(states(3, 2), states(3, 2), states(3, 2), states(3, 2), null),
            dir.resolve("gates.svg"));
        assertTrue(Files.readString(gridSvg).contains("<svg"));
        Plots.save(c, dir.resolve("loss.png")); // overwrite is fine
        try (Stream<Path> files = Files.list(dir)) {
            assertFalse(files.anyMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no temp file left");
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> Plots.save(c, dir.resolve("loss.jpg")));
        assertTrue(e.getMessage().contains(".png or .svg"), e.getMessage());
    }
}
