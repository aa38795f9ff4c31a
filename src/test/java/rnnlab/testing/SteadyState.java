package rnnlab.testing;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Runs a pass (a forward + backward pass, a training step) again and again until the JIT has compiled it and the
 * bytes it allocates are steady, for the tests that count allocation per pass or per step ({@code AllocationTest},
 * {@code AllocationPerStepTest}, {@code Float32AllocationTest}, {@code StructAllocationTest}, {@code VectorBoxingTest},
 * {@code LargeStepAllocationTest} (which waits until steady: {@link #waitUntilSteady}),
 * the second-pass checks of {@code PoolingTest} and {@code Seq2SeqTest}).
 *
 * <p>Why: in a cold JVM the interpreter and C1 allocate what C2 later removes (the incubating Vector API boxes every
 * vector until its kernels are compiled; an iterator or a captured lambda is only scalar-replaced by C2), so the
 * first passes allocate although the code does not. How long the JIT needs depends on the machine: under load its
 * compiler threads get little CPU, and a test that gave it a fixed number of seconds of wall time failed on fresh
 * CI machines with no defect in the library. So this helper decides from the JIT itself, not from a clock:
 *
 * <ul>
 *   <li>passes run in <em>rounds</em> (at least {@value #ROUND_PASSES} passes and {@value #ROUND_CPU_MILLIS} ms of this
 *       thread's CPU time); after each round it asks HotSpot whether a compilation is queued or running
 *       (the {@code Compiler.queue} diagnostic command, as {@code jcmd PID Compiler.queue}) and whether the JIT's
 *       total compilation time moved;</li>
 *   <li>the pass is <em>steady</em> once it has run at least {@value #MIN_PASSES_FOR_STEADY} times (a method called
 *       once per pass reaches C2 after about 5,000 calls, HotSpot's {@code Tier4InvocationThreshold}), its leanest
 *       pass came in the first half of them (the last half allocated no less), and the JIT had nothing queued or
 *       running at the last {@value #IDLE_PROBES} probes: whatever a steady pass allocates, compiled code
 *       allocates. (Not "no compilation at all for a while": the probe's own code, called once a round, is still
 *       being compiled minutes later.)</li>
 *   <li>a wait that never gets steady (the JIT starved for minutes, a pass whose allocation varies) ends after
 *       {@value #MAX_CPU_SECONDS} s of this thread's CPU time or {@value #MAX_WALL_SECONDS} s of wall time.</li>
 * </ul>
 *
 * <p>It can still fail: an allocation inside a time loop is made by compiled code too, in every pass, so the pass
 * gets steady above the limit and the test fails, with a message naming the configuration, the bytes of each round
 * and how long it waited. Only {@link #pass()}'s own bytes are counted (the JIT probe runs between passes).
 */
public final class SteadyState {
    /** Passes of one round at least. */
    public static final int ROUND_PASSES = 3;
    /** This thread's CPU time of one round at least, in milliseconds. */
    public static final int ROUND_CPU_MILLIS = 20;
    /** Passes before a pass can be called steady: C2 compiles a method called once per pass after ~5,000 calls. */
    public static final int MIN_PASSES_FOR_STEADY = 6000;
    /** Probes in a row that must find the JIT with nothing queued or running before a pass is steady. */
    public static final int IDLE_PROBES = 3;
    /** Consecutive passes that must each stay within the limit for {@link #assertAtMost} to pass. */
    public static final int PASSES_WITHIN_LIMIT = 3;
    /** The longest wait, in seconds of this thread's CPU time and in seconds of wall time. */
    public static final int MAX_CPU_SECONDS = 60, MAX_WALL_SECONDS = 300;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final CompilationMXBean COMPILER = ManagementFactory.getCompilationMXBean();

    private final String what;
    private final Runnable pass;
    private final long wall0 = System.nanoTime(), cpu0 = THREADS.getCurrentThreadCpuTime();
    /** Per round: {fewest bytes of a pass, most bytes of a pass, passes}. */
    private final List<long[]> rounds = new ArrayList<>();
    private long least = Long.MAX_VALUE;
    private int passes;
    /** The number of passes run when the leanest pass so far came. */
    private int leastAt;
    /** Probes in a row, up to the last one, that found nothing queued or running. */
    private int idleProbes;
    /** The number of passes run when the JIT was last seen working (queued or running, or its time moved). */
    private int lastJitActivity;
    private long lastCompileMillis = -1;
    private String jitState = "not asked yet";
    /** Passes in a row, up to the last one, that allocated at most {@link #limit} bytes. */
    private int withinLimit;
    private long limit = -1, worstWithinLimit;
    /** Passes before the pass can be steady: {@link #MIN_PASSES_FOR_STEADY} unless {@link #minPasses} says less. */
    private int minPasses = MIN_PASSES_FOR_STEADY;

    private SteadyState(String what, Runnable pass) {
        this.what = what;
        this.pass = pass;
    }

    /**
     * A meter of {@code pass}, named {@code what} in its messages (say the configuration). Runs the pass once first,
     * uncounted: it sizes the buffers for this shape.
     */
    public static SteadyState of(String what, Runnable pass) {
        pass.run();
        return new SteadyState(what, pass);
    }

    /**
     * Fails unless, in a wait as above, {@value #PASSES_WITHIN_LIMIT} consecutive passes each allocate at most
     * {@code maxBytes}; returns the meter (for {@link #report()}).
     */
    public static SteadyState assertAtMost(String what, long maxBytes, Runnable pass) {
        SteadyState s = of(what, pass);
        if (!s.waitUntilAtMost(maxBytes)) {
            throw new AssertionError(what + ": no " + PASSES_WITHIN_LIMIT + " passes in a row allocated at most "
                    + maxBytes + " bytes each (the leanest pass: " + s.least + " bytes) before "
                    + (s.steady() ? "the pass was steady, compiled by the JIT" : "the wait ended")
                    + "; buffers must be sized once and reused, nothing allocated inside the time loop. "
                    + s.report());
        }
        return s;
    }

    /**
     * Runs rounds until {@value #PASSES_WITHIN_LIMIT} consecutive passes each allocated at most {@code maxBytes}
     * (true), or the pass is steady or the wait is over without that (false).
     */
    public boolean waitUntilAtMost(long maxBytes) {
        limit = maxBytes;
        withinLimit = 0;
        worstWithinLimit = 0;
        while (withinLimit < PASSES_WITHIN_LIMIT) {
            if (steady() || exhausted()) {
                return false;
            }
            round();
        }
        return true;
    }

    /**
     * Passes before the pass can be called steady, for a JVM whose compile thresholds are scaled down
     * ({@code -XX:CompileThresholdScaling=s}: C2 compiles a method called once per pass after about 5,000·s calls,
     * so {@code ceil(6000·s)} passes stand for the {@value #MIN_PASSES_FOR_STEADY} of an unscaled JVM). Returns this.
     */
    public SteadyState minPasses(int n) {
        minPasses = n;
        return this;
    }

    /**
     * Runs rounds until the pass is steady or the wait is over, whatever it allocates on the way (not stopping at the
     * first passes within a limit: code that C2 compiles later, a method into which a kernel is inlined, can allocate
     * when the code it replaced did not). Returns {@link #steady()}; then {@link #lastRoundLeast()} is what compiled
     * code allocates.
     */
    public boolean waitUntilSteady() {
        limit = -1;
        while (!steady() && !exhausted()) {
            round();
        }
        return steady();
    }

    /** The fewest bytes a pass allocated in the last round (−1 before the first round). */
    public long lastRoundLeast() {
        return rounds.isEmpty() ? -1 : rounds.get(rounds.size() - 1)[0];
    }

    /** Runs one round; returns the fewest bytes a pass has allocated so far. */
    public long round() {
        long roundLeast = Long.MAX_VALUE, roundMost = 0;
        int n = 0;
        long c0 = THREADS.getCurrentThreadCpuTime();
        do {
            long before = THREADS.getCurrentThreadAllocatedBytes();
            pass.run();
            long bytes = THREADS.getCurrentThreadAllocatedBytes() - before;
            n++;
            roundLeast = Math.min(roundLeast, bytes);
            roundMost = Math.max(roundMost, bytes);
            if (limit >= 0) {
                withinLimit = bytes <= limit ? withinLimit + 1 : 0;
                worstWithinLimit = withinLimit == 0 ? 0 : Math.max(worstWithinLimit, bytes);
                if (withinLimit >= PASSES_WITHIN_LIMIT) {
                    break;
                }
            }
        } while (n < ROUND_PASSES || THREADS.getCurrentThreadCpuTime() - c0 < ROUND_CPU_MILLIS * 1_000_000L);
        if (roundLeast < least) {
            least = roundLeast;
            leastAt = passes + n;
        }
        passes += n;
        rounds.add(new long[] {roundLeast, roundMost, n});
        askJit();
        return least;
    }

    /** The fewest bytes one pass has allocated. */
    public long least() {
        return least;
    }

    /** The most bytes of the passes in a row that ended {@link #waitUntilAtMost} with true. */
    public long worstWithinLimit() {
        return worstWithinLimit;
    }

    public int passes() {
        return passes;
    }

    /** Enough passes, none leaner in the last half of them, and the JIT with nothing queued or running. */
    public boolean steady() {
        return passes >= minPasses && passes - leastAt >= leastAt && idleProbes >= IDLE_PROBES;
    }

    /** The wait is over: {@value #MAX_CPU_SECONDS} s of this thread's CPU or {@value #MAX_WALL_SECONDS} s of wall. */
    public boolean exhausted() {
        return THREADS.getCurrentThreadCpuTime() - cpu0 > MAX_CPU_SECONDS * 1_000_000_000L
                || System.nanoTime() - wall0 > MAX_WALL_SECONDS * 1_000_000_000L;
    }

    /**
     * What the wait saw: the fewest bytes of a pass in each round (equal rounds in a row as "bytes ×rounds"), the
     * passes, the wall and CPU time waited, and the JIT's state.
     */
    public String report() {
        StringBuilder sb = new StringBuilder(what).append(": bytes of the leanest pass in each round (")
                .append(ROUND_PASSES).append("+ passes, ").append(ROUND_CPU_MILLIS).append("+ ms CPU): ");
        List<String> runs = new ArrayList<>();
        for (int i = 0; i < rounds.size();) {
            int j = i;
            while (j < rounds.size() && rounds.get(j)[0] == rounds.get(i)[0]) {
                j++;
            }
            runs.add(String.format("%,d", rounds.get(i)[0]) + (j - i > 1 ? " ×" + (j - i) : ""));
            i = j;
        }
        if (runs.size() > 30) {
            int cut = runs.size() - 25;
            runs.subList(5, runs.size() - 25).clear();
            runs.add(5, "… (" + cut + " more)");
        }
        sb.append(String.join(", ", runs));
        if (!rounds.isEmpty()) {
            sb.append(String.format("; most bytes of a pass in the last round %,d", rounds.get(rounds.size() - 1)[1]));
        }
        sb.append(String.format("; %,d passes in %d rounds, waited %.1f s (%.1f s CPU of this thread); ", passes,
                rounds.size(), (System.nanoTime() - wall0) / 1e9, (THREADS.getCurrentThreadCpuTime() - cpu0) / 1e9));
        sb.append(steady() ? "steady" : exhausted() ? "not steady when the wait ended" : "not steady yet")
                .append(String.format(" (the leanest pass at pass %,d; JIT last busy at pass %,d; %s)", leastAt,
                        lastJitActivity, jitState));
        return sb.toString();
    }

    /** Records whether the JIT is working: a compilation queued or running, or its total time moved. */
    private void askJit() {
        long ms = COMPILER != null && COMPILER.isCompilationTimeMonitoringSupported()
                ? COMPILER.getTotalCompilationTime() : 0;
        String pending = pendingCompilations();
        boolean busy = ms != lastCompileMillis || !pending.isEmpty();
        lastCompileMillis = ms;
        if (busy) {
            lastJitActivity = passes;
        }
        idleProbes = pending.isEmpty() ? idleProbes + 1 : 0;
        jitState = pending.isEmpty() ? "compile queues empty" : "compiling or queued: " + pending;
    }

    private static final ObjectName DIAGNOSTIC = name("com.sun.management:type=DiagnosticCommand");

    private static ObjectName name(String n) {
        try {
            return new ObjectName(n);
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The compilations HotSpot is running or has queued (an empty string when none), from the
     * {@code Compiler.queue} diagnostic command; empty where the command does not exist (then the JIT's total
     * compilation time alone tells whether it is working).
     */
    static String pendingCompilations() {
        String out;
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            out = (String) server.invoke(DIAGNOSTIC, "compilerQueue", new Object[] {null},
                    new String[] {String[].class.getName()});
        } catch (Exception | LinkageError e) {
            return "";
        }
        List<String> pending = new ArrayList<>();
        for (int at = 0; at < out.length();) {
            int end = out.indexOf('\n', at);
            end = end < 0 ? out.length() : end;
            String l = out.substring(at, end).trim();
            at = end + 1;
            if (!l.isEmpty() && !l.equals("Empty") && !l.startsWith("Current compiles:")
                    && !l.endsWith("compile queue:")) {
                pending.add(l);
            }
        }
        if (pending.size() > 3) {
            int more = pending.size() - 3;
            pending.subList(3, pending.size()).clear();
            pending.add("… " + more + " more");
        }
        return String.join("; ", pending);
    }
}
