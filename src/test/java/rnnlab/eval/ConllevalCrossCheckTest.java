package rnnlab.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compares {@link ChunkEval} with the real conlleval Perl script on random IOB and IOBES files, character for
 * character. The script is not part of RNN Lab; the test runs only when the environment variable CONLLEVAL names it:
 * <pre>CONLLEVAL=/path/to/conlleval.pl mvn test -Dtest=ConllevalCrossCheckTest</pre>
 */
@EnabledIfEnvironmentVariable(named = "CONLLEVAL", matches = ".+")
class ConllevalCrossCheckTest {
    private static final String[][] TAG_SETS = {
        {"O", "O", "B-X", "I-X", "B-Y", "I-Y", "I-Z", "B-Z", "B-a-b", "I-a-b"},
        {"O", "O", "B-X", "I-X", "E-X", "S-X", "B-Y", "I-Y", "E-Y", "S-Y", "I-Z", "B-Z"}};

    @Test
    void sameReportAsThePerlScript(@TempDir Path dir) throws IOException, InterruptedException {
        String script = System.getenv("CONLLEVAL");
        SplittableRandom random = new SplittableRandom(2004);
        for (int trial = 0; trial < 200; trial++) {
            String[] tags = TAG_SETS[trial % 2];
            StringBuilder sb = new StringBuilder();
            int sentences = 1 + random.nextInt(6);
            for (int s = 0; s < sentences; s++) {
                int n = 1 + random.nextInt(12);
                for (int t = 0; t < n; t++) {
                    String gold = tags[random.nextInt(tags.length)];
                    String pred = random.nextInt(3) == 0 ? tags[random.nextInt(tags.length)] : gold;
                    sb.append("w").append(t).append(' ').append(gold).append(' ').append(pred).append('\n');
                }
                sb.append('\n');
            }
            Path file = dir.resolve("trial.txt");
            Files.writeString(file, sb, StandardCharsets.UTF_8);
            Process perl = new ProcessBuilder("perl", script).redirectInput(file.toFile()).start();
            String expected = new String(perl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, perl.waitFor(), "conlleval failed");
            assertEquals(expected, ChunkEval.evaluateFile(file).toConllevalString(), "trial " + trial + ":\n" + sb);
        }
    }
}
