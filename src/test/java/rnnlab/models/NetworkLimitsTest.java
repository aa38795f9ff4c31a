package rnnlab.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

/**
 * The limits of a network description are inclusive and each refusal names the setting, its range and the value:
 * the bounds themselves build, one beyond is refused. (Descriptions only: nothing of that size is allocated until
 * {@code model()}.) Written against the survivors of mutation testing (docs/testing.md).
 */
class NetworkLimitsTest {
    static Network build(UnaryOperator<Network.Builder> settings) {
        return settings.apply(Network.builder()).build();
    }

    static String refusal(UnaryOperator<Network.Builder> settings) {
        return assertThrows(IllegalArgumentException.class, () -> build(settings)).getMessage();
    }

    @Test
    void theBoundsThemselvesAreAllowed() {
        assertEquals(8, build(b -> b.layers(8)).layers());
        assertEquals(1, build(b -> b.layers(1)).layers());
        assertEquals(4096, build(b -> b.hidden(4096)).hidden());
        assertEquals(1, build(b -> b.hidden(1)).hidden());
        assertEquals(2048, build(b -> b.embedding(2048)).embedding());
        assertEquals(10, build(b -> b.window(10)).window());
        assertEquals(1 << 20, build(b -> b.embedding(0).inputs(1 << 20)).inputs());
        assertEquals(1 << 20, build(b -> b.classes(1 << 20)).classes());
        assertEquals(2048, build(b -> b.trigrams(2048)).trigrams());
        assertEquals(Integer.MAX_VALUE, build(b -> b.vocabulary(Integer.MAX_VALUE)).vocabulary());
    }

    @Test
    void oneBeyondIsRefusedWithTheRange() {
        assertEquals("Network: layers must be between 1 and 8, got 9", refusal(b -> b.layers(9)));
        assertEquals("Network: layers must be between 1 and 8, got 0", refusal(b -> b.layers(0)));
        assertEquals("Network: hidden must be between 1 and 4096, got 4097", refusal(b -> b.hidden(4097)));
        assertEquals("Network: hidden must be between 1 and 4096, got 0", refusal(b -> b.hidden(0)));
        assertEquals("Network: embedding must be between 0 and 2048, got 2049", refusal(b -> b.embedding(2049)));
        assertEquals("Network: embedding must be between 0 and 2048, got -1", refusal(b -> b.embedding(-1)));
        assertEquals("Network: window must be between 0 and 10, got 11", refusal(b -> b.window(11)));
        assertEquals("Network: window must be between 0 and 10, got -1", refusal(b -> b.window(-1)));
        assertEquals("Network: vocabulary must be between 0 and 2147483647, got -1", refusal(b -> b.vocabulary(-1)));
        assertEquals("Network: inputs must be between 0 and 1048576, got 1048577",
                refusal(b -> b.embedding(0).inputs((1 << 20) + 1)));
        assertEquals("Network: inputs must be between 0 and 1048576, got -1", refusal(b -> b.embedding(0).inputs(-1)));
        assertEquals("Network: classes must be between 0 and 1048576, got 1048577", refusal(b -> b.classes((1 << 20) + 1)));
        assertEquals("Network: classes must be between 0 and 1048576, got -1", refusal(b -> b.classes(-1)));
        assertEquals("Network: trigrams must be between 0 and 2048, got 2049", refusal(b -> b.trigrams(2049)));
        assertEquals("Network: trigrams must be between 0 and 2048, got -1", refusal(b -> b.trigrams(-1)));
    }

    @Test
    void dropoutRatesAreProbabilitiesBelowOne() {
        for (String what : new String[] {"embeddingDropout", "layerDropout", "recurrentDropout"}) {
            UnaryOperator<Network.Builder> one = switch (what) {
                case "embeddingDropout" -> b -> b.embeddingDropout(1);
                case "layerDropout" -> b -> b.layerDropout(1);
                default -> b -> b.recurrentDropout(1);
            };
            assertEquals("Network: " + what + " is a probability of dropping a value, 0 ≤ p < 1, got 1.0", refusal(one));
        }
        assertEquals("Network: layerDropout is a probability of dropping a value, 0 ≤ p < 1, got -0.1",
                refusal(b -> b.layerDropout(-0.1)));
        assertEquals("Network: embeddingDropout is a probability of dropping a value, 0 ≤ p < 1, got NaN",
                refusal(b -> b.embeddingDropout(Double.NaN)));
        assertEquals(0.0, build(b -> b.dropout(0, 0, 0)).layerDropout(), 0, "0 is no dropout");
    }

    @Test
    void optionsThatDoNotFitAreNamed() {
        assertEquals("Network: trigrams(3) adds letter trigrams to the word vectors of a network that reads words; "
                + "give .embedding(E) too", refusal(b -> b.embedding(0).trigrams(3)));
        assertEquals("Network: recurrentDropout is implemented for the elman, irnn, lstm and gru cells, not jordan; "
                + "drop it, or use embeddingDropout and layerDropout",
                refusal(b -> b.cell(Network.Cell.JORDAN).recurrentDropout(0.2)));
        assertEquals("Network: forgetBias must be finite, got Infinity",
                refusal(b -> b.cell(Network.Cell.LSTM).forgetBias(Double.POSITIVE_INFINITY)));
        assertEquals("Network: inputs(5) is the vector size of a model without embedding; add .embedding(0), or drop "
                + "inputs and give .vocabulary(V)", refusal(b -> b.embedding(8).inputs(5)));
        assertEquals("Network: vocabulary and window need an embedding; give .embedding(E) or drop them (embedding 0 "
                + "means the model reads .inputs(n)-value vectors)", refusal(b -> b.embedding(0).window(1)));
        assertEquals("Network: vocabulary and window need an embedding; give .embedding(E) or drop them (embedding 0 "
                + "means the model reads .inputs(n)-value vectors)", refusal(b -> b.embedding(0).vocabulary(10)));
        assertEquals("Network: iobConstraints are rules for label sequences, but this network gives one output per "
                + "sequence (many-to-one); drop iobConstraints or .manyToOne()",
                refusal(b -> b.iobConstraints(true).manyToOne()));
    }
}
