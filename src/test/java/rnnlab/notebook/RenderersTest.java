package rnnlab.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;
import rnnlab.core.HtmlRenderable;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** The renderers, exercised with JJava's own Renderer (the API is on the test class path). */
class RenderersTest {

    private static Renderer renderer() {
        Renderer r = new Renderer();
        Renderers.register(r);
        return r;
    }

    @Test
    void anyXChartBecomesAPngOfTheChartsSize() throws Exception {
        XYChart xy = new XYChart(320, 240);
        xy.setTitle("loss");
        xy.addSeries("train", new double[] {1, 2, 3}, new double[] {3, 2, 1});
        CategoryChart bars = new CategoryChart(200, 150);
        bars.addSeries("n", new double[] {1, 2}, new double[] {5, 7});

        for (Object[] c : new Object[][] {{xy, 320, 240, "XYChart \"loss\" (320x240 px)"},
                {bars, 200, 150, "CategoryChart (200x150 px)"}}) {
            DisplayData d = renderer().render(c[0]);
            Object png = d.getData(MIMEType.IMAGE_PNG);
            assertNotNull(png, "no image/png for " + c[0].getClass().getSimpleName());
            byte[] bytes = Base64.getDecoder().decode((String) png);
            assertEquals((byte) 0x89, bytes[0]);
            assertEquals('P', bytes[1]);
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(bytes));
            assertEquals(c[1], img.getWidth());
            assertEquals(c[2], img.getHeight());
            assertEquals(c[3], d.getData(MIMEType.TEXT_PLAIN));
        }
    }

    @Test
    void htmlRenderableShowsItsHtmlAndItsToString() {
        HtmlRenderable h = new HtmlRenderable() {
            @Override
            public String toHtml() {
                return "<b>W</b> 2x3";
            }

            @Override
            public String toString() {
                return "W 2x3";
            }
        };
        DisplayData d = renderer().render(h);
        assertEquals("<b>W</b> 2x3", d.getData(MIMEType.TEXT_HTML));
        assertEquals("W 2x3", d.getData(MIMEType.TEXT_PLAIN));
    }

    @Test
    void tablesaw_tableBecomesAnEscapedShortenedHtmlTable() {
        double[] x = new double[30];
        String[] s = new String[30];
        for (int i = 0; i < 30; i++) {
            x[i] = i;
            s[i] = i == 0 ? "<script>" : "r" + i;
        }
        Table t = Table.create("data", DoubleColumn.create("x", x), StringColumn.create("s", s));
        DisplayData d = renderer().render(t);
        String html = (String) d.getData(MIMEType.TEXT_HTML);
        assertNotNull(html);
        assertTrue(html.contains("data: 30 rows × 2 columns"), html);
        assertTrue(html.contains("&lt;script&gt;") && !html.contains("<script>"), html);
        // header row + 20 data rows + 1 "more rows" row
        assertEquals(22, html.split("<tr>", -1).length - 1, html);
        assertTrue(html.contains("10 more rows"), html);
        assertTrue(html.contains(">r29</td>") && !html.contains(">r20</td>"), html);
        assertNotNull(d.getData(MIMEType.TEXT_PLAIN));
    }
}
