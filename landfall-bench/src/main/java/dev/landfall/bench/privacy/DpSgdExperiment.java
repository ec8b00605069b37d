package dev.landfall.bench.privacy;

import dev.landfall.Landfall;
import dev.landfall.data.catalog.FashionMnist;
import dev.landfall.nn.Activations;
import dev.landfall.nn.FitOptions;
import dev.landfall.nn.Losses;
import dev.landfall.nn.Metrics;
import dev.landfall.nn.Model;
import dev.landfall.nn.Optimizers;
import dev.landfall.nn.Sequential;
import dev.landfall.nn.layers.Conv2D;
import dev.landfall.nn.layers.Dense;
import dev.landfall.nn.layers.Dropout;
import dev.landfall.nn.layers.Flatten;
import dev.landfall.nn.layers.Input;
import dev.landfall.nn.layers.Pooling;
import dev.landfall.nn.layers.Rescaling;
import dev.landfall.nn.privacy.PrivacyOptions;
import dev.landfall.tensor.Tensor;

import java.util.Arrays;
import java.util.Locale;

/**
 * Issue 16's speed figure: the cost of a DP-SGD epoch against an ordinary one, for the Fashion-MNIST CNN of
 * {@code examples/fashion-mnist-cnn.yaml} at its batch size (64), on the first N training images.
 * Ordinary and private epochs alternate on fresh models, side by side in one run; medians are printed:
 *
 * <pre>
 * mvn -q -pl landfall-bench dependency:build-classpath -Dmdep.outputFile=cp.txt
 * java --add-modules jdk.incubator.vector -cp landfall-bench/target/classes:$(cat landfall-bench/cp.txt) \
 *     dev.landfall.bench.privacy.DpSgdExperiment [N=12000] [ROUNDS=3] [BATCH=64]
 * </pre>
 */
public final class DpSgdExperiment {
    private DpSgdExperiment() {
    }

    /** The CNN of examples/fashion-mnist-cnn.yaml. */
    static Model cnn() {
        Model m = Sequential.of(Input.of(28, 28, 1), Rescaling.of(1.0 / 255, 0),
                Conv2D.of(32, 3).activation(Activations.RELU), Pooling.maxPooling2D(2),
                Conv2D.of(64, 3).activation(Activations.RELU), Pooling.maxPooling2D(2),
                Flatten.of(), Dropout.of(0.3), Dense.of(128, "relu"), Dense.of(10, "softmax"));
        m.compile(Optimizers.adam(1e-3), Losses.sparseCategoricalCrossentropy(), Metrics.accuracy());
        return m;
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 12_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 64;
        FashionMnist.Data d = FashionMnist.load();
        Tensor x = d.trainImages().slice(0, 0, n).reshape(n, 28, 28, 1);
        Tensor y = d.trainLabels().slice(0, 0, n);
        double[] plain = new double[rounds];
        double[] dp = new double[rounds];
        epoch(x, y, batch, null); // warm-up: JIT and kernels
        epoch(x, y, batch, PrivacyOptions.of(1.0, 1.0));
        for (int r = 0; r < rounds; r++) {
            plain[r] = epoch(x, y, batch, null);
            dp[r] = epoch(x, y, batch, PrivacyOptions.of(1.0, 1.0));
            System.out.printf(Locale.ROOT, "round %d: ordinary %.2f s, DP-SGD %.2f s%n", r + 1, plain[r], dp[r]);
        }
        Arrays.sort(plain);
        Arrays.sort(dp);
        double p = plain[rounds / 2];
        double q = dp[rounds / 2];
        System.out.printf(Locale.ROOT, "Fashion-MNIST CNN, %d images, batch %d, %d threads: ordinary epoch %.2f s, DP-SGD "
                + "epoch %.2f s: %.2fx%n", n, batch, Runtime.getRuntime().availableProcessors(), p, q, q / p);
    }

    private static double epoch(Tensor x, Tensor y, int batch, PrivacyOptions privacy) {
        Landfall.setSeed(1);
        Model m = cnn();
        FitOptions o = FitOptions.epochs(1).batchSize(batch).verbosity(FitOptions.Verbosity.SILENT);
        long t = System.nanoTime();
        m.fit(x, y, privacy == null ? o : o.privacy(privacy));
        return (System.nanoTime() - t) / 1e9;
    }
}
