package dev.landfall.bench.kernels;

import dev.landfall.tensor.Functional;
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

import java.util.concurrent.TimeUnit;

/**
 * The two convolutions of workload W3 (the small CNN of the speed issue), batch 64, channels-last:
 * {@code conv1} 28×28×1 → 32 filters 3×3, {@code conv2} 13×13×32 → 64 filters 3×3 (after the 2×2
 * pool), both VALID. {@code forward} is inference; {@code forwardBackward} also computes the kernel
 * gradient (and the input gradient for conv2, whose input comes from a trained layer).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {KernelBenchSupport.ADD_VECTOR, "-Xmx4g"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class Conv2dBenchmark {
    @Param({"conv1", "conv2"})
    public String layer;

    @Param({"reference", "fast"})
    public String kernels;

    @Param({"1", "2"})
    public int threads;

    private Tensor x;
    private Tensor kernel;

    @Setup
    public void setUp() {
        KernelBenchSupport.select(kernels, threads);
        boolean first = layer.equals("conv1");
        x = Tensor.randn(64, first ? 28 : 13, first ? 28 : 13, first ? 1 : 32).requiresGrad(!first);
        kernel = Tensor.randn(3, 3, first ? 1 : 32, first ? 32 : 64).mul(0.1).requiresGrad(true);
    }

    @Benchmark
    public Tensor forward() {
        try (var off = Tensor.noGrad()) {
            return Functional.conv2d(x, kernel);
        }
    }

    @Benchmark
    public Tensor forwardBackward() {
        kernel.zeroGrad();
        if (x.requiresGrad()) {
            x.zeroGrad();
        }
        Functional.conv2d(x, kernel).sum().backward();
        return kernel.grad();
    }
}
