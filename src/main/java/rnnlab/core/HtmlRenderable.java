package rnnlab.core;

/**
 * An object that can show itself as an HTML fragment.
 *
 * <p>The notebook glue ({@code rnnlab.notebook}) displays any such object as HTML in the JJava kernel; in jshell
 * and on the command line the object's {@code toString()} is used instead. The core never depends on a renderer:
 * implementing this interface is the whole contract.
 */
public interface HtmlRenderable {
    /** A self-contained HTML fragment (no scripts, no external resources) describing this object. */
    String toHtml();
}
