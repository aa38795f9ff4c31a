package rnnlab.check;

/**
 * Thrown by {@link Verdict#require()} when a check failed. The message is the whole readable block (what is wrong,
 * where, expected versus got, the likely mistake), so a notebook cell, nbgrader's feedback and a JUnit report all
 * show the same text. An {@link AssertionError}, so nbgrader and test runners count it as a failed test.
 */
public final class CheckFailed extends AssertionError {
    private final transient Verdict verdict;

    CheckFailed(Verdict verdict) {
        super(verdict.toString());
        this.verdict = verdict;
    }

    /** The verdict that failed. */
    public Verdict verdict() {
        return verdict;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this; // the block says everything; a stack trace into the check library would only hide it
    }
}
