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
     * One line {@code STEP <configuration …> <state> <bytes>} of a child's output: the configuration's words, the
     * state word the child gave (e.g. {@code steady}, {@code not-steady}, {@code within}, {@code over}), and the bytes
     * of a step.
     */
    public record Step(String configuration, String state, long bytes) {
    }

    /**
     * The {@code STEP} lines of a child's output, in order. Fails (AssertionError with the output) on a {@code STEP}
     * line without a configuration, a state and a whole number of bytes.
     */
    public static List<Step> steps(String out) {
        List<Step> steps = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.startsWith("STEP ")) {
                continue;
            }
            String[] f = line.trim().split(" +");
            if (f.length < 4) {
                throw new AssertionError("a STEP line needs a configuration, a state and bytes: '" + line + "'\n" + out);
            }
            long bytes;
            try {
                bytes = Long.parseLong(f[f.length - 1]);
            } catch (NumberFormatException e) {
                throw new AssertionError("a STEP line must end in a whole number of bytes: '" + line + "'\n" + out);
            }
            steps.add(new Step(String.join(" ", List.of(f).subList(1, f.length - 2)), f[f.length - 2], bytes));
        }
        return steps;
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
