package dev.landfall.bench.workloads;

import dev.landfall.Landfall;

import java.util.List;
import java.util.Locale;

/**
 * The Landfall child of the side-by-side driver, with the peers' protocol:
 * {@code --workload ID --threads N --seed S}; the result lines start with {@code RESULT }.
 */
public final class LandfallMain {
    private LandfallMain() {
    }

    public static void main(String[] args) {
        String workloads = null;
        String threadList = "1";
        long seed = 42;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--workload", "--workloads" -> workloads = args[i + 1];
                case "--threads" -> threadList = args[i + 1];
                case "--seed" -> seed = Long.parseLong(args[i + 1]);
                case "--weights" -> { } // the peers read W2's weights; Landfall makes its own from the seed
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (workloads == null) {
            throw new IllegalArgumentException("usage: LandfallMain --workload W1[,W2,…] --threads N[,M,…] --seed S "
                    + "(workloads W1 W2 W3 W4 W5-1024 W5-128x512x784)");
        }
        for (String t : threadList.split(",")) {
            int threads = Integer.parseInt(t.trim());
            for (String workload : workloads.split(",")) {
                Landfall.setNumThreads(threads);
                Landfall.setSeed(seed);
                for (Workloads.Result r : run(workload.trim(), seed)) {
                    System.out.println(String.format(Locale.ROOT,
                            "RESULT {\"framework\": \"landfall\", \"workload\": \"%s\", \"metric\": \"%s\", \"value\": %.3f, "
                                    + "\"threads\": %d, \"version\": \"%s\", \"env\": {\"java.version\": \"%s\", \"kernels\": \"%s\"}}",
                            r.workload(), r.metric(), r.value(), threads, Landfall.VERSION, Runtime.version(),
                            Landfall.kernels().replace("\"", "'")));
                    System.out.flush();
                }
            }
        }
    }

    static List<Workloads.Result> run(String workload, long seed) {
        return switch (workload) {
            case "W1" -> List.of(Workloads.w1(seed));
            case "W2" -> List.of(Workloads.w2(seed));
            case "W3" -> List.of(Workloads.w3(seed));
            case "W4" -> Workloads.w4(seed, 3.0);
            case "W5-1024" -> List.of(Workloads.w5(1024, 1024, 1024, seed));
            case "W5-128x512x784" -> List.of(Workloads.w5(128, 512, 784, seed));
            default -> throw new IllegalArgumentException("unknown workload " + workload);
        };
    }
}
