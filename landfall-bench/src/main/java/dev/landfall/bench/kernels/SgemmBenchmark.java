package dev.landfall.bench.kernels;

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
 * {@code C = A · B} in FLOAT32 through {@code Tensor.matmul} (output allocation included, as a caller
 * pays it). GFLOP/s = 2·M·N·K / time; {@link KernelBenchReport} prints them. Run:
 * {@code java -cp ... dev.landfall.bench.kernels.KernelBenchReport} or JMH's own Main.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {KernelBenchSupport.ADD_VECTOR, "-Xmx4g"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class SgemmBenchmark {
    /** M×N×K. */
    @Param({"128x512x784", "1024x1024x1024", "2048x2048x2048"})
    public String shape;

    @Param({"reference", "fast"})
    public String kernels;

    @Param({"1", "2"})
    public int threads;

    private Tensor a;
    private Tensor b;

    @Setup
    public void setUp() {
        KernelBenchSupport.select(kernels, threads);
        int[] mnk = parse(shape);
        a = Tensor.randn(mnk[0], mnk[2]);
        b = Tensor.randn(mnk[2], mnk[1]);
    }

    @Benchmark
    public Tensor sgemm() {
        return a.matmul(b);
    }

    /** {@code "MxNxK"} to {@code {M, N, K}}. */
    static int[] parse(String shape) {
        String[] p = shape.split("x");
        return new int[] {Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2])};
    }
}
