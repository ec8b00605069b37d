package dev.landfall.bench.compress;

import dev.landfall.Landfall;
import dev.landfall.compress.Distiller;
import dev.landfall.data.catalog.FashionMnist;
import dev.landfall.nn.Activations;
import dev.landfall.nn.FitOptions;
import dev.landfall.nn.Losses;
import dev.landfall.nn.Metrics;
import dev.landfall.nn.Model;
import dev.landfall.nn.Optimizers;
import dev.landfall.nn.Sequential;
import dev.landfall.nn.layers.Dense;
import dev.landfall.nn.layers.Flatten;
import dev.landfall.nn.layers.Input;
import dev.landfall.nn.layers.Layer;
import dev.landfall.nn.layers.Rescaling;
import dev.landfall.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Issue 13's distillation experiment on Fashion-MNIST: a 784-512-256-10 teacher, then for three seeds a
 * small student (784-H-10) trained alone and the same student distilled from the teacher with the same
 * budget (epochs, batch, optimizer); prints test accuracies and their means. Not a CI test (a minute or
 * two on two cores):
 *
 * <pre>
 * mvn -q -pl landfall-bench dependency:build-classpath -Dmdep.outputFile=cp.txt
 * java --add-modules jdk.incubator.vector -cp landfall-bench/target/classes:$(cat landfall-bench/cp.txt) \
 *     dev.landfall.bench.compress.DistillationExperiment [EPOCHS=5] [T=3] [ALPHA=0.1] [HIDDEN=32]
 * </pre>
 */
public final class DistillationExperiment {
    private DistillationExperiment() {
    }

    public static void main(String[] args) {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        double temperature = args.length > 1 ? Double.parseDouble(args[1]) : 3;
        double alpha = args.length > 2 ? Double.parseDouble(args[2]) : 0.1;
        int hidden = args.length > 3 ? Integer.parseInt(args[3]) : 32;
        FashionMnist.Data d = FashionMnist.load();
        Tensor x = d.trainImages();
        Tensor y = d.trainLabels();
        Tensor xt = d.testImages();
        Tensor yt = d.testLabels();
        Model teacher = mlp(1, 512, 256);
        teacher.fit(x, y, fit(epochs));
        double teacherAcc = teacher.evaluate(xt, yt).get("accuracy");
        System.out.printf(Locale.ROOT, "teacher (%d parameters): %.4f%n", teacher.countParams(), teacherAcc);
        double alone = 0;
        double distilled = 0;
        for (long seed = 11; seed <= 13; seed++) {
            Model a = mlp(seed, hidden);
            a.fit(x, y, fit(epochs));
            double accAlone = a.evaluate(xt, yt).get("accuracy");
            Model student = mlp(seed, hidden);
            Distiller dist = new Distiller(teacher, student).temperature(temperature).alpha(alpha);
            dist.compile(Optimizers.adam(1e-3), Losses.sparseCategoricalCrossentropy(), Metrics.accuracy());
            dist.fit(x, y, fit(epochs));
            double accDistilled = student.evaluate(xt, yt).get("accuracy");
            System.out.printf(Locale.ROOT, "seed %d, student (%d parameters): alone %.4f, distilled %.4f%n", seed,
                    student.countParams(), accAlone, accDistilled);
            alone += accAlone / 3;
            distilled += accDistilled / 3;
        }
        System.out.printf(Locale.ROOT, "mean of 3 seeds (T = %s, alpha = %s, %d epochs): alone %.4f, distilled %.4f, "
                + "teacher %.4f%n", temperature, alpha, epochs, alone, distilled, teacherAcc);
    }

    private static FitOptions fit(int epochs) {
        return FitOptions.epochs(epochs).batchSize(128).verbosity(FitOptions.Verbosity.SILENT);
    }

    private static Model mlp(long seed, int... hidden) {
        Landfall.setSeed(seed);
        List<Layer> layers = new ArrayList<>(List.of(Input.of(28, 28), Rescaling.of(1.0 / 255, 0), Flatten.of()));
        for (int h : hidden) {
            layers.add(Dense.of(h, Activations.RELU));
        }
        layers.add(Dense.of(10, Activations.SOFTMAX));
        Model m = Sequential.of(layers.toArray(Layer[]::new));
        m.compile(Optimizers.adam(1e-3), Losses.sparseCategoricalCrossentropy(), Metrics.accuracy());
        return m;
    }
}
