package rnnlab.notebook;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Outside a kernel (here: JJava's API is on the class path but no kernel runs) Live is a harmless no-op. */
class LiveTest {

    @Test
    void outsideAKernelNothingIsShownAndUpdatesAreIgnored() {
        assertFalse(Live.inKernel());
        Live live = Live.show("epoch 0");
        assertFalse(live.isShown());
        assertNull(live.id());
        live.update("epoch 1");
        assertTrue(live.toString().contains("not shown: no Jupyter kernel"), live.toString());
    }

    @Test
    void nullValuesAreRejectedWithAMessage() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> Live.show(null));
        assertTrue(e.getMessage().contains("Live.show(value): value is null"), e.getMessage());
        assertThrows(NullPointerException.class, () -> Live.show("x").update(null));
    }
}
