package rnnlab.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.awt.Color;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

class StyleTest {
    @Test
    void factoriesAndApplyGiveTheHouseStyleNotXChartsGrey() {
        XYChart plain = new XYChartBuilder().width(400).height(300).build();
        assertNotEquals(Color.WHITE, plain.getStyler().getChartBackgroundColor(), "XChart default frame is grey");
        assertNotEquals(Style.seriesColors()[0], plain.getStyler().getSeriesColors()[0], "and its colours are not ours");
        XYChart xy = Style.xy(400, 300, "t", "x", "y");
        CategoryChart bars = Style.bars(400, 300, "t", "x", "y");
        XYChart applied = Style.apply(new XYChartBuilder().width(400).height(300).build());
        for (var st : java.util.List.of(xy.getStyler(), bars.getStyler(), applied.getStyler())) {
            assertEquals(Color.WHITE, st.getPlotBackgroundColor());
            assertEquals(Color.WHITE, st.getChartBackgroundColor());
            assertEquals(Style.seriesColors()[0], st.getSeriesColors()[0]);
        }
        assertEquals(400, xy.getWidth());
        assertEquals("x", bars.getXAxisTitle());
    }
}
