package rnnlab.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import rnnlab.data.Conll;
import rnnlab.data.Dataset;
import rnnlab.data.HashedFeatures;
import rnnlab.data.Sentence;
import rnnlab.models.Network;
import rnnlab.train.Tagger;
import rnnlab.train.Trainer;

/**
 * CPU seconds per training epoch of the command line's Bi-LSTM-CRF (its defaults: trigrams 50, dropout 0.5, batches
 * of similar lengths) with and without direct sparse features, the variants interleaved in one JVM so that a loaded
 * machine slows them alike. Each sentence gets a stand-in part-of-speech column (the word's shape), so the column
 * templates are hashed as on CoNLL-2000. docs/design-notes.md "Direct sparse features" has the figures.
 * <pre>
 *   make jar &amp;&amp; javac -d /tmp/dfc -cp lib/rnnlab.jar bench/harness/rnnlab/bench/DirectFeaturesCost.java
 *   bin/rnnlab generate --out /tmp/gen --train 4000 --dev 10 --test 10
 *   java --add-modules=jdk.incubator.vector -cp lib/rnnlab.jar:/tmp/dfc rnnlab.bench.DirectFeaturesCost \
 *        /tmp/gen/train.conll ROUNDS EPOCHS BUCKETS...        e.g. 3 3 0 262144 65536
 * </pre>
 */
public final class DirectFeaturesCost {
    private DirectFeaturesCost() {}

    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    static String shape(String w) {
        return Character.isUpperCase(w.charAt(0)) ? "Cap" : Character.isDigit(w.charAt(0)) ? "Num"
                : w.length() > 4 ? "long" : "short";
    }

    public static void main(String[] a) throws Exception {
        if (a.length < 4) {
            System.err.println("usage: DirectFeaturesCost TRAIN.conll ROUNDS EPOCHS BUCKETS... (0 = without)");
            System.exit(2);
        }
        List<Sentence> withColumn = new ArrayList<>();
        for (Sentence s : Conll.read(Path.of(a[0]))) {
            withColumn.add(s.featureColumns() > 0 ? s
                    : s.withFeatures(List.of(s.tokens().stream().map(DirectFeaturesCost::shape).toList())));
        }
        Dataset train = Dataset.of(a[0], withColumn);
        int rounds = Integer.parseInt(a[1]), epochs = Integer.parseInt(a[2]);
        int[] buckets = Arrays.stream(a, 3, a.length).mapToInt(Integer::parseInt).toArray();
        Network base = Network.builder().cell(Network.Cell.LSTM).bidirectional(true).crf(true).trigrams(50)
                .embeddingDropout(0.5).layerDropout(0.5).seed(1).build();
        Trainer.Settings settings = Trainer.Settings.DEFAULT.withEpochs(epochs).withPatience(0)
                .withTrainMetrics(false).withLengthBuckets(true);
        long tokens = train.sentences().stream().mapToLong(Sentence::length).sum();
        System.out.printf("%d sentences, %d tokens; %d rounds of %d epochs per variant%n", train.size(), tokens,
                rounds, epochs);
        double[][] perEpoch = new double[buckets.length][rounds];
        for (int r = -1; r < rounds; r++) {                 // round -1 warms the JIT up and is not counted
            for (int i = 0; i < buckets.length; i++) {
                Tagger t = Tagger.create(train, base.toBuilder().directFeatures(buckets[i]).build());
                long c0 = cpuNanos(), w0 = System.nanoTime();
                new Trainer(settings.withSeed(r + 10)).fit(t, train, null);
                double cpu = (cpuNanos() - c0) / 1e9 / epochs, wall = (System.nanoTime() - w0) / 1e9 / epochs;
                if (r >= 0) {
                    perEpoch[i][r] = cpu;
                }
                System.out.printf("round %d, buckets %d: %.2f CPU-s, %.2f wall-s per epoch%n", r, buckets[i], cpu,
                        wall);
            }
        }
        for (int i = 0; i < buckets.length; i++) {
            System.out.printf("buckets %d: %.2f CPU-s per epoch (mean of %s)%n", buckets[i],
                    Arrays.stream(perEpoch[i]).average().orElse(Double.NaN), Arrays.toString(perEpoch[i]));
        }
        HashedFeatures h = new HashedFeatures(1 << 18);
        for (int r = 0; r < 3; r++) {
            long c0 = cpuNanos(), n = 0;
            for (Sentence s : train) {
                n += h.ids(s.tokens(), s.features()).length;
            }
            System.out.printf("hashing the features of all %d tokens: %.3f CPU-s%n", n, (cpuNanos() - c0) / 1e9);
        }
    }
}
