package rnnlab.notebook;

import java.util.Objects;

/**
 * An output that can be replaced in place: in a notebook, {@code Live.show(x)} displays {@code x} under a new
 * display id and {@code live.update(y)} redraws that same output with {@code y} (a progress line, a loss curve
 * that grows while training), instead of printing thousands of lines.
 *
 * <pre>{@code
 * var live = Live.show("epoch 0");
 * for (int e = 1; e <= 10; e++) { ...; live.update(chartOfLossSoFar); }
 * }</pre>
 *
 * <p>Outside a JJava kernel (jshell, the command line, tests) {@link #inKernel()} is false, {@link #show} returns
 * a handle whose {@link #update} does nothing, and nothing is printed: callers that want text output there (such
 * as a progress reporter) check {@code inKernel()} and print themselves. Values are rendered by the kernel's
 * renderers, so charts become PNG images and {@code HtmlRenderable}s HTML.
 */
public final class Live {
    private static final String KERNEL_CLASS = "org.dflib.jjava.jupyter.kernel.BaseKernel";

    private final String id;
    private final String description;

    private Live(String id, String description) {
        this.id = id;
        this.description = description;
    }

    /** True when running inside a JJava Jupyter kernel, where {@link #show} really displays. */
    public static boolean inKernel() {
        try {
            Class.forName(KERNEL_CLASS, false, Live.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
        return JJavaDisplay.kernelRunning();
    }

    /**
     * Displays {@code value} now (in a kernel) and returns a handle to replace it later.
     *
     * @param value any object; {@code null} is not allowed
     */
    public static Live show(Object value) {
        Objects.requireNonNull(value, "Live.show(value): value is null; pass the first thing to show, e.g. a String");
        if (!inKernel()) {
            return new Live(null, describe(value));
        }
        return new Live(JJavaDisplay.display(value), describe(value));
    }

    /**
     * Replaces what this handle shows by {@code value}; does nothing outside a kernel.
     *
     * @param value any object; {@code null} is not allowed
     */
    public void update(Object value) {
        Objects.requireNonNull(value, "Live.update(value): value is null");
        if (id != null) {
            JJavaDisplay.update(id, value);
        }
    }

    /** The notebook display id, or {@code null} outside a kernel. */
    public String id() {
        return id;
    }

    /** True if this handle shows something in a notebook (false outside a kernel). */
    public boolean isShown() {
        return id != null;
    }

    private static String describe(Object value) {
        return value.getClass().getSimpleName();
    }

    @Override
    public String toString() {
        return id == null
                ? "Live[not shown: no Jupyter kernel; first value " + description + "]"
                : "Live[display id " + id + ", first value " + description + "]";
    }
}
