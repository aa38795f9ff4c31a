package rnnlab.notebook;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import rnnlab.core.HtmlRenderable;
import rnnlab.viz.Diagram;
import tech.tablesaw.api.Table;

/**
 * The renderers RNN Lab adds to the JJava kernel. Touches JJava types: used only by {@link RnnLabExtension}
 * inside the kernel (and by tests, where the API is on the class path).
 *
 * <ul>
 *   <li>any XChart chart: {@code image/png} (via {@link BitmapEncoder#getBufferedImage}) and a one-line
 *       {@code text/plain} description;</li>
 *   <li>a {@link Diagram}: {@code image/svg+xml} (its SVG), {@code image/png} and {@code text/plain};</li>
 *   <li>any {@link HtmlRenderable}: {@code text/html} from {@code toHtml()}, {@code text/plain} from
 *       {@code toString()};</li>
 *   <li>a Tablesaw {@link Table}: {@code text/html} from {@link HtmlTables#toHtml(Table)}, {@code text/plain}
 *       from Tablesaw's own {@code toString()}.</li>
 * </ul>
 */
final class Renderers {
    private Renderers() {}

    @SuppressWarnings({"rawtypes", "unchecked"})
    static void register(Renderer renderer) {
        renderer.createRegistration((Class) Chart.class)
                .preferring(MIMEType.IMAGE_PNG)
                .supporting(MIMEType.IMAGE_PNG, MIMEType.TEXT_PLAIN)
                .register((chart, ctx) -> {
                    Chart<?, ?> c = (Chart<?, ?>) chart;
                    ctx.renderIfRequested(MIMEType.IMAGE_PNG, () -> pngBase64(c));
                    ctx.renderIfRequested(MIMEType.TEXT_PLAIN, () -> describe(c));
                });
        renderer.createRegistration(Diagram.class)
                .preferring(MIMEType.IMAGE_SVG)
                .supporting(MIMEType.IMAGE_SVG, MIMEType.IMAGE_PNG, MIMEType.TEXT_PLAIN)
                .register((diagram, ctx) -> {
                    ctx.renderIfRequested(MIMEType.IMAGE_SVG, diagram::toSvg);
                    ctx.renderIfRequested(MIMEType.IMAGE_PNG,
                        () -> Base64.getEncoder().encodeToString(diagram.png()));
                    ctx.renderIfRequested(MIMEType.TEXT_PLAIN, diagram::toString);
                });
        renderer.createRegistration(HtmlRenderable.class)
                .preferring(MIMEType.TEXT_HTML)
                .supporting(MIMEType.TEXT_HTML, MIMEType.TEXT_PLAIN)
                .register((obj, ctx) -> {
                    ctx.renderIfRequested(MIMEType.TEXT_HTML, obj::toHtml);
                    ctx.renderIfRequested(MIMEType.TEXT_PLAIN, obj::toString);
                });
        renderer.createRegistration(Table.class)
                .preferring(MIMEType.TEXT_HTML)
                .supporting(MIMEType.TEXT_HTML, MIMEType.TEXT_PLAIN)
                .register((table, ctx) -> {
                    ctx.renderIfRequested(MIMEType.TEXT_HTML, () -> HtmlTables.toHtml(table));
                    ctx.renderIfRequested(MIMEType.TEXT_PLAIN, table::toString);
                });
    }

    /** The chart drawn at its own size, PNG-encoded, base64 (what Jupyter's image/png wants). */
    static String pngBase64(Chart<?, ?> chart) {
        BufferedImage image = BitmapEncoder.getBufferedImage(chart);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
        try {
            if (!ImageIO.write(image, "png", bytes)) {
                throw new IllegalStateException("no PNG writer in this JVM (javax.imageio)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode chart '" + chart.getTitle() + "' as PNG", e);
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    /** e.g. {@code XYChart "loss" (600x400 px)}. */
    static String describe(Chart<?, ?> chart) {
        String title = chart.getTitle();
        return chart.getClass().getSimpleName()
                + (title == null || title.isEmpty() ? "" : " \"" + title + "\"")
                + " (" + chart.getWidth() + "x" + chart.getHeight() + " px)";
    }
}
