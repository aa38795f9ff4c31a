package rnnlab.viz;

import rnnlab.core.Html;
import rnnlab.io.AtomicFile;
import static rnnlab.viz.ChartKit.*;
import static rnnlab.viz.EvalPlots.*;
import static rnnlab.viz.GradientPlots.*;
import static rnnlab.viz.Heatmaps.*;
import static rnnlab.viz.LstmPlots.*;
import static rnnlab.viz.SurfacePlots.*;
import static rnnlab.viz.TrainingCurves.*;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Turning charts into pictures: images, PNG and SVG bytes, files written atomically, inline {@code <img>} tags.
 *
 * <p>Part of the plots that {@link Plots} gathers behind one facade; see {@link Plots} for the shape conventions.
 */
public final class Pictures {
    private Pictures() {}

    /** Renders a chart to an image, headless. */
    public static BufferedImage toImage(Chart<?, ?> chart) {
        return BitmapEncoder.getBufferedImage(chart);
    }

    /** The chart as PNG bytes. */
    public static byte[] png(Chart<?, ?> chart) {
        return pngBytes(toImage(chart));
    }

    /** The chart as an SVG document. */
    public static String svg(Chart<?, ?> chart) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode chart '" + chart.getTitle() + "' as SVG", e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * Saves a chart as PNG or SVG, chosen by the file extension ({@code .png} or {@code .svg}). The file is written
     * to a temporary file next to it and moved into place, so readers never see half a picture.
     *
     * @return the path written
     */
    public static Path save(Chart<?, ?> chart, Path file) {
        String ext = extension(file);
        byte[] bytes = ext.equals("svg") ? svg(chart).getBytes(StandardCharsets.UTF_8) : png(chart);
        return writeAtomically(file, bytes);
    }

    /** Saves a grid of charts as one PNG or SVG (by extension), atomically. */
    public static Path save(ChartGrid grid, Path file) {
        String ext = extension(file);
        byte[] bytes = ext.equals("svg") ? grid.toSvg().getBytes(StandardCharsets.UTF_8) : pngBytes(grid.toImage());
        return writeAtomically(file, bytes);
    }

    /** Saves a diagram as PNG or SVG (by extension), atomically. */
    public static Path save(Diagram diagram, Path file) {
        String ext = extension(file);
        byte[] bytes = ext.equals("svg") ? diagram.toSvg().getBytes(StandardCharsets.UTF_8) : diagram.png();
        return writeAtomically(file, bytes);
    }

    /** Saves any image as PNG, atomically. */
    public static Path save(BufferedImage image, Path file) {
        if (!extension(file).equals("png")) {
            throw new IllegalArgumentException("an image can only be saved as .png, got " + file);
        }
        return writeAtomically(file, pngBytes(image));
    }

    /**
     * An HTML {@code <img>} holding the picture as an inline PNG (data URI): self-contained, no script, kept in a
     * saved notebook. Used by composite objects ({@link ChartGrid}, {@link LiveChart}) for notebook display.
     */
    public static String imgTag(BufferedImage img, String alt) {
        return "<img alt=\"" + Html.escape(alt) + "\" width=\"" + img.getWidth() + "\" height=\""
            + img.getHeight() + "\" src=\"data:image/png;base64,"
            + java.util.Base64.getEncoder().encodeToString(pngBytes(img)) + "\"/>";
    }

    static byte[] pngBytes(BufferedImage img) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(img, "png", out)) {
                throw new IllegalStateException("no PNG writer available in this JDK");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode PNG", e);
        }
        return out.toByteArray();
    }

    static String extension(Path file) {
        if (file == null || file.getFileName() == null) {
            throw new IllegalArgumentException("need a file name ending in .png or .svg, got " + file);
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".png")) {
            return "png";
        }
        if (name.endsWith(".svg")) {
            return "svg";
        }
        throw new IllegalArgumentException("cannot tell the picture format of '" + file
            + "': use a file name ending in .png or .svg");
    }

    static Path writeAtomically(Path file, byte[] bytes) {
        AtomicFile.createFolders(file);
        AtomicFile.write(file, bytes);
        return file.toAbsolutePath();
    }
}
