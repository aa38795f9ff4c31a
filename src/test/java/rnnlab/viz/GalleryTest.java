package rnnlab.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GalleryTest {
    @Test
    void writesEveryPicture(@TempDir Path dir) throws Exception {
        List<Path> files = Gallery.writeAll(dir);
        assertEquals(15, files.size(), files.toString());
        for (Path f : files) {
            assertTrue(Files.size(f) > 500, f + " is too small: " + Files.size(f) + " bytes");
        }
    }

    @Test
    void lectureCellTraceReproducesExampleB() {
        // the lecture's LSTM example (p.20–25): the concrete weights run on the 9-step sequence of (b) give y ≈ 6.9995 at step 6 and
        // 5.99977 at step 9
        double[][] x = {{1, 0, 0}, {3, 1, 0}, {2, 0, 0}, {4, 1, 0}, {2, 0, 0}, {1, 0, 1}, {3, -1, 0}, {6, 1, 0},
            {1, 0, 1}};
        rnnlab.cells.LSTM cell = Gallery.lectureCell();
        rnnlab.core.Matrix[] xs = new rnnlab.core.Matrix[x.length];
        for (int t = 0; t < x.length; t++) {
            xs[t] = rnnlab.core.Matrix.row(x[t]);
        }
        cell.forward(xs, null);
        var chart = Plots.lstmCellTrace(cell.tape(), 0, 0, null);
        double[] y = chart.getSeriesMap().get("output y").getYData();
        double[] c = chart.getSeriesMap().get("memory c").getYData();
        assertEquals(6.9995, y[5], 1e-3);
        assertEquals(5.99977, y[8], 1e-3);
        assertEquals(0.0, y[0], 1e-3);
        assertArrayEquals(new double[] {0, 3, 3, 7, 7, 7, 0, 6, 6}, c, 1e-3, "memory after each step (p.19)");
    }
}
