package rnnlab.core;

/**
 * An object that shows itself as one {@link TextTable}: its HTML is the table's (this interface's default), and its
 * {@code toString()} should be {@code table().toString()} (an interface cannot supply {@code toString}).
 */
public interface Tabular extends HtmlRenderable {
    /** The object as a table (text and HTML both come from it). */
    TextTable table();

    @Override
    default String toHtml() {
        return table().toHtml();
    }
}
