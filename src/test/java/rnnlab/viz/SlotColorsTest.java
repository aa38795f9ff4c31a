package rnnlab.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlotColorsTest {
    /** The pairs a student compares: the same word after "arrive" and after "leave". */
    static final String[][] ROLE_PAIRS = {
        {"dest", "depart"}, {"arrive_date", "depart_date"}, {"arrive_time", "depart_time"}};

    @Test
    void aSlotHasTheSameColourWhateverElseIsInTheSentence() {
        // before: colours went by order of appearance, so dest (arrive ...) and depart (leave ...) were both the
        // first colour; now each picture gives each slot its own colour
        TokenColors arrive = TokenColors.bySlot(List.of("arrive", "Taipei", "on", "November", "2nd"),
            List.of("O", "B-dest", "O", "B-arrive_date", "I-arrive_date"));
        TokenColors leave = TokenColors.bySlot(List.of("leave", "Taipei", "on", "November", "2nd"),
            List.of("O", "B-depart", "O", "B-depart_date", "I-depart_date"));
        TokenColors only = TokenColors.bySlot(List.of("November", "Taipei"), List.of("B-depart_date", "B-dest"));
        assertEquals(SlotColors.of("dest"), arrive.colors().get(1));
        assertEquals(SlotColors.of("depart"), leave.colors().get(1));
        assertEquals(arrive.colors().get(1), only.colors().get(1), "dest keeps its colour in another sentence");
        assertEquals(leave.colors().get(3), only.colors().get(0), "depart_date keeps its colour");
        assertTrue(distance(arrive.colors().get(1), leave.colors().get(1)) > 30, "Taipei changes colour with the verb");
        assertTrue(distance(arrive.colors().get(3), leave.colors().get(3)) > 30, "the date changes colour with the verb");
    }

    @Test
    void rolePairsStayApartForColourBlindReaders() {
        for (String[] p : ROLE_PAIRS) {
            Color a = SlotColors.of(p[0]);
            Color b = SlotColors.of(p[1]);
            assertTrue(distance(a, b) > 30, p[0] + " vs " + p[1] + ": ΔE " + distance(a, b));
            for (double[][] cvd : new double[][][] {PROTANOPIA, DEUTERANOPIA, TRITANOPIA}) {
                double d = distance(simulate(a, cvd), simulate(b, cvd));
                assertTrue(d > 15, p[0] + " vs " + p[1] + " under colour-vision deficiency: ΔE " + d);
            }
        }
        List<String> known = SlotColors.known();
        for (int i = 0; i < known.size(); i++) {
            for (int j = i + 1; j < known.size(); j++) {
                Color a = SlotColors.of(known.get(i));
                Color b = SlotColors.of(known.get(j));
                assertTrue(distance(a, b) > 10, known.get(i) + " and " + known.get(j) + " look alike: ΔE " + distance(a, b));
            }
        }
    }

    @Test
    void everySlotColourKeepsBlackTextReadable() {
        for (String s : SlotColors.known()) {
            assertEquals(Color.BLACK, ColorMaps.textColorOn(SlotColors.of(s)), s);
        }
        assertEquals(Color.BLACK, ColorMaps.textColorOn(SlotColors.of("fare")));
    }

    @Test
    void bioLabelsNoSlotAndUnknownNames() {
        assertEquals(SlotColors.of("dest"), SlotColors.of("B-dest"));
        assertEquals(SlotColors.of("dest"), SlotColors.of("I-dest"));
        assertNull(SlotColors.of("O"));
        assertNull(SlotColors.of(null));
        assertNull(SlotColors.of("other"));
        Color fare = SlotColors.of("fare");
        assertNotNull(fare);
        assertEquals(fare, SlotColors.of("B-fare"), "an unknown slot is stable too");
        assertEquals(fare, SlotColors.of("fare"));
        for (String s : SlotColors.known()) {
            assertTrue(!fare.equals(SlotColors.of(s)), "unknown names do not take a known slot's colour");
        }
    }

    // --- CIELAB ΔE (CIE76) and colour-vision-deficiency simulation (Machado et al. 2009, severity 1) ---

    static final double[][] PROTANOPIA = {
        {0.152286, 1.052583, -0.204868}, {0.114503, 0.786281, 0.099216}, {-0.003882, -0.048116, 1.051998}};
    static final double[][] DEUTERANOPIA = {
        {0.367322, 0.860646, -0.227968}, {0.280085, 0.672501, 0.047413}, {-0.011820, 0.042940, 0.968881}};
    static final double[][] TRITANOPIA = {
        {1.255528, -0.076749, -0.178779}, {-0.078411, 0.930809, 0.147602}, {0.004733, 0.691367, 0.303900}};

    static Color simulate(Color c, double[][] m) {
        double[] l = {lin(c.getRed()), lin(c.getGreen()), lin(c.getBlue())};
        int[] out = new int[3];
        for (int i = 0; i < 3; i++) {
            double v = m[i][0] * l[0] + m[i][1] * l[1] + m[i][2] * l[2];
            v = Math.max(0, Math.min(1, v));
            out[i] = (int) Math.round(255 * (v <= 0.0031308 ? 12.92 * v : 1.055 * Math.pow(v, 1 / 2.4) - 0.055));
        }
        return new Color(out[0], out[1], out[2]);
    }

    static double distance(Color a, Color b) {
        double[] p = lab(a);
        double[] q = lab(b);
        return Math.sqrt(Math.pow(p[0] - q[0], 2) + Math.pow(p[1] - q[1], 2) + Math.pow(p[2] - q[2], 2));
    }

    static double lin(int ch) {
        double c = ch / 255.0;
        return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }

    static double[] lab(Color c) {
        double r = lin(c.getRed());
        double g = lin(c.getGreen());
        double b = lin(c.getBlue());
        double x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
        double y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
        double z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
        double fx = f(x);
        double fy = f(y);
        double fz = f(z);
        return new double[] {116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)};
    }

    static double f(double t) {
        return t > 216.0 / 24389 ? Math.cbrt(t) : (24389.0 / 27 * t + 16) / 116;
    }
}
