package rnnlab.notebook;

import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.BaseKernel;

/**
 * Installs RNN Lab into a JJava notebook: registered in {@code META-INF/services/org.dflib.jjava.jupyter.Extension},
 * so JJava calls {@link #install} when the jar is added to the class path ({@code %rnnlab}, {@code %classpath} or
 * {@code JJAVA_CLASSPATH}).
 *
 * <p>Compiled against the JJava 1.0-a6 API and run in the 1.0a8 kernel: it calls only methods whose binary
 * signatures are the same in both ({@code getRenderer}, {@code evalRaw}, the {@code Renderer} registration chain).
 */
public final class RnnLabExtension implements Extension {

    /** Registers the renderers first, so that the imports snippet's (empty) result cannot be mis-rendered. */
    @Override
    public void install(BaseKernel kernel) {
        Renderers.register(kernel.getRenderer());
        String imports = NotebookImports.snippet();
        if (!imports.isEmpty()) {
            kernel.evalRaw(imports);
        }
    }

    @Override
    public String toString() {
        return "RnnLabExtension[imports=" + NotebookImports.statements().size() + " statements, renderers=XChart "
                + "charts as PNG, HtmlRenderable as HTML, Tablesaw tables as HTML]";
    }
}
