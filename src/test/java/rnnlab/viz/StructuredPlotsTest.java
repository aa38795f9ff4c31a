package rnnlab.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import rnnlab.structured.Crf;
import rnnlab.structured.Ctc;

/** The structured-output pictures draw the numbers they claim to (data, not pixels). */
class StructuredPlotsTest {
    @Test
    void transitionHeatmapShowsAWithForbiddenCellsAtTheBottomOfTheRange() {
        Crf crf = new Crf(3).forbidInvalidIob(List.of("O", "B-x", "I-x"));
        crf.A.value.set(new double[][] {{0.3, -0.2, 0.9}, {0.1, 0.4, 1.3}, {-0.5, 0, 0.7}});
        var chart = StructuredPlots.transitions(crf, List.of("O", "B-x", "I-x"));
        assertEquals(-0.2, Plots.heatValue(chart, 0, 1));
        assertEquals(1.3, Plots.heatValue(chart, 1, 2));
        assertEquals(-2.0, Plots.heatValue(chart, 0, 2), "O → I-x is forbidden: drawn at −(range), 1.3 rounded up to 2");
        assertEquals(List.of("O →", "B-x →", "I-x →"), Plots.heatRows(chart));
        assertThrows(IllegalArgumentException.class, () -> StructuredPlots.transitions(crf, List.of("O")));
        assertEquals(0.5, StructuredPlots.roundUp(0.31));
        assertEquals(20, StructuredPlots.roundUp(11));
    }

    @Test
    void ctcPosteriorIsTheLatticeTransposed() {
        Ctc.Lattice lat = new Ctc(0).lattice(new double[4][3], new int[] {1, 2});
        var chart = StructuredPlots.ctcPosterior(lat, List.of("φ", "a", "b"));
        assertEquals(List.of("1: φ", "2: a", "3: φ", "4: b", "5: φ"), Plots.heatRows(chart));
        for (int t = 0; t < 4; t++) {
            double sum = 0;
            for (int s = 0; s < 5; s++) {
                assertEquals(lat.posterior()[t][s], Plots.heatValue(chart, s, t), 1e-15);
                sum += Plots.heatValue(chart, s, t);
            }
            assertEquals(1.0, sum, 1e-12, "frame " + (t + 1));
        }
        assertThrows(IllegalArgumentException.class, () -> StructuredPlots.ctcPosterior(lat, List.of("φ", "a")));
        assertThrows(IllegalArgumentException.class,
                () -> StructuredPlots.frameProbabilities(new double[][] {{0.5, 0.5}}, List.of("φ", "a", "b")));
    }
}
