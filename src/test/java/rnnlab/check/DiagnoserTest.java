package rnnlab.check;

import static org.junit.jupiter.api.Assertions.*;
import static rnnlab.check.Mistake.*;

import java.util.List;
import java.util.function.Function;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import rnnlab.core.Matrix;

/**
 * The diagnoser against every catalogued mistake: a student's code that makes mistake M (the reference variant M,
 * handed to the check as if a student wrote it) must fail, and the block must name M; the correct code passes with
 * one line.
 */
class DiagnoserTest {

    /** The check a mistake belongs to, run on "student code" that makes exactly that mistake. */
    static Verdict checkWith(Mistake m) {
        return switch (m) {
            case MISSING_ACTIVATION, TRANSPOSED_WH, MISSING_RECURRENT_TERM, MISSING_BIAS, BIAS_OUTSIDE_ACTIVATION ->
                    ElmanCheck.stepForward((x, h, w) -> ElmanMath.step(x, h, w, m));
            case UNROLL_OFF_BY_ONE, UNROLL_MEMORY_NOT_CARRIED -> ElmanCheck.unroll((xs, h0, w) -> ElmanMath.unroll(xs, h0, w, m));
            case MISSING_TANH_DERIVATIVE, TRANSPOSED_WH_BACKWARD, GRADIENT_OVERWRITTEN, BIAS_GRAD_NOT_SUMMED, DWH_WITH_CURRENT_STATE ->
                    ElmanCheck.stepBackward((dh, x, hp, h, w, g) -> ElmanMath.stepBackward(dh, x, hp, h, w, g, m));
            case BPTT_NO_RECURRENT_TERM, BPTT_ZEROED_EACH_STEP, BPTT_WRONG_DIRECTION ->
                    ElmanCheck.bptt((d, xs, h0, hs, w, g, k) -> ElmanMath.bptt(d, xs, h0, hs, w, g, k, m));
            case TRUNCATION_IGNORED, TRUNCATION_OFF_BY_ONE ->
                    ElmanCheck.truncatedBptt((d, xs, h0, hs, w, g, k) -> ElmanMath.bptt(d, xs, h0, hs, w, g, k, m));
            case LSTM_GATE_ORDER, LSTM_MEMORY_WRONG_GATE, LSTM_FORGET_INVERTED, LSTM_OUTPUT_OLD_MEMORY, LSTM_OUTPUT_MISSING_ACTIVATION ->
                    LstmCheck.stepForward((x, h, c, w) -> LstmMath.step(x, h, c, w, m));
            case LSTM_MISSING_SIGMOID_PRIME_INPUT, LSTM_MISSING_SIGMOID_PRIME_FORGET, LSTM_MISSING_SIGMOID_PRIME_OUTPUT,
                 LSTM_MISSING_TANH_PRIME_CELL, LSTM_DC_WRONG_GATE, LSTM_DC_NEXT_IGNORED ->
                    LstmCheck.stepBackward((dh, dc, x, hp, cp, s, w, g) -> LstmMath.stepBackward(dh, dc, x, hp, cp, s, w, g, m));
            case CLIP_PER_MATRIX, CLIP_NORM_NOT_SQUARE_ROOTED, CLIP_ALWAYS_SCALED ->
                    ClipCheck.byNorm((g, c) -> ClipMath.byNorm(g, c, m));
            case CLIP_VALUE_ONE_SIDED, CLIP_VALUE_LOSES_SIGN -> ClipCheck.byValue((g, c) -> ClipMath.byValue(g, c, m));
            case BOW_PRESENCE_NOT_COUNT, BOW_INDEX_OFF_BY_ONE ->
                    SentimentCheck.bagOfWords((t, v) -> SentimentCheck.bagOfWords(t, v, m));
            case MANY_TO_ONE_FIRST_STEP, MANY_TO_ONE_NO_SOFTMAX, MANY_TO_ONE_NO_MEMORY ->
                    SentimentCheck.manyToOne((xs, w, wo, c) -> SentimentCheck.manyToOne(new SentimentCheck.Case(xs, w, wo, c), m));
        };
    }

    @ParameterizedTest
    @EnumSource(Mistake.class)
    void everyCataloguedMistakeIsNamed(Mistake m) {
        Verdict v = checkWith(m);
        assertFalse(v.passed(), m + " should fail its check");
        assertEquals(m, v.mistake().orElse(null), () -> m + " should be diagnosed as itself, got:\n" + v);
        assertTrue(v.text().contains("[" + m.name() + "]") && v.text().contains(m.title), v::text);
        assertTrue(v.text().contains("expected") && v.text().contains("got") && v.text().contains("where"), v::text);
        CheckFailed e = assertThrows(CheckFailed.class, v::require);
        assertEquals(v.text(), e.getMessage());
    }

    @Test
    void correctCodeGetsOneLine() {
        List<Verdict> all = List.of(
                ElmanCheck.stepForward((x, h, w) -> ElmanMath.step(x, h, w, null)),
                ElmanCheck.unroll((xs, h0, w) -> ElmanMath.unroll(xs, h0, w, null)),
                ElmanCheck.lectureToyExample((x, h, w) -> ElmanMath.step(x, h, w, null)),
                ElmanCheck.stepBackward((dh, x, hp, h, w, g) -> ElmanMath.stepBackward(dh, x, hp, h, w, g, null)),
                ElmanCheck.bptt((d, xs, h0, hs, w, g, k) -> ElmanMath.bptt(d, xs, h0, hs, w, g, k, null)),
                ElmanCheck.truncatedBptt((d, xs, h0, hs, w, g, k) -> ElmanMath.bptt(d, xs, h0, hs, w, g, k, null)),
                LstmCheck.stepForward((x, h, c, w) -> LstmMath.step(x, h, c, w, null)),
                LstmCheck.stepForwardPeephole((x, h, c, w) -> LstmMath.step(x, h, c, w, null)),
                LstmCheck.lectureExamples((x, h, c, w) -> LstmMath.step(x, h, c, w, null)),
                LstmCheck.stepBackward((dh, dc, x, hp, cp, s, w, g) -> LstmMath.stepBackward(dh, dc, x, hp, cp, s, w, g, null)),
                ClipCheck.byNorm((g, c) -> ClipMath.byNorm(g, c, null)),
                ClipCheck.byValue((g, c) -> ClipMath.byValue(g, c, null)),
                SentimentCheck.bagOfWords((t, v) -> SentimentCheck.bagOfWords(t, v, null)),
                SentimentCheck.manyToOne((xs, w, wo, c) -> SentimentCheck.manyToOne(new SentimentCheck.Case(xs, w, wo, c), null)));
        for (Verdict v : all) {
            assertTrue(v.passed(), v::text);
            assertTrue(v.text().startsWith("✔ ") && !v.text().contains("\n"), v::text);
            assertSame(v, v.require());
        }
    }

    @Test
    void aStubSaysNotImplemented() {
        Verdict v = ElmanCheck.stepForward((x, h, w) -> {
            throw new UnsupportedOperationException("write the Elman step");
        });
        assertFalse(v.passed());
        assertTrue(v.text().contains("not implemented yet"), v::text);
    }

    @Test
    void codeThatThrowsIsReportedWithTheCase() {
        Verdict v = ElmanCheck.stepForward((x, h, w) -> new Matrix(1, 1).set(5, 5, 1));
        assertFalse(v.passed());
        assertTrue(v.text().contains("threw") && v.text().contains("case 1 of 3"), v::text);
    }

    @Test
    void aWrongShapeIsNamed() {
        Verdict v = ElmanCheck.stepForward((x, h, w) -> new Matrix(x.rows, w.inputSize()));
        assertFalse(v.passed());
        assertTrue(v.text().contains("has shape"), v::text);
    }

    @Test
    void anUncataloguedMistakeStillSaysWhereAndWhat() {
        // doubles the output: no catalogued mistake does that
        Verdict v = ElmanCheck.stepForward((x, h, w) -> Ops.map(ElmanMath.step(x, h, w, null), a -> 2 * a));
        assertFalse(v.passed());
        assertTrue(v.mistake().isEmpty());
        assertTrue(v.text().contains("no mistake in the catalogue matches"), v::text);
        assertTrue(v.text().contains("sentence 1") && v.text().contains("hidden unit"), v::text);
    }

    @Test
    void theBlockNamesTheGateAndTheTimeStep() {
        Verdict gate = checkWith(LSTM_GATE_ORDER);
        assertTrue(gate.text().contains("time step t=1"), gate::text);
        Verdict memory = checkWith(LSTM_MEMORY_WRONG_GATE);   // c⁰ = 0: the memory path matters from t=2 on
        assertTrue(memory.quantity().orElseThrow().contains("memory c at time step t=2"), memory::text);
        Verdict sigma = checkWith(LSTM_MISSING_SIGMOID_PRIME_FORGET);
        assertTrue(sigma.text().contains("forget gate zf block"), sigma::text);
        Verdict bptt = checkWith(BPTT_NO_RECURRENT_TERM);    // right for T=1, wrong from T=2
        assertTrue(bptt.text().contains("T=2 steps; shorter sequences were right"), bptt::text);
    }

    @Test
    void wrongQuantitiesAreGroupedByTimeStep() {
        var all = List.of("g(z) at time step t=1", "c at time step t=1", "g(z) at time step t=2", "c at time step t=2");
        assertEquals("g(z) at t=1; everything at t=2",
                Diagnoser.byTimeStep(List.of("g(z) at time step t=1", "g(z) at time step t=2", "c at time step t=2"), all));
        assertEquals("∂L/∂Wi, ∂L/∂b", Diagnoser.byTimeStep(List.of("∂L/∂Wi", "∂L/∂b"), List.of("∂L/∂Wi", "∂L/∂b")));
        Verdict v = checkWith(LSTM_GATE_ORDER);
        assertTrue(v.text().contains("everything at t=2, t=3"), v::text);
    }

    @Test
    void classifierAccuracySaysWhichSentencesFail() {
        var test = OrderSentiment.generate(300, 5);
        // a "classifier" that reads only the first adjective: simple right, but-sentences wrong, negations wrong
        SentenceClassifier firstAdjective = t -> {
            for (String w : t) {
                if (OrderSentiment.POSITIVE.contains(w)) return 1;
                if (OrderSentiment.NEGATIVE.contains(w)) return 0;
            }
            return 0;
        };
        Verdict v = SentimentCheck.accuracy("RNN", firstAdjective, test, 0.9);
        assertFalse(v.passed());
        assertTrue(v.text().contains("does not use word order") && v.text().contains("\"not\""), v::text);
        Verdict perfect = SentimentCheck.accuracy("oracle", t -> {
            for (var e : test) if (e.tokens().equals(t)) return e.label();
            return 0;
        }, test, 0.9);
        assertTrue(perfect.passed(), perfect::text);
    }
}
