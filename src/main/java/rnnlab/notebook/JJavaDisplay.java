package rnnlab.notebook;

import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.BaseNotebookStatics;

/**
 * The only calls into JJava's display API. {@link Live} calls these methods only after checking that the JJava
 * classes exist, so this class is never loaded in jshell, on the command line or in plain Java programs.
 * All parameters and results are JDK types, which keeps {@code Live} verifiable without JJava.
 */
final class JJavaDisplay {
    private JJavaDisplay() {}

    /** True when a JJava kernel is running in this JVM (between its start-up and shutdown). */
    static boolean kernelRunning() {
        try {
            return BaseKernel.notebookKernel() != null;
        } catch (RuntimeException e) { // NullPointerException "No kernel running" outside the notebook lifecycle
            return false;
        }
    }

    /** Renders {@code value} with the kernel's renderers, shows it, returns its display id. */
    static String display(Object value) {
        return BaseNotebookStatics.display(value);
    }

    /** Replaces the output shown under {@code id} by {@code value}, rendered the same way. */
    static void update(String id, Object value) {
        BaseNotebookStatics.updateDisplay(id, value);
    }
}
