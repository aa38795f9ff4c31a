/**
 * Notebook glue: what happens when the RNN Lab jar is loaded into the JJava Jupyter kernel.
 *
 * <p>Loading the jar (the line {@code %rnnlab} at the top of every notebook, which puts {@code lib/rnnlab.jar} on
 * the kernel's class path) makes JJava find {@link rnnlab.notebook.RnnLabExtension} through
 * {@code META-INF/services/org.dflib.jjava.jupyter.Extension}. The extension then
 * <ol>
 *   <li>runs the common imports in the notebook ({@link rnnlab.notebook.NotebookImports}): every {@code rnnlab}
 *       package the jar contains, {@code org.knowm.xchart.*} and {@code tech.tablesaw.api.*};</li>
 *   <li>registers renderers: XChart charts as PNG images, {@link rnnlab.core.HtmlRenderable} objects as HTML, and
 *       Tablesaw tables as HTML tables.</li>
 * </ol>
 * {@link rnnlab.notebook.Live} shows an object with a display id and replaces it in place later (progress bars,
 * live loss curves).
 *
 * <p>The JJava API is a {@code provided} dependency: it exists inside the kernel only. Only
 * {@code RnnLabExtension} and the package-private classes it uses ({@code Renderers}, {@code JJavaDisplay}) touch
 * JJava types, and the JVM loads them only inside the kernel. Everything public that other code may call
 * ({@code Live}, {@code NotebookImports}, {@code HtmlTables}) works in jshell, on the command line and in tests,
 * where it simply finds no kernel.
 */
package rnnlab.notebook;
