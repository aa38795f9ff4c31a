package rnnlab.viz;

import java.awt.Color;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One colour per slot, the same in every picture: {@link TokenColors#bySlot}, {@link Plots#f1Bars} and any plot
 * that draws slots. The colour depends only on the slot's name, never on the order in which slots appear, so
 * "Taipei" as {@code dest} after "arrive" and as {@code depart} after "leave" get different colours in two separate
 * pictures.
 *
 * <p>The colours are Paul Tol's "light" scheme (designed for backgrounds under black text and distinguishable
 * with the common colour-vision deficiencies), assigned so that the pairs a student compares stay furthest apart:
 * <pre>
 *   dest         light blue    #77aadd      depart       orange      #ee8866
 *   arrive_date  pink          #ffaabb      depart_date  pear        #bbcc33
 *   arrive_time  light yellow  #eedd88      depart_time  light cyan  #99ddff
 *   time         mauve         #cc99bb      (the lecture's p.2 label)
 * </pre>
 * (Chosen by search over the scheme: the worst CIELAB distance, also under simulated protanopia, deuteranopia and
 * tritanopia, is 36 within a role pair, 25 between slots of one sentence and 14 between any two; SlotColorsTest.)
 * Any other slot name gets one of the remaining light colours chosen by a hash of the name: stable across runs and
 * pictures, though two unknown names may share a colour ({@link #of} documents which).
 *
 * <p>BIO labels are read as their slot ("B-dest" and "I-dest" are "dest"); "O" and the other names of
 * {@link TokenColors#NO_SLOT} have no colour.
 */
public final class SlotColors {
    private SlotColors() {}

    private static final Map<String, Color> KNOWN = Map.of(
        "dest", hex("#77aadd"),
        "depart", hex("#ee8866"),
        "arrive_date", hex("#ffaabb"),
        "depart_date", hex("#bbcc33"),
        "arrive_time", hex("#eedd88"),
        "depart_time", hex("#99ddff"),
        "time", hex("#cc99bb"));

    /** Colours for slot names not in the table above, picked by the name's hash. */
    private static final List<Color> OTHERS = List.of(
        hex("#aaaa00"), hex("#ccbbee"), hex("#ddcc77"), hex("#88ccee"), hex("#dddddd"), hex("#44bb99"));

    /** The slot names with a fixed colour of their own. */
    public static List<String> known() {
        return List.of("dest", "depart", "arrive_date", "depart_date", "arrive_time", "depart_time", "time");
    }

    /**
     * The colour of a slot or BIO label ("dest", "B-dest", "I-depart_date"), or null for "no slot" ("O", "other",
     * null, ...). Known names (see the class comment) have fixed colours; any other name gets
     * {@code OTHERS[|hash(name)| mod 6]} with a hash of the lower-cased name that does not change between runs.
     */
    public static Color of(String label) {
        String slot = TokenColors.slotType(label);
        if (slot == null) {
            return null;
        }
        Color c = KNOWN.get(slot);
        if (c != null) {
            return c;
        }
        int h = 0;
        for (char ch : slot.toLowerCase(Locale.ROOT).toCharArray()) {
            h = 31 * h + ch;                                       // String.hashCode, spelled out: it must not change
        }
        return OTHERS.get(Math.floorMod(h, OTHERS.size()));
    }

    private static Color hex(String s) {
        return Color.decode(s);
    }
}
