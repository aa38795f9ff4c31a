package rnnlab.check;

import java.util.Optional;

/**
 * The result of one check: passed (one line) or failed (one readable block).
 *
 * <pre>
 *   ElmanCheck.stepForward(myStep)             // shows the verdict (one line when right)
 *   ElmanCheck.stepForward(myStep).require()   // throws CheckFailed with the block when wrong (test cells)
 * </pre>
 *
 * @param name      what was checked, e.g. "Elman step forward"
 * @param passed    true when every quantity matched on every seeded case
 * @param text      the one-line confirmation or the full diagnostic block
 * @param quantity  the first wrong quantity (empty when passed), e.g. "∂L/∂Wh"
 * @param mistake   the catalogued mistake whose results match the student's (empty when passed or unknown)
 */
public record Verdict(String name, boolean passed, String text, Optional<String> quantity, Optional<Mistake> mistake) {

    static Verdict pass(String name, String detail) {
        return new Verdict(name, true, "✔ " + name + ": " + detail, Optional.empty(), Optional.empty());
    }

    static Verdict fail(String name, String block, String quantity, Mistake mistake) {
        return new Verdict(name, false, block, Optional.ofNullable(quantity), Optional.ofNullable(mistake));
    }

    /** Returns this verdict when it passed; otherwise throws {@link CheckFailed} whose message is the block. */
    public Verdict require() {
        if (!passed) {
            throw new CheckFailed(this);
        }
        return this;
    }

    @Override
    public String toString() {
        return text;
    }
}
