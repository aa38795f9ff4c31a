package rnnlab.viz;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;

/**
 * The house style of RNN Lab charts: white background, light grid, fonts large enough to read in a notebook cell
 * at 800×500 pixels, and a colour-blind-friendly series palette (Okabe–Ito).
 *
 * <p>Every chart made by {@link Plots} has this style applied; users restyle through {@code chart.getStyler()}.
 * Charts built in a notebook start from {@link #xy} or {@link #bars} (or get {@link #apply(Chart)}), so no chart
 * shows XChart's grey default theme.
 */
public final class Style {
    private Style() {}

    /** Default chart width in pixels. */
    public static final int WIDTH = 800;
    /** Default chart height in pixels. */
    public static final int HEIGHT = 500;

    /** Chart title font size in points. */
    public static final int TITLE_SIZE = 18;
    /** Axis title font size in points. */
    public static final int AXIS_TITLE_SIZE = 15;
    /** Tick label and legend font size in points. */
    public static final int LABEL_SIZE = 13;

    /** Okabe–Ito palette (blue, vermillion, bluish green, reddish purple, orange, sky blue, yellow, black). */
    static Color[] seriesColors() {
        return new Color[] {
            new Color(0, 114, 178), new Color(213, 94, 0), new Color(0, 158, 115), new Color(204, 121, 167),
            new Color(230, 159, 0), new Color(86, 180, 233), new Color(240, 228, 66), Color.BLACK};
    }

    /**
     * An empty line chart in the house style (white, light grid, legend on the right, readable fonts): use it
     * instead of {@code new XYChartBuilder()...build()}, which gives XChart's grey default theme.
     */
    public static XYChart xy(int width, int height, String title, String xAxisTitle, String yAxisTitle) {
        return ChartKit.xyChart(width, height, title, xAxisTitle, yAxisTitle);
    }

    /** An empty bar chart in the house style: use it instead of {@code new CategoryChartBuilder()...build()}. */
    public static CategoryChart bars(int width, int height, String title, String xAxisTitle, String yAxisTitle) {
        CategoryChart chart = new CategoryChart(width, height);
        chart.setTitle(title);
        chart.setXAxisTitle(xAxisTitle);
        chart.setYAxisTitle(yAxisTitle);
        apply(chart.getStyler());
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setPlotGridVerticalLinesVisible(false);
        chart.getStyler().setLabelsFont(new Font(Font.SANS_SERIF, Font.BOLD, LABEL_SIZE));
        chart.getStyler().setLabelsFontColorAutomaticEnabled(false);
        chart.getStyler().setLabelsFontColor(Color.BLACK);
        return chart;
    }

    /** Applies the house style to a chart made elsewhere (e.g. with an XChart builder); returns the chart. */
    public static <C extends Chart<?, ?>> C apply(C chart) {
        apply(chart.getStyler());
        return chart;
    }

    /** Applies the house style to any XChart styler. */
    public static void apply(Styler s) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderVisible(true);
        s.setPlotBorderColor(new Color(160, 160, 160));
        s.setChartFontColor(Color.BLACK);
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, TITLE_SIZE));
        s.setChartTitleBoxVisible(false);
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, LABEL_SIZE));
        s.setLegendBorderColor(new Color(190, 190, 190));
        s.setLegendBackgroundColor(Color.WHITE);
        s.setSeriesColors(seriesColors());
        s.setAntiAlias(true);
        s.setToolTipsEnabled(false);
        s.setChartPadding(12);
        if (s instanceof AxesChartStyler a) {
            a.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, AXIS_TITLE_SIZE));
            a.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, LABEL_SIZE));
            a.setAxisTickLabelsColor(Color.BLACK);
            a.setPlotGridLinesColor(new Color(225, 225, 225));
            a.setPlotGridLinesStroke(new BasicStroke(1f));
            a.setAxisTickMarksColor(new Color(120, 120, 120));
        }
    }
}
