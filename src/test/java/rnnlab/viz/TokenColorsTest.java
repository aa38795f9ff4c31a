package rnnlab.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;
import rnnlab.core.HtmlRenderable;

class TokenColorsTest {
    static final List<String> TOKENS = List.of("arrive", "Taipei", "on", "November", "2nd");

    @Test
    void activationColoursFollowTheDivergingMap() {
        double[] a = {0.0, 0.9, -0.9, 0.1, -1.0};
        TokenColors tc = TokenColors.byActivation(TOKENS, a, "unit 3");
        assertEquals(ColorMaps.at(ColorMaps.diverging(), 0.0, -1, 1), tc.colors().get(0), "0 is white");
        assertEquals(ColorMaps.diverging()[0], tc.colors().get(4), "-1 is the darkest blue");
        assertTrue(tc.colors().get(1).getRed() > tc.colors().get(1).getBlue(), "positive is red");
        assertEquals("unit 3: arrive(+0.00) Taipei(+0.90) on(-0.90) November(+0.10) 2nd(-1.00)", tc.toString());
        String html = tc.toHtml();
        assertTrue(html.contains("Taipei") && html.contains("background:#"), html);
        assertFalse(html.toLowerCase().contains("<script"), "no JavaScript");
        assertFalse(html.contains("<link") || html.contains("src="), "no external resources");
        assertTrue(tc instanceof HtmlRenderable);
    }

    @Test
    void slotsColourOnlyRealSlotsAndEscapeHtml() {
        TokenColors tc = TokenColors.bySlot(List.of("<b>", "Taipei", "on"), List.of("O", "dest", "other"));
        assertNull(tc.colors().get(0));
        assertNull(tc.colors().get(2));
        assertEquals(SlotColors.of("dest"), tc.colors().get(1));
        assertEquals("predicted slot: <b> Taipei[dest] on", tc.toString());
        String html = tc.toHtml();
        assertTrue(html.contains("&lt;b&gt;"), "tokens are escaped");
        assertFalse(html.contains("<b>"));
        assertTrue(html.contains(">dest</sub>"));
    }

    @Test
    void bioLabelsShareTheirSlotsColour() {
        TokenColors tc = TokenColors.bySlot(List.of("arrive", "New", "York", "on", "Monday"),
            List.of("O", "B-dest", "I-dest", "O", "B-arrive_date"));
        assertEquals(tc.colors().get(1), tc.colors().get(2));
        assertEquals("dest", tc.notes().get(2));
        assertEquals(SlotColors.of("arrive_date"), tc.colors().get(4));
        assertEquals("predicted slot: arrive New[dest] York[dest] on Monday[arrive_date]", tc.toString());
        assertEquals("B", TokenColors.slotType("B"), "a bare letter is a slot name, not a prefix");
    }

    @Test
    void rendersAsImageWithWrapping() {
        List<String> many = java.util.Collections.nCopies(40, "November");
        BufferedImage img = TokenColors.bySlot(many, java.util.Collections.nCopies(40, "time")).toImage();
        assertTrue(img.getWidth() <= 800);
        assertTrue(img.getHeight() > 200, "40 long tokens wrap onto several lines, height " + img.getHeight());
        Color c = new Color(TokenColors.byActivation(List.of("x"), new double[] {1}, "u").toImage().getRGB(20, 45));
        assertTrue(c.getRed() > 80 && c.getBlue() < 60, "token box painted in its colour: " + c);
    }

    @Test
    void rejectsLengthMismatch() {
        assertThrows(IllegalArgumentException.class, () -> TokenColors.byActivation(TOKENS, new double[2], "u"));
        assertThrows(IllegalArgumentException.class, () -> TokenColors.bySlot(TOKENS, List.of("O")));
    }

    @Test
    void bySlotTakesACaption() {
        String gold = TokenColors.bySlot(List.of("leave", "Taipei"), List.of("O", "B-depart"), "gold slot").toHtml();
        org.junit.jupiter.api.Assertions.assertTrue(gold.contains("gold slot") && !gold.contains("predicted slot"),
                gold);
        org.junit.jupiter.api.Assertions.assertTrue(TokenColors.bySlot(List.of("x"), List.of("O")).toHtml()
                .contains("predicted slot"));
    }
}
