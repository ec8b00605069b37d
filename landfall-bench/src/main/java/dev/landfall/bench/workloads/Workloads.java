package dev.landfall.bench.workloads;

import dev.landfall.Landfall;
import dev.landfall.data.Dataset;
import dev.landfall.data.Datasets;
import dev.landfall.data.Example;
import dev.landfall.data.Tensors;
import dev.landfall.nn.Activations;
import dev.landfall.nn.FitOptions;
import dev.landfall.nn.Losses;
import dev.landfall.nn.Model;
import dev.landfall.nn.Optimizers;
import dev.landfall.nn.Sequential;
import dev.landfall.nn.layers.Conv2D;
import dev.landfall.nn.layers.Dense;
import dev.landfall.nn.layers.Flatten;
import dev.landfall.nn.layers.Input;
import dev.landfall.nn.layers.Pooling;
import dev.landfall.tensor.DType;
import dev.landfall.tensor.Rng;
import dev.landfall.tensor.Shape;
import dev.landfall.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * The reference workloads of docs/benchmarks.md, on Landfall: W1 the brief's MLP, W2 the
 * MNIST-shaped MLP, W3 the small CNN (training samples/s over one epoch after a warm-up epoch), W4
 * inference with the W2 network (batch-1 latency, batch-256 throughput), W5 sgemm. Synthetic float32
 * data from a fixed seed; the peers in landfall-bench-{djl,dl4j,ort} build the same.
 */
public final class Workloads {
    /** One measured figure. */
    public record Result(String workload, String metric, double value) {
    }

    private Workloads() {
    }

    /** W1: 30 → 128 ReLU → 64 ReLU → 1 sigmoid; BCE; Adam 1e-3; batch 32; 50,000 samples. */
    public static Result w1(long seed) {
        Rng rng = Rng.of(seed);
        Tensor x = Tensor.normal(Shape.of(50_000, 30), 0, 1, DType.FLOAT32, rng.derive("x"));
        Tensor y = x.slice(1, 0, 3).sum(new int[] {1}, true).gt(0.0).to(DType.FLOAT32);
        Model m = Sequential.of(Input.of(30), Dense.of(128, Activations.RELU), Dense.of(64, Activations.RELU),
                Dense.of(1, Activations.SIGMOID));
        m.compile(Optimizers.adam(1e-3), Losses.binaryCrossentropy());
        return new Result("W1", "train_samples_per_s", train(m, x, y, 32));
    }

    /** W2: 784 → 512 ReLU → 256 ReLU → 10 logits; softmax CE; Adam 1e-3; batch 128; 60,000 samples. */
    public static Result w2(long seed) {
        Rng rng = Rng.of(seed);
        Tensor x = Tensor.normal(Shape.of(60_000, 784), 0, 1, DType.FLOAT32, rng.derive("x"));
        Tensor y = x.slice(1, 0, 10).argmax(1);
        Model m = w2Network();
        m.compile(Optimizers.adam(1e-3), Losses.sparseCategoricalCrossentropy(true, 0));
        return new Result("W2", "train_samples_per_s", train(m, x, y, 128));
    }

    /** The W2 network. */
    public static Model w2Network() {
        return Sequential.of(Input.of(784), Dense.of(512, Activations.RELU), Dense.of(256, Activations.RELU), Dense.of(10));
    }

    /** The W3 network: the Fashion-MNIST CNN's layers (without its rescaling, dropout and softmax). */
    public static Model w3Network() {
        return Sequential.of(Input.of(28, 28, 1),
                Conv2D.of(32, 3).activation(Activations.RELU), Pooling.maxPooling2D(2),
                Conv2D.of(64, 3).activation(Activations.RELU), Pooling.maxPooling2D(2),
                Flatten.of(), Dense.of(128, Activations.RELU), Dense.of(10));
    }

    /** W3: 28×28×1 → Conv 32 3×3 ReLU → MaxPool 2 → Conv 64 3×3 ReLU → MaxPool 2 → Flatten → 128 ReLU → 10; batch 64; 10,000 samples. */
    public static Result w3(long seed) {
        Rng rng = Rng.of(seed);
        Tensor x = Tensor.normal(Shape.of(10_000, 28, 28, 1), 0, 1, DType.FLOAT32, rng.derive("x"));
        Tensor y = x.reshape(10_000, 784).slice(1, 0, 10).argmax(1);
        Model m = w3Network();
        m.compile(Optimizers.adam(1e-3), Losses.sparseCategoricalCrossentropy(true, 0));
        return new Result("W3", "train_samples_per_s", train(m, x, y, 64));
    }

    /**
     * W4: inference with the W2 network: the median latency of one batch-1 call (µs) and the
     * throughput at batch 256 (samples/s), timing what a caller pays: a float[] in (wrapped, not copied),
     * a float[] out.
     */
    public static List<Result> w4(long seed, double seconds) {
        Model m = w2Network();
        // the weights are constants, as in a Predictor: products keep them packed (batch 1 streams them unpacked)
        m.stateDict().values().forEach(Tensor::prepack);
        Rng rng = Rng.of(seed);
        float[] one = Tensor.normal(Shape.of(1, 784), 0, 1, DType.FLOAT32, rng.derive("one")).toFloatArray();
        float[] batch = Tensor.normal(Shape.of(256, 784), 0, 1, DType.FLOAT32, rng.derive("batch")).toFloatArray();
        List<Result> out = new ArrayList<>();
        try (var g = Tensor.noGrad()) {
            // one second of warm-up calls, so the measured calls run JIT-compiled code (the peers warm up too)
            long warm = System.nanoTime();
            while (System.nanoTime() - warm < 1_000_000_000L) {
                infer(m, one, 1);
            }
            int calls = 5_000;
            long[] times = new long[calls];
            for (int i = 0; i < calls; i++) {
                long t0 = System.nanoTime();
                infer(m, one, 1);
                times[i] = System.nanoTime() - t0;
            }
            java.util.Arrays.sort(times);
            out.add(new Result("W4-b1", "latency_us", times[calls / 2] / 1e3));
            for (int i = 0; i < 50; i++) {
                infer(m, batch, 256);
            }
            long start = System.nanoTime();
            long n = 0;
            while (System.nanoTime() - start < seconds * 1e9) {
                infer(m, batch, 256);
                n += 256;
            }
            out.add(new Result("W4-b256", "samples_per_s", n / ((System.nanoTime() - start) / 1e9)));
        }
        return out;
    }

    private static float[] infer(Model m, float[] input, int rows) {
        Tensor x = Tensor.wrap(input, rows, 784); // the caller's array as it is: no copy on the way in
        return m.forward(Tensors.of(x), false).single().toFloatArray();
    }

    /** W5: sgemm GFLOP/s for M×N×K, median of 7 timed products after warm-up. */
    public static Result w5(int m, int n, int k, long seed) {
        Rng rng = Rng.of(seed);
        Tensor a = Tensor.normal(Shape.of(m, k), 0, 1, DType.FLOAT32, rng.derive("a"));
        Tensor b = Tensor.normal(Shape.of(k, n), 0, 1, DType.FLOAT32, rng.derive("b"));
        long budget = Math.max(3, (long) (2e9 / (2.0 * m * n * k)));
        for (int i = 0; i < budget; i++) {
            a.matmul(b);
        }
        double[] gflops = new double[7];
        for (int r = 0; r < gflops.length; r++) {
            long t0 = System.nanoTime();
            a.matmul(b);
            gflops[r] = 2.0 * m * n * k / (System.nanoTime() - t0);
        }
        java.util.Arrays.sort(gflops);
        String id = m == 1024 && n == 1024 && k == 1024 ? "W5-1024" : "W5-" + m + "x" + n + "x" + k;
        return new Result(id, "gflops", gflops[gflops.length / 2]);
    }

    /** One warm-up epoch, then one timed epoch over pre-built batches (as the peers do); samples/s. */
    static double train(Model m, Tensor x, Tensor y, int batchSize) {
        int n = x.dim(0);
        List<Example> batches = new ArrayList<>();
        for (int from = 0; from + batchSize <= n; from += batchSize) {
            batches.add(new Example(Tensors.of(x.slice(0, from, from + batchSize).contiguous()),
                    Tensors.of(y.slice(0, from, from + batchSize).contiguous()), null));
        }
        Dataset data = Datasets.fromGenerator(epoch -> batches.iterator(), batches.size(), true);
        FitOptions quiet = FitOptions.epochs(1).shuffle(false).verbosity(FitOptions.Verbosity.SILENT);
        m.fit(data, quiet);
        long t0 = System.nanoTime();
        m.fit(data, quiet);
        double seconds = (System.nanoTime() - t0) / 1e9;
        return batches.size() * (double) batchSize / seconds;
    }

    /** A line describing the run's environment, for the report. */
    public static String environment() {
        return "java " + Runtime.version() + ", " + Landfall.numThreads() + " threads, " + Landfall.kernels();
    }
}
