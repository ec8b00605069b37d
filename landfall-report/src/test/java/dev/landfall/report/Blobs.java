package dev.landfall.report;

import dev.landfall.Landfall;
import dev.landfall.nn.FitOptions;
import dev.landfall.nn.Losses;
import dev.landfall.nn.Metrics;
import dev.landfall.nn.Model;
import dev.landfall.nn.Optimizers;
import dev.landfall.nn.Sequential;
import dev.landfall.nn.layers.Dense;
import dev.landfall.nn.layers.Flatten;
import dev.landfall.nn.layers.Input;
import dev.landfall.nn.layers.Rescaling;
import dev.landfall.tensor.Tensor;

import java.util.List;
import java.util.Random;

/**
 * Small 8×8 one-channel "images" of three overlapping classes (a bright row, column or diagonal plus
 * noise), so that a model learns them well but not perfectly and the report has mistakes to show.
 */
final class Blobs {
    static final List<String> CLASSES = List.of("row", "column", "diagonal");

    final Tensor x;
    final Tensor y;

    Blobs(int n, long seed) {
        Random r = new Random(seed);
        float[] px = new float[n * 64];
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            int c = i % 3;
            ids[i] = c;
            for (int p = 0; p < 64; p++) {
                int row = p / 8;
                int col = p % 8;
                boolean on = c == 0 ? row == 3 : c == 1 ? col == 3 : row == col;
                px[i * 64 + p] = (float) Math.max(0, Math.min(255, (on ? 150 : 60) + r.nextGaussian() * 55));
            }
        }
        x = Tensor.fromArray(px, n, 8, 8, 1);
        y = Tensor.fromArray(ids, n);
    }

    static Model model() {
        Landfall.setSeed(7);
        Model m = Sequential.of(Input.of(8, 8, 1), Rescaling.of(1.0 / 255, 0), Flatten.of(), Dense.of(16, "relu"), Dense.of(3, "softmax"));
        m.compile(Optimizers.adam(0.002), Losses.sparseCategoricalCrossentropy(), Metrics.accuracy(),
                Metrics.get("macro_f1"));
        return m;
    }

    /** Class ids out of range for the 3-unit output, so that fit fails in its first step. */
    static Tensor badTargets(Tensor y) {
        return y.add(5);
    }

    static FitOptions fit(int epochs) {
        return FitOptions.epochs(epochs).batchSize(32).validationSplit(0.2).verbosity(FitOptions.Verbosity.SILENT);
    }
}
