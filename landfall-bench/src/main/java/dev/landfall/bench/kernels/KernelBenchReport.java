package dev.landfall.bench.kernels;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Runs the kernel benchmarks through JMH (same arguments as JMH's {@code Main}, e.g.
 * {@code SgemmBenchmark -p threads=1}) and prints one table row per run with the provider, the
 * thread count, the median time and, for sgemm, GFLOP/s of the median.
 */
public final class KernelBenchReport {
    private KernelBenchReport() {
    }

    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        Collection<RunResult> results = new Runner(new CommandLineOptions(args)).run();
        List<String> rows = new ArrayList<>();
        rows.add(String.format(Locale.ROOT, "%-32s %-16s %-10s %7s %12s %12s %10s",
                "benchmark", "case", "kernels", "threads", "median ms", "min-max ms", "GFLOP/s"));
        for (RunResult r : results) {
            BenchmarkParams p = r.getParams();
            String name = p.getBenchmark().substring(p.getBenchmark().lastIndexOf('.', p.getBenchmark().lastIndexOf('.') - 1) + 1);
            String kase = p.getParam("shape") != null ? p.getParam("shape") : p.getParam("layer");
            var stats = r.getPrimaryResult().getStatistics();
            double median = stats.getPercentile(50);
            String gflops = "";
            if (p.getParam("shape") != null) {
                int[] mnk = SgemmBenchmark.parse(p.getParam("shape"));
                gflops = String.format(Locale.ROOT, "%.1f", 2.0 * mnk[0] * mnk[1] * mnk[2] / (median * 1e-3) / 1e9);
            }
            rows.add(String.format(Locale.ROOT, "%-32s %-16s %-10s %7s %12.3f %12s %10s", name, kase,
                    p.getParam("kernels"), p.getParam("threads"), median,
                    String.format(Locale.ROOT, "%.3f-%.3f", stats.getMin(), stats.getMax()), gflops));
        }
        System.out.println();
        rows.forEach(System.out::println);
    }
}
