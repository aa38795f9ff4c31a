package rnnlab.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The application pictures render headless and carry the data they were given. */
class ApplicationPlotsTest {
    @Test
    void attentionHeatmapHasOneRowPerOutputStep() {
        double[][] w = {{0.7, 0.2, 0.1}, {0.1, 0.8, 0.1}};
        var c = ApplicationPlots.attention(w, List.of("three", "hundred", "two"), List.of("3", "==="));
        assertEquals(0.8, Plots.heatValue(c, 1, 1), 1e-12);
        assertEquals(0.7, Plots.heatValue(c, 0, 0), 1e-12);
        assertTrue(Plots.png(c).length > 1000);
        assertThrows(IllegalArgumentException.class, () -> ApplicationPlots.attention(w, List.of("a", "b", "c"),
                List.of("3")));
    }

    @Test
    void scatterOneSeriesPerGroupAndWeights() {
        double[][] p = {{0, 0}, {1, 1}, {2, 0}};
        var c = ApplicationPlots.scatter("s", p, List.of("a", "", "c"), List.of("x", "y", "x"));
        assertEquals(2, c.getSeriesMap().size());
        assertEquals(2, c.getSeriesMap().get("x").getXData().length);
        assertTrue(Plots.png(c).length > 1000);
        var bars = ApplicationPlots.tokenWeights("w", List.of("not", "good"), new double[] {0.3, 0.7});
        assertEquals(1, bars.getSeriesMap().size());
        assertTrue(Plots.png(bars).length > 1000);
        var tc = ApplicationPlots.tokenColors(List.of("not", "good"), new double[] {0.3, 0.7}, "α");
        assertEquals(List.of("+0.30", "+0.70"), tc.notes());
        var series = new LinkedHashMap<String, double[]>();
        series.put("train", new double[] {3, 2});
        var sc = ApplicationPlots.stepCurves("t", "y", new int[] {25, 50}, series);
        assertEquals(50.0, sc.getSeriesMap().get("train").getXData()[1]);
    }

    @Test
    void charColorsAndTextColumns() {
        var cc = CharColors.of(List.of("a", "\n", "b"), new double[] {-1, 0, 1}, "unit 3");
        var img = cc.toImage();
        assertTrue(img.getWidth() >= 420 && img.getHeight() > 40);
        assertTrue(cc.toHtml().contains("unit 3"));
        assertThrows(IllegalArgumentException.class, () -> CharColors.of(List.of("a"), new double[2], "x"));
        var m = new LinkedHashMap<String, String>();
        m.put("τ = 0.5", "the <the>");
        var tc = TextColumns.of(m);
        assertTrue(tc.toHtml().contains("the &lt;the&gt;"));
        assertEquals("the <the>", tc.text("τ = 0.5"));
    }
}
