package dev.landfall.cli;

import dev.landfall.bench.compare.BenchDriver;
import dev.landfall.bench.compare.BenchReport;
import dev.landfall.bench.serve.ServeBench;
import dev.landfall.bench.serve.ServeBenchReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code landfall bench}: the reference workloads (docs/benchmarks.md) in child JVMs, alternating
 * frameworks round by round; a table, a JSON file and a PNG chart.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Run the speed workloads W1-W5 (with --compare also DJL/PyTorch, DL4J and ONNX Runtime, "
                + "built with mvn -Pcompare) and report medians with min-max.")
final class BenchCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Option(names = "--compare", description = "Also run the peer frameworks (build them first; see docs/benchmarks.md).")
    boolean compare;

    @Option(names = "--rounds", defaultValue = "3", description = "Rounds; each runs every framework once (default: 3).")
    int rounds;

    @Option(names = "--workloads", split = ",", description = "Workloads (default: all): W1, W2, W3, W4, W5-1024, W5-128x512x784.")
    List<String> workloads;

    @Option(names = "--threads", split = ",", description = "Thread settings (default: 1 and the number of cores).")
    List<Integer> threads;

    @Option(names = "--json", description = "Write the JSON here (default: OUT/bench.json).")
    Path json;

    @Option(names = "--png", description = "Write the chart here (default: OUT/bench.png).")
    Path png;

    @Option(names = {"-o", "--out"}, defaultValue = "bench-results", description = "Folder for the report (default: bench-results).")
    Path out;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the synthetic data and weights (default: 42).")
    long seed;

    @Option(names = "--serve", description = "Benchmark the model server instead: wrk against Landfall with and without "
            + "batching and ONNX Runtime behind a JDK HttpServer (built with mvn -Pcompare), gRPC, half-peak latency.")
    boolean serve;

    @Option(names = "--seconds", defaultValue = "30", description = "With --serve: seconds per measured run (default: 30).")
    int seconds;

    @Option(names = "--warmup", defaultValue = "20", description = "With --serve: seconds of traffic for every server and "
            + "model before the rounds (the JIT's warm-up; default: 20); each run then has 3 s more.")
    int warmup;

    @Option(names = "--connections", defaultValue = "64", description = "With --serve: concurrent connections (default: 64).")
    int connections;

    @Option(names = "--soak-minutes", defaultValue = "0", description = "With --serve: then this many minutes at "
            + "saturation, checking errors and the heap (default: 0, none).")
    int soakMinutes;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Path home = Main.home();
        if (serve) {
            return serve(home);
        }
        if (compare && home == null) {
            throw new CliException("bench --compare needs the Landfall checkout (run it through ./landfall) to find the "
                    + "peer modules");
        }
        List<Integer> t = threads;
        if (t == null) {
            t = new ArrayList<>(List.of(1));
            int cores = Runtime.getRuntime().availableProcessors();
            if (cores > 1) {
                t.add(cores);
            }
        }
        BenchReport report;
        try {
            report = BenchDriver.run(new BenchDriver.Options(home == null ? Path.of(".").toAbsolutePath() : home,
                    workloads == null ? BenchDriver.WORKLOADS : workloads, t, rounds, compare, seed, 900, main.err));
        } catch (IllegalArgumentException e) {
            throw new CliException("bench: " + e.getMessage());
        }
        String table = report.table();
        main.out.print(table);
        main.out.println(report.writeAll(out, json, png));
        return 0;
    }

    private int serve(Path home) throws IOException, InterruptedException {
        ServeBenchReport report;
        try {
            report = ServeBench.run(new ServeBench.Options(home == null ? Path.of(".").toAbsolutePath() : home,
                    out.resolve("serve-work"), seconds, warmup, rounds, connections, soakMinutes, seed, main.err));
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new CliException("bench --serve: " + e.getMessage());
        }
        main.out.print(report.table());
        main.out.println(report.writeAll(out));
        return 0;
    }
}
