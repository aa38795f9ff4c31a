package rnnlab.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The parser of a child JVM's {@code STEP} lines, which the allocation tests assert on. */
class ChildJvmTest {
    @Test
    void stepLinesGiveTheConfigurationTheStateAndTheBytesInOrder() {
        String out = "kernels: Vector API (Double512) / Vector API (Float512)\n"
                + "STEP Elman DOUBLE T4 B64 steady 32\n"
                + "  SteadyState Elman …: 600 passes\n"
                + "STEP LSTM FLOAT32 B16 over 46080\n";
        assertEquals(List.of(new ChildJvm.Step("Elman DOUBLE T4 B64", "steady", 32),
                new ChildJvm.Step("LSTM FLOAT32 B16", "over", 46080)), ChildJvm.steps(out));
        assertTrue(ChildJvm.steps("no steps here\n  STEP indented is not a step line\n").isEmpty());
    }

    @Test
    void aStepLineWithoutBytesFailsNamingTheLine() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> ChildJvm.steps("STEP Elman DOUBLE steady lots\n"));
        assertTrue(e.getMessage().contains("'STEP Elman DOUBLE steady lots'"), e.getMessage());
        AssertionError shortLine = assertThrows(AssertionError.class, () -> ChildJvm.steps("STEP steady 32\n"));
        assertTrue(shortLine.getMessage().contains("needs a configuration"), shortLine.getMessage());
    }
}
