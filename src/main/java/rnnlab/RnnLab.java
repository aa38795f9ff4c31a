package rnnlab;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Facts about this build of RNN Lab. */
public final class RnnLab {
    private RnnLab() {}

    /** The library version, e.g. {@code "0.1.0"}, as written into the jar by the build. */
    public static String version() {
        try (InputStream in = RnnLab.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read rnnlab/version.properties from the jar", e);
        }
    }
}
