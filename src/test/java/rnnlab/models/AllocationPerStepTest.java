package rnnlab.models;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import rnnlab.testing.SteadyState;


/**
 * Zero bytes per time step: the bytes a repeated forward + backward pass allocates are measured at two sequence
 * lengths, T = {@value #SHORT} and T = {@value #LONG}. Whatever a pass allocates once (an iterator, a lambda) is the
 * same at both lengths; anything allocated inside the time loop grows with T. The difference must be below one
 * object (16 bytes) for all {@code LONG − SHORT} extra steps together, so a per-step allocation cannot hide under
 * an allowance.
 *
 * <p>Shapes are small (H = 2, embedding 3, B = 3) so that every product of both lengths stays below the Vector API
 * kernels' threshold ({@code Kernels.VECTOR_MIN_WORK} multiply-adds or 8 columns) and the plain-Java kernels run:
 * in a cold JVM the incubating Vector API boxes its vectors until the JIT has compiled the kernels, which would be
 * counted here although it is not the layers' doing (with H = 4 an LSTM's 120×3·3×16 input product crosses it).
 */
class AllocationPerStepTest {
    static final int SHORT = 8, LONG = 40, HIDDEN = 2;
    /** Less than the smallest Java object: no per-step allocation of any kind fits in it over 32 extra steps. */
    static final long MAX_EXTRA_BYTES = 16;

    static Stream<Arguments> models() {
        List<Arguments> list = new ArrayList<>();
        for (Network.Cell arch : Network.Cell.recurrent()) {
            for (boolean bi : new boolean[] {false, true}) {
                for (int layers : new int[] {1, 2}) {
                    for (SequenceModel.Kind kind : SequenceModel.Kind.values()) {
                        list.add(Arguments.of(arch, bi, layers, kind));
                    }
                }
            }
        }
        return list.stream();
    }

    static Batch batch(int T, SequenceModel.Kind kind, SplittableRandom rng) {
        int B = 3;
        int[] lengths = {T, T - 3, T - 1};  // padded: the padding paths run too
        int[][] ids = new int[B][T], labels = new int[B][T];
        for (int b = 0; b < B; b++) {
            for (int t = 0; t < T; t++) {
                ids[b][t] = t < lengths[b] ? 1 + rng.nextInt(9) : 0;
                labels[b][t] = t < lengths[b] ? rng.nextInt(4) : -1;
            }
        }
        return kind == SequenceModel.Kind.MANY_TO_MANY ? Batch.ofIds(ids, lengths, labels)
                : Batch.ofIdsForClasses(ids, lengths, new int[] {0, 3, 1});
    }

    @ParameterizedTest(name = "{0} bi={1} layers={2} {3}")
    @MethodSource("models")
    void noBytesPerStep(Network.Cell arch, boolean bi, int layers, SequenceModel.Kind kind) {
        SplittableRandom rng = new SplittableRandom(4);
        SequenceModel shortModel = Network.builder().cell(arch).vocabulary(10).embedding(3).hidden(HIDDEN).layers(layers).bidirectional(bi).classes(4).seed(1).output(kind).build().model();
        SequenceModel longModel = Network.builder().cell(arch).vocabulary(10).embedding(3).hidden(HIDDEN).layers(layers).bidirectional(bi).classes(4).seed(1).output(kind).build().model();
        Batch shortBatch = batch(SHORT, kind, rng), longBatch = batch(LONG, kind, rng);
        // both lengths are measured in rounds of passes until the difference is within the limit, or both passes
        // are steady (SteadyState: compiled by the JIT, which then stays idle): a few bytes that only code the JIT
        // has not compiled yet allocates (a fresh-clone CI once saw 40 B more in every one of 5 passes of the long
        // model) go once it is done; an allocation in the time loop stays in every pass of compiled code
        String what = arch + (bi ? " bidirectional" : "") + " " + layers + " layer(s) " + kind;
        SteadyState s = SteadyState.of(what + ", T = " + SHORT, () -> shortModel.lossAndGradient(shortBatch));
        SteadyState l = SteadyState.of(what + ", T = " + LONG, () -> longModel.lossAndGradient(longBatch));
        do {
            s.round();
            l.round();
        } while (l.least() - s.least() > MAX_EXTRA_BYTES && !(s.steady() && l.steady()) && !s.exhausted()
                && !l.exhausted());
        assertTrue(l.least() - s.least() <= MAX_EXTRA_BYTES, what
                + ": a pass over " + LONG + " steps allocated " + l.least() + " bytes, over " + SHORT + " steps "
                + s.least() + "; the difference, " + (l.least() - s.least()) + " bytes for " + (LONG - SHORT)
                + " extra steps, is allocation inside the time loop (allowed: none)\n" + l.report() + "\n"
                + s.report());
    }
}
