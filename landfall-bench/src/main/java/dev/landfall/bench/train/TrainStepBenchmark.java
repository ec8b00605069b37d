package dev.landfall.bench.train;

import dev.landfall.Landfall;
import dev.landfall.nn.Activations;
import dev.landfall.nn.Losses;
import dev.landfall.nn.Optimizers;
import dev.landfall.nn.Sequential;
import dev.landfall.nn.layers.Dense;
import dev.landfall.nn.layers.Input;
import dev.landfall.tensor.DType;
import dev.landfall.tensor.Rng;
import dev.landfall.tensor.Shape;
import dev.landfall.tensor.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One W1 training step (the brief's MLP, batch 32: forward, loss, backward, Adam) as JMH measures it;
 * run with {@code -prof gc} for the bytes a step allocates ({@code gc.alloc.rate.norm}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
public class TrainStepBenchmark {
    @Param({"1"})
    public int threads;

    private Sequential model;
    private Tensor x;
    private Tensor y;

    @Setup
    public void setUp() {
        Landfall.setNumThreads(threads);
        Landfall.setSeed(42);
        model = Sequential.of(Input.of(30), Dense.of(128, Activations.RELU), Dense.of(64, Activations.RELU),
                Dense.of(1, Activations.SIGMOID));
        model.compile(Optimizers.adam(1e-3), Losses.binaryCrossentropy());
        x = Tensor.normal(Shape.of(32, 30), 0, 1, DType.FLOAT32, Rng.of(1));
        y = x.slice(1, 0, 3).sum(new int[] {1}, true).gt(0.0).to(DType.FLOAT32);
    }

    @Benchmark
    public Map<String, Double> step() {
        return model.trainOnBatch(x, y);
    }
}
