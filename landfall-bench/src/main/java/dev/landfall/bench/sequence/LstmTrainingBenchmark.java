package dev.landfall.bench.sequence;

import dev.landfall.Landfall;
import dev.landfall.nn.FitOptions;
import dev.landfall.nn.Losses;
import dev.landfall.nn.Model;
import dev.landfall.nn.Optimizers;
import dev.landfall.nn.Sequential;
import dev.landfall.nn.layers.Dense;
import dev.landfall.nn.layers.Input;
import dev.landfall.nn.layers.LSTM;
import dev.landfall.tensor.DType;
import dev.landfall.tensor.Rng;
import dev.landfall.tensor.Shape;
import dev.landfall.tensor.Tensor;

import java.util.Arrays;
import java.util.Locale;

/**
 * Issue 18's W9 shape: training throughput of LSTM(256) over sequences of 100 steps of 64 features, batch 64,
 * a Dense(10) softmax head, Adam; samples per second, median of rounds of 10 steps after a warm-up. The
 * PyTorch figure comes from {@code landfall-bench/src/main/python/lstm_torch.py} (Debian's python3-torch),
 * run right after on the same machine:
 *
 * <pre>
 * mvn -q -pl landfall-bench dependency:build-classpath -Dmdep.outputFile=cp.txt
 * java --add-modules jdk.incubator.vector -cp landfall-bench/target/classes:$(cat landfall-bench/cp.txt) \
 *     dev.landfall.bench.sequence.LstmTrainingBenchmark [ROUNDS=5]
 * /usr/bin/python3 landfall-bench/src/main/python/lstm_torch.py [ROUNDS=5] [THREADS=2]
 * </pre>
 */
public final class LstmTrainingBenchmark {
    private LstmTrainingBenchmark() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int batch = 64;
        int steps = 10;
        Landfall.setSeed(1);
        Model m = Sequential.of(Input.of(100, 64), LSTM.of(256), Dense.of(10, "softmax"));
        m.compile(Optimizers.adam(1e-3), Losses.sparseCategoricalCrossentropy());
        Tensor x = Tensor.normal(Shape.of(batch * steps, 100, 64), 0, 1, DType.FLOAT32, Rng.of(2));
        Tensor y = Tensor.fromArray(new int[batch * steps]).to(DType.FLOAT32);
        FitOptions o = FitOptions.epochs(1).batchSize(batch).shuffle(false).verbosity(FitOptions.Verbosity.SILENT);
        m.fit(x, y, o); // warm-up
        double[] rates = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long t = System.nanoTime();
            m.fit(x, y, o);
            rates[r] = batch * steps / ((System.nanoTime() - t) / 1e9);
        }
        Arrays.sort(rates);
        System.out.printf(Locale.ROOT, "Landfall LSTM(256), 100 steps x 64 features, batch 64, %d threads: %.1f samples/s "
                + "(training)%n", Runtime.getRuntime().availableProcessors(), rates[rounds / 2]);
    }
}
