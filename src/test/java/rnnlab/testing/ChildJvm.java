package rnnlab.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a class's {@code main} in a child JVM with this JVM's class path and the Vector API module, for the tests whose
 * steps must run in a fresh JVM or with JIT options of their own ({@code VectorBoxingTest}, {@code
 * LargeStepAllocationTest}).
 */
public final class ChildJvm {
    private ChildJvm() {
    }

    /**
     * Runs {@code main} with the JVM options {@code jvmOptions} and the arguments {@code args}; returns its standard
     * output and error, merged. Fails (AssertionError with that output) unless it exits with 0 and says it runs the
     * Vector API kernels (the line {@code Kernels.implementation()} prints).
     */
    public static String run(List<String> jvmOptions, Class<?> main, String... args)
            throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new ArrayList<>(List.of(java.toString(), "--add-modules", "jdk.incubator.vector"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = p.waitFor();
        if (code != 0) {
            throw new AssertionError("child JVM failed (exit " + code + "):\n" + out);
        }
        if (!out.contains("Vector API")) {
            throw new AssertionError("the child must run the Vector API kernels:\n" + out);
        }
        return out;
    }
}
