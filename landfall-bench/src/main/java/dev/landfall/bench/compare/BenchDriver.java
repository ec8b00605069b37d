package dev.landfall.bench.compare;

import dev.landfall.Landfall;
import dev.landfall.io.AtomicFiles;
import dev.landfall.bench.workloads.Workloads;
import dev.landfall.nn.Model;
import dev.landfall.tensor.Tensor;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The side-by-side driver behind {@code landfall bench}: one child JVM per framework and round,
 * frameworks alternating within each round (A B C A B C …), every child on the same workloads,
 * seeds and thread settings; the report keeps each child's environment.
 */
public final class BenchDriver {
    /** All workload ids, in report order. */
    public static final List<String> WORKLOADS = List.of("W1", "W2", "W3", "W4", "W5-1024", "W5-128x512x784");

    /** What to run. */
    public record Options(Path repoRoot, List<String> workloads, List<Integer> threads, int rounds, boolean compare,
                          long seed, long childTimeoutSeconds, PrintStream log) {
        public Options {
            if (rounds < 1) {
                throw new IllegalArgumentException("rounds must be at least 1. Received: " + rounds);
            }
            for (String w : workloads) {
                if (!WORKLOADS.contains(w)) {
                    throw new IllegalArgumentException("unknown workload " + w + "; known: " + WORKLOADS);
                }
            }
        }
    }

    /** A framework's child: how to start it, which workloads it runs, whether it can change threads in-process. */
    private record Peer(ChildRunner.Framework framework, List<String> workloads, boolean threadsPerProcess) {
    }

    private BenchDriver() {
    }

    /** Runs every round and returns the report. */
    public static BenchReport run(Options o) throws IOException, InterruptedException {
        List<Peer> peers = new ArrayList<>();
        peers.add(new Peer(new ChildRunner.Framework("landfall", List.of(ChildRunner.java(), "--add-modules",
                "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                "dev.landfall.bench.workloads.LandfallMain"), Map.of()), WORKLOADS, true));
        Path weights = null;
        if (o.compare()) {
            weights = exportW2Weights(o.repoRoot().resolve("landfall-bench/target/w2-weights.bin"), o.seed());
            peers.addAll(peers(o.repoRoot()));
        }
        List<Measurement> all = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        long start = System.nanoTime();
        for (int round = 1; round <= o.rounds(); round++) {
            for (Peer p : peers) {
                List<String> ws = o.workloads().stream().filter(p.workloads()::contains).toList();
                if (ws.isEmpty()) {
                    continue;
                }
                List<List<Integer>> threadGroups = p.threadsPerProcess()
                        ? o.threads().stream().map(List::of).toList() : List.of(o.threads());
                for (List<Integer> threads : threadGroups) {
                    List<String> args = new ArrayList<>(List.of("--workload", String.join(",", ws), "--threads",
                            String.join(",", threads.stream().map(String::valueOf).toList()), "--seed", String.valueOf(o.seed())));
                    if (weights != null) {
                        args.addAll(List.of("--weights", weights.toString()));
                    }
                    ChildRunner.Framework f = p.framework();
                    if (p.threadsPerProcess()) {
                        Map<String, String> env = new LinkedHashMap<>(f.env());
                        String n = String.valueOf(threads.get(0));
                        env.put("OMP_NUM_THREADS", n);
                        env.put("MKL_NUM_THREADS", n);
                        env.put("OPENBLAS_NUM_THREADS", n);
                        f = new ChildRunner.Framework(f.name(), f.command(), env);
                    }
                    if (o.log() != null) {
                        o.log().printf("round %d/%d: %s %s threads %s%n", round, o.rounds(), f.name(), ws, threads);
                    }
                    try {
                        all.addAll(ChildRunner.run(f, args, o.childTimeoutSeconds(), o.log()));
                    } catch (IOException e) {
                        failures.add("round " + round + ": " + e.getMessage());
                        if (o.log() != null) {
                            o.log().println("  " + e.getMessage());
                        }
                    }
                }
            }
        }
        double minutes = (System.nanoTime() - start) / 6e10;
        return new BenchReport(all, failures, o.rounds(), minutes, Workloads.environment());
    }

    private static List<Peer> peers(Path root) throws IOException {
        List<Peer> out = new ArrayList<>();
        Path djl = root.resolve("landfall-bench-djl");
        Path cache = djl.resolve("target/djl-cache");
        out.add(new Peer(new ChildRunner.Framework("pytorch", List.of(ChildRunner.java(), "-Dai.djl.offline=true",
                "-DDJL_CACHE_DIR=" + cache, "-DENGINE_CACHE_DIR=" + cache, "-cp", ChildRunner.peerClasspath(djl),
                "dev.landfall.bench.djl.DjlMain"),
                Map.of("PYTORCH_VERSION", "2.7.1", "PYTORCH_FLAVOR", "cpu", "DJL_CACHE_DIR", cache.toString(),
                        "ENGINE_CACHE_DIR", cache.toString())), WORKLOADS, true));
        out.add(new Peer(new ChildRunner.Framework("dl4j", List.of(ChildRunner.java(), "-cp",
                ChildRunner.peerClasspath(root.resolve("landfall-bench-dl4j")), "dev.landfall.bench.dl4j.Dl4jMain"), Map.of()),
                WORKLOADS, true));
        out.add(new Peer(new ChildRunner.Framework("onnxruntime", List.of(ChildRunner.java(), "-cp",
                ChildRunner.peerClasspath(root.resolve("landfall-bench-ort")), "dev.landfall.bench.ort.OrtMain"), Map.of()),
                List.of("W4"), true));
        return out;
    }

    /**
     * Writes the W2 network's weights as raw little-endian float32 — W1 (784×512, input-major), b1, W2,
     * b2, W3, b3 — so that every framework's W4 runs the same network.
     */
    public static Path exportW2Weights(Path file, long seed) throws IOException {
        Landfall.setSeed(seed);
        Model m = Workloads.w2Network();
        List<Tensor> parts = new ArrayList<>(m.stateDict().values());
        int n = parts.stream().mapToInt(Tensor::size).sum();
        ByteBuffer buf = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
        for (Tensor t : parts) {
            buf.asFloatBuffer().put(t.toFloatArray());
            buf.position(buf.position() + 4 * t.size());
        }
        AtomicFiles.write(file, buf.array());
        return file;
    }
}
