package dev.landfall.bench.compress;

import dev.landfall.compress.StructuredPruning;
import dev.landfall.data.catalog.FashionMnist;
import dev.landfall.nn.FitOptions;
import dev.landfall.nn.Losses;
import dev.landfall.nn.Metrics;
import dev.landfall.nn.Model;
import dev.landfall.nn.Optimizers;
import dev.landfall.nn.io.ModelFile;
import dev.landfall.tensor.Tensor;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Issue 13's structured-pruning figures for a trained Fashion-MNIST model file (e.g. what
 * {@code ./landfall train examples/fashion-mnist-cnn.yaml} saves): half of every hidden layer's filters and
 * units removed, test accuracy before and after fine-tuning, parameters, and batch-256 inference
 * throughput of both models measured side by side (alternating rounds, medians):
 *
 * <pre>
 * mvn -q -pl landfall-bench dependency:build-classpath -Dmdep.outputFile=cp.txt
 * java --add-modules jdk.incubator.vector -cp landfall-bench/target/classes:$(cat landfall-bench/cp.txt) \
 *     dev.landfall.bench.compress.StructuredPruningExperiment MODEL.landfall [FRACTION=0.5] [EPOCHS=1]
 * </pre>
 */
public final class StructuredPruningExperiment {
    private StructuredPruningExperiment() {
    }

    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        double fraction = args.length > 1 ? Double.parseDouble(args[1]) : 0.5;
        int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        FashionMnist.Data d = FashionMnist.load();
        Tensor x = d.trainImages().reshape(-1, 28, 28, 1);
        Tensor xt = d.testImages().reshape(-1, 28, 28, 1);
        Tensor y = d.trainLabels();
        Tensor yt = d.testLabels();
        Model full = ModelFile.load(file).model();
        double before = full.evaluate(xt, yt).get("accuracy");
        Model small = StructuredPruning.prune(full, fraction, 2);
        small.compile(Optimizers.adam(1e-3), Losses.sparseCategoricalCrossentropy(), Metrics.accuracy());
        double pruned = small.evaluate(xt, yt).get("accuracy");
        small.fit(x, y, FitOptions.epochs(epochs).batchSize(64).verbosity(FitOptions.Verbosity.SILENT));
        double tuned = small.evaluate(xt, yt).get("accuracy");
        System.out.printf(Locale.ROOT, "parameters: %d -> %d (%.2fx fewer)%n", full.countParams(), small.countParams(),
                (double) full.countParams() / small.countParams());
        System.out.printf(Locale.ROOT, "test accuracy: %.4f; pruned %.0f%% %.4f; after %d epoch(s) of fine-tuning %.4f%n",
                before, fraction * 100, pruned, epochs, tuned);
        Tensor batch = xt.slice(0, 0, 256);
        int rounds = 7;
        double[] tf = new double[rounds];
        double[] ts = new double[rounds];
        for (int i = 0; i < 3; i++) {
            full.predict(batch);
            small.predict(batch);
        }
        for (int r = 0; r < rounds; r++) {
            tf[r] = seconds(full, batch);
            ts[r] = seconds(small, batch);
        }
        Arrays.sort(tf);
        Arrays.sort(ts);
        double f = 256 / tf[rounds / 2];
        double s = 256 / ts[rounds / 2];
        System.out.printf(Locale.ROOT, "batch-256 inference: %.0f -> %.0f images/s (%.2fx)%n", f, s, s / f);
    }

    private static double seconds(Model m, Tensor batch) {
        long t = System.nanoTime();
        for (int i = 0; i < 5; i++) {
            m.predict(batch);
        }
        return (System.nanoTime() - t) / 5e9;
    }
}
