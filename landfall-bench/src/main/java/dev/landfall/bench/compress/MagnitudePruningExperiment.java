package dev.landfall.bench.compress;

import dev.landfall.compress.PolynomialDecay;
import dev.landfall.compress.PruneLowMagnitude;
import dev.landfall.data.catalog.FashionMnist;
import dev.landfall.nn.FitOptions;
import dev.landfall.nn.Losses;
import dev.landfall.nn.Metrics;
import dev.landfall.nn.Model;
import dev.landfall.nn.Optimizers;
import dev.landfall.nn.io.ModelFile;
import dev.landfall.tensor.Tensor;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Issue 13's unstructured-sparsity figure for a trained Fashion-MNIST model file: fine-tuning with
 * {@link PruneLowMagnitude} up to the final sparsity over the first epoch (masks every 50 steps), then the
 * test accuracy before and after and each kernel's sparsity:
 *
 * <pre>
 * mvn -q -pl landfall-bench dependency:build-classpath -Dmdep.outputFile=cp.txt
 * java --add-modules jdk.incubator.vector -cp landfall-bench/target/classes:$(cat landfall-bench/cp.txt) \
 *     dev.landfall.bench.compress.MagnitudePruningExperiment MODEL.landfall [SPARSITY=0.8] [EPOCHS=2] [layer|global]
 * </pre>
 */
public final class MagnitudePruningExperiment {
    private MagnitudePruningExperiment() {
    }

    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        double sparsity = args.length > 1 ? Double.parseDouble(args[1]) : 0.8;
        int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        boolean global = args.length > 3 && args[3].equals("global");
        FashionMnist.Data d = FashionMnist.load();
        Tensor x = d.trainImages().reshape(-1, 28, 28, 1);
        Tensor xt = d.testImages().reshape(-1, 28, 28, 1);
        Model m = ModelFile.load(file).model();
        double before = m.evaluate(xt, d.testLabels()).get("accuracy");
        m.compile(Optimizers.adam(5e-4), Losses.sparseCategoricalCrossentropy(), Metrics.accuracy());
        int batch = 64;
        long stepsPerEpoch = (x.dim(0) + batch - 1) / batch;
        PruneLowMagnitude prune = new PruneLowMagnitude(new PolynomialDecay(0, sparsity, 0, stepsPerEpoch, 3, 50),
                global);
        m.fit(x, d.trainLabels(), FitOptions.epochs(epochs).batchSize(batch).verbosity(FitOptions.Verbosity.SILENT)
                .callbacks(prune));
        double after = m.evaluate(xt, d.testLabels()).get("accuracy");
        System.out.printf(Locale.ROOT, "test accuracy %.4f -> %.4f at %.0f%% sparsity (%s) after %d epoch(s); kernels: %s%n",
                before, after, sparsity * 100, global ? "global" : "per layer", epochs, PruneLowMagnitude.sparsity(m));
    }
}
