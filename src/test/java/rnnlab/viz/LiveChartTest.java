package rnnlab.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LiveChartTest {
    @Test
    void growsOneEpochAtATimeAndNotifiesListeners() {
        LiveChart live = LiveChart.loss();
        List<BufferedImage> frames = new ArrayList<>();
        live.onUpdate(frames::add);
        BufferedImage before = live.image();
        assertEquals(800, before.getWidth(), "placeholder before the first epoch has the chart's size");
        assertTrue(live.chart().getSeriesMap().isEmpty());

        live.epoch(1.0, 1.2).epoch(0.7, 0.9).epoch(0.5, Double.NaN);
        assertEquals(3, frames.size(), "one fresh image per epoch");
        assertEquals(3, live.epochs());
        assertArrayEquals(new double[] {1.0, 0.7, 0.5}, live.values("train loss"), 0.0);
        assertArrayEquals(new double[] {1, 2, 3}, live.chart().getSeriesMap().get("dev loss").getXData(), 0.0);
        assertTrue(Double.isNaN(live.chart().getSeriesMap().get("dev loss").getYData()[2]));
        assertEquals(500, frames.get(2).getHeight());
        assertTrue(live.toString().contains("3 epochs"), live.toString());
    }

    @Test
    void singleSeriesCanBeFedSeparately() {
        LiveChart live = new LiveChart("Accuracy", "accuracy", "train", "dev");
        live.add("train", 0.5);
        assertEquals(List.of("train"), new ArrayList<>(live.chart().getSeriesMap().keySet()));
        live.add("dev", 0.4).add("train", 0.6);
        assertEquals(2, live.epochs());
        for (int e = 0; e < 30; e++) {
            live.add("train", 0.9);
        }
        assertEquals(0.5, live.chart().getStyler().getXAxisMin(), 0.0, "long runs switch to round ticks");
        live.image();
    }

    @Test
    void rejectsWrongInput() {
        LiveChart live = LiveChart.loss();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> live.epoch(1.0));
        assertTrue(e.getMessage().contains("train loss"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> live.add("test loss", 1));
        assertThrows(IllegalArgumentException.class, () -> new LiveChart("t", "y"));
        assertEquals(List.of("train F1", "dev F1"), LiveChart.f1().seriesNames());
        assertThrows(IllegalArgumentException.class, () -> new LiveChart("t", "y", "a", "a"));
    }

    @Test
    void showsAsAnInlinePngInNotebooks() throws Exception {
        LiveChart live = LiveChart.loss().epoch(1, 2);
        String html = live.toHtml();
        assertTrue(html.startsWith("<img") && html.contains("data:image/png;base64,"), html.substring(0, 60));
        String b64 = html.substring(html.indexOf("base64,") + 7, html.lastIndexOf('"'));
        BufferedImage img = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(
            java.util.Base64.getDecoder().decode(b64)));
        assertEquals(800, img.getWidth());
        assertTrue(live instanceof rnnlab.core.HtmlRenderable);
    }
}
