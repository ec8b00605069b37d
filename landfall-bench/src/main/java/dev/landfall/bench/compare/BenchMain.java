package dev.landfall.bench.compare;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code landfall bench} without the CLI: {@code BenchMain [--compare] [--rounds N] [--workloads W1,…]
 * [--threads 1,2] [--json FILE] [--png FILE] [--out DIR] [--repo DIR] [--seed S]}.
 */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args));
    }

    /** Runs the benchmark; returns the exit status (0 ok, 1 some child failed, 2 usage). */
    public static int run(String[] args) throws Exception {
        boolean compare = false;
        int rounds = 3;
        List<String> workloads = BenchDriver.WORKLOADS;
        List<Integer> threads = defaultThreads();
        Path out = Path.of("bench-results");
        Path json = null;
        Path png = null;
        Path repo = Path.of(System.getProperty("landfall.home", ".")).toAbsolutePath().normalize();
        long seed = 42;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--compare")) {
                compare = true;
                continue;
            }
            if (i + 1 >= args.length) {
                System.err.println("landfall bench: " + a + " needs a value");
                return 2;
            }
            String v = args[++i];
            switch (a) {
                case "--rounds" -> rounds = Integer.parseInt(v);
                case "--workloads" -> workloads = List.of(v.split(","));
                case "--threads" -> threads = Arrays.stream(v.split(",")).map(String::trim).map(Integer::valueOf).toList();
                case "--json" -> json = Path.of(v);
                case "--png" -> png = Path.of(v);
                case "--out" -> out = Path.of(v);
                case "--repo" -> repo = Path.of(v).toAbsolutePath().normalize();
                case "--seed" -> seed = Long.parseLong(v);
                default -> {
                    System.err.println("landfall bench: unknown option " + a);
                    return 2;
                }
            }
        }
        BenchReport report = BenchDriver.run(new BenchDriver.Options(repo, workloads, threads, rounds, compare, seed, 900,
                System.err));
        String table = report.table();
        System.out.print(table);
        System.out.println(report.writeAll(out, json, png));
        return report.toJson().contains("\"failures\" : [ ]") ? 0 : 1;
    }

    /** 1 and all cores (just 1 on a one-core machine). */
    static List<Integer> defaultThreads() {
        int cores = Runtime.getRuntime().availableProcessors();
        List<Integer> t = new ArrayList<>(List.of(1));
        if (cores > 1) {
            t.add(cores);
        }
        return t;
    }
}
