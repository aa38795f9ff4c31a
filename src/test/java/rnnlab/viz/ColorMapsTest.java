package rnnlab.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.Color;
import org.junit.jupiter.api.Test;

class ColorMapsTest {
    @Test
    void interpolatesBetweenStopsAndClamps() {
        Color[] map = {new Color(0, 0, 0), new Color(200, 100, 50)};
        assertEquals(new Color(0, 0, 0), ColorMaps.at(map, -5, 0, 1));
        assertEquals(new Color(200, 100, 50), ColorMaps.at(map, 7, 0, 1));
        assertEquals(new Color(100, 50, 25), ColorMaps.at(map, 0.5, 0, 1));
        assertEquals(new Color(50, 25, 13), ColorMaps.at(map, 1.25, 1, 2));
    }

    @Test
    void divergingMapIsWhiteAtZero() {
        Color[] d = ColorMaps.diverging();
        assertEquals(Color.decode("#f7f7f7"), ColorMaps.at(d, 0, -1, 1));
        assertEquals(d[0], ColorMaps.at(d, -1, -1, 1));
        assertEquals("#053061", ColorMaps.css(d[0]));
        assertNotSame(ColorMaps.diverging(), ColorMaps.diverging(), "callers get their own copy");
    }

    @Test
    void textColourContrastsWithBackground() {
        assertEquals(Color.WHITE, ColorMaps.textColorOn(ColorMaps.sequential()[0]));
        assertEquals(Color.BLACK, ColorMaps.textColorOn(ColorMaps.sequential()[8]));
    }

    @Test
    void rejectsEmptyRange() {
        assertThrows(IllegalArgumentException.class, () -> ColorMaps.at(ColorMaps.sequential(), 0, 1, 1));
        assertEquals(new Color(200, 200, 200), ColorMaps.at(ColorMaps.sequential(), Double.NaN, 0, 1));
    }
}
