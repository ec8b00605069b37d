package dev.landfall.bench.serve;

import dev.landfall.Landfall;
import dev.landfall.bench.compare.BenchDriver;
import dev.landfall.bench.workloads.Workloads;
import dev.landfall.io.AtomicFiles;
import dev.landfall.nn.Model;
import dev.landfall.nn.io.ModelFile;
import dev.landfall.nn.io.SaveOptions;
import dev.landfall.serve.grpc.v2.GRPCInferenceServiceGrpc;
import dev.landfall.serve.grpc.v2.ModelInferRequest;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code landfall bench --serve}: the model server under load (docs/benchmarks.md). W2's network and the
 * Fashion-MNIST CNN, KServe V2 REST single-row requests from {@code wrk} over loopback, against Landfall
 * with dynamic batching, Landfall with {@code --max-batch 1}, and ONNX Runtime behind a JDK HttpServer
 * ({@code landfall-bench-ort}'s {@code OrtServer}, when built); cases alternate within each round. After
 * each batched case: the same server at half that peak (paced connections) for p99 and errors, and gRPC
 * with raw contents from {@code h2load}. Each server is a child JVM; CPU seconds come from /proc.
 */
public final class ServeBench {
    /** What to run. */
    public record Options(Path repoRoot, Path workDir, int seconds, int warmupSeconds, int rounds, int connections,
                          int soakMinutes, long seed, PrintStream log) {
        public Options {
            if (seconds < 1 || warmupSeconds < 0 || rounds < 1 || connections < 1 || soakMinutes < 0) {
                throw new IllegalArgumentException("seconds, rounds and connections must be positive; warm-up and soak "
                        + "not negative");
            }
        }
    }

    /** A running server child. */
    record Server(String name, Process process, int port, int grpcPort) {
        URI url(String model) {
            return URI.create("http://127.0.0.1:" + port + "/v2/models/" + model + "/infer");
        }

        double cpuSeconds() {
            return ProcStat.cpuSeconds(process.pid());
        }
    }

    /** One of the benchmark's models: its request body and a row for gRPC. */
    record Workload(String model, String input, Path body, float[] row, long[] shape) {
    }

    /** Traffic just before each measured run, after the servers' initial warm-up. */
    static final int RUN_WARMUP_SECONDS = 3;

    private ServeBench() {
    }

    public static ServeBenchReport run(Options o) throws IOException, InterruptedException {
        Wrk.executable();
        H2load.executable();
        Files.createDirectories(o.workDir());
        Path repo = o.workDir().resolve("models");
        List<Workload> workloads = List.of(model(o, repo, "w2", seeded(o.seed(), Workloads::w2Network), new long[] {1, 784}),
                model(o, repo, "cnn", seeded(o.seed(), Workloads::w3Network), new long[] {1, 28, 28, 1}));
        Path weights = BenchDriver.exportW2Weights(o.workDir().resolve("w2-weights.bin"), o.seed());
        ServeBenchReport report = new ServeBenchReport(o);
        List<Server> servers = new ArrayList<>();
        try {
            String cp = System.getProperty("java.class.path");
            Server batched = start(o.log(), "landfall", List.of(java(), "--add-modules", "jdk.incubator.vector", "-cp", cp,
                    ServerMain.class.getName(), repo.toString(), "64"));
            servers.add(batched);
            Server single = start(o.log(), "landfall --max-batch 1", List.of(java(), "--add-modules",
                    "jdk.incubator.vector", "-cp", cp, ServerMain.class.getName(), repo.toString(), "1"));
            servers.add(single);
            List<Server> ort = new ArrayList<>();
            String ortCp = ortClasspath(o.repoRoot());
            if (ortCp == null) {
                report.note("ONNX Runtime server skipped: build it with mvn -B -q -Pcompare -pl landfall-bench-ort "
                        + "package dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=runtime");
            } else {
                for (Workload w : workloads) {
                    List<String> cmd = new ArrayList<>(List.of(java(), "-cp", ortCp, "dev.landfall.bench.ort.OrtServer",
                            "--model", w.model(), "--seed", Long.toString(o.seed()), "--port", "0"));
                    if (w.model().equals("w2")) {
                        cmd.addAll(List.of("--weights", weights.toString()));
                    }
                    Server s = start(o.log(), "onnxruntime", cmd);
                    servers.add(s);
                    ort.add(s);
                }
            }
            write(o.workDir(), "peak", workloads, 0, false);
            // the JIT needs tens of seconds of traffic on every path (W2 went 4,100 → 7,600 → 9,900 req/s
            // over three 8 s runs): each server and model, REST and gRPC, once before the rounds
            if (o.warmupSeconds() > 0) {
                o.log().println("  warming up every server for " + o.warmupSeconds() + " s per model …");
                for (int wi = 0; wi < workloads.size(); wi++) {
                    Workload w = workloads.get(wi);
                    Path script = o.workDir().resolve(w.model() + "-peak.lua");
                    for (Server s : cases(batched, single, ort, wi)) {
                        Wrk.run(script, s.url(w.model()), o.connections(), threads(), o.warmupSeconds());
                    }
                    warmGrpc(o, batched, w);
                }
            }
            for (int round = 1; round <= o.rounds(); round++) {
                for (int wi = 0; wi < workloads.size(); wi++) {
                    Workload w = workloads.get(wi);
                    Path script = o.workDir().resolve(w.model() + "-peak.lua");
                    for (Server s : cases(batched, single, ort, wi)) {
                        Measured m = measure(o, s, w, script);
                        report.peak(round, w.model(), s.name(), m);
                        if (s == batched) {
                            double rate = m.run().perSecond() / 2;
                            int delay = (int) Math.max(1, Math.floor(o.connections() * 1000.0 / rate));
                            Path paced = Files.writeString(o.workDir().resolve(w.model() + "-half.lua"),
                                    Wrk.script(w.body(), delay, true));
                            report.half(round, w.model(), rate, measure(o, s, w, paced));
                            report.grpc(round, w.model(), measureGrpc(o, s, w));
                        }
                    }
                }
            }
            if (o.soakMinutes() > 0) {
                soak(o, batched, workloads.get(0), report);
            }
        } finally {
            for (Server s : servers) {
                s.process().destroy();
            }
            for (Server s : servers) {
                if (!s.process().waitFor(30, TimeUnit.SECONDS)) {
                    s.process().destroyForcibly();
                }
            }
        }
        return report;
    }

    /** The servers one model is measured on, in the order of a round. */
    private static List<Server> cases(Server batched, Server single, List<Server> ort, int model) {
        List<Server> out = new ArrayList<>(List.of(batched, single));
        if (!ort.isEmpty()) {
            out.add(ort.get(model));
        }
        return out;
    }

    /** A run and the CPU it cost: server and client cores used, and the whole machine's. */
    record Measured(Wrk.Run run, double serverCores, double clientCores, double machineCores) {
    }

    private static Measured measure(Options o, Server s, Workload w, Path script) throws IOException,
            InterruptedException {
        if (o.warmupSeconds() > 0) {
            Wrk.run(script, s.url(w.model()), o.connections(), threads(), RUN_WARMUP_SECONDS);
        }
        double cpu0 = s.cpuSeconds();
        double busy0 = ProcStat.machineBusySeconds();
        Wrk.Run r = Wrk.run(script, s.url(w.model()), o.connections(), threads(), o.seconds());
        double cpu = s.cpuSeconds() - cpu0;
        double busy = ProcStat.machineBusySeconds() - busy0;
        o.log().printf(Locale.ROOT, "  %-24s %-4s %9.0f req/s  p50 %.2f ms  p99 %.2f ms  non-2xx %d%n", s.name(),
                w.model(), r.perSecond(), r.p50Us() / 1e3, r.p99Us() / 1e3, r.non2xx() + r.socketErrors());
        return new Measured(r, cpu / r.seconds(), r.clientCpuSeconds() / r.seconds(), busy / r.seconds());
    }

    private static Measured measureGrpc(Options o, Server s, Workload w) throws IOException, InterruptedException {
        Path body = o.workDir().resolve(w.model() + "-grpc.bin");
        Files.write(body, H2load.frame(w.model(), w.input(), w.row(), w.shape()));
        checkGrpc(s, w);
        double cpu0 = s.cpuSeconds();
        double busy0 = ProcStat.machineBusySeconds();
        long t0 = System.nanoTime();
        // 64 streams as a client pool would open them: a few connections, 16 streams each
        int connections = Math.max(1, o.connections() / 16);
        Wrk.Run r = H2load.run(body, o.workDir().resolve(w.model() + "-grpc.log"), s.grpcPort(), connections,
                o.connections() / connections, o.seconds(), o.warmupSeconds() > 0 ? RUN_WARMUP_SECONDS : 0);
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpu = s.cpuSeconds() - cpu0;
        double busy = ProcStat.machineBusySeconds() - busy0;
        o.log().printf(Locale.ROOT, "  %-24s %-4s %9.0f req/s  p50 %.2f ms  p99 %.2f ms  failed %d%n", "landfall gRPC raw",
                w.model(), r.perSecond(), r.p50Us() / 1e3, r.p99Us() / 1e3, r.non2xx());
        // the server's and the machine's CPU over the whole h2load run (warm-up included)
        return new Measured(r, cpu / wall, r.clientCpuSeconds() / r.seconds(), busy / wall);
    }

    private static void warmGrpc(Options o, Server s, Workload w) throws IOException, InterruptedException {
        Path body = o.workDir().resolve(w.model() + "-grpc.bin");
        Files.write(body, H2load.frame(w.model(), w.input(), w.row(), w.shape()));
        checkGrpc(s, w);
        H2load.run(body, o.workDir().resolve(w.model() + "-grpc.log"), s.grpcPort(), Math.max(1, o.connections() / 16),
                Math.min(16, o.connections()), o.warmupSeconds(), 0);
    }

    /** One call through grpc-java first: h2load counts HTTP statuses only, and a gRPC error still answers 200. */
    private static void checkGrpc(Server s, Workload w) throws IOException {
        ManagedChannel c = NettyChannelBuilder.forAddress("127.0.0.1", s.grpcPort()).usePlaintext().build();
        try {
            byte[] frame = H2load.frame(w.model(), w.input(), w.row(), w.shape());
            ModelInferRequest req = ModelInferRequest.parseFrom(java.util.Arrays.copyOfRange(frame, 5, frame.length));
            GRPCInferenceServiceGrpc.newBlockingStub(c).withDeadlineAfter(30, TimeUnit.SECONDS).modelInfer(req);
        } catch (RuntimeException e) {
            throw new IOException("the gRPC request fails: " + e.getMessage(), e);
        } finally {
            c.shutdownNow();
        }
    }

    /** Saturation for the soak's minutes; the heap after a full GC, after the warm-up and after the run. */
    private static void soak(Options o, Server s, Workload w, ServeBenchReport report) throws IOException,
            InterruptedException {
        Path script = Files.writeString(o.workDir().resolve(w.model() + "-soak.lua"), Wrk.script(w.body(), 0, true));
        Wrk.run(script, s.url(w.model()), o.connections(), threads(), Math.max(10, o.warmupSeconds()));
        long before = heapAfterGc(s);
        o.log().println("  soak: " + o.soakMinutes() + " min at saturation …");
        Wrk.Run r = Wrk.run(script, s.url(w.model()), o.connections(), threads(), o.soakMinutes() * 60);
        long after = heapAfterGc(s);
        report.soak(w.model(), r, before, after);
    }

    /** Runs a full GC in the server (jcmd), then reads {@code jvm_memory_used_bytes{area="heap"}} from its /metrics. */
    static long heapAfterGc(Server s) throws IOException, InterruptedException {
        Process gc = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(s.process().pid()), "GC.run").redirectErrorStream(true).start();
        gc.getInputStream().readAllBytes();
        gc.waitFor();
        String text = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port()
                + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        for (String line : text.split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{area=\"heap\"}")) {
                return (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new IOException("no jvm_memory_used_bytes in the server's /metrics");
    }

    /** wrk's threads: one per core, at most 4 (the client should not crowd out the server). */
    private static int threads() {
        return Math.min(4, Runtime.getRuntime().availableProcessors());
    }

    private static void write(Path dir, String kind, List<Workload> ws, int delayMs, boolean count) throws IOException {
        for (Workload w : ws) {
            Files.writeString(dir.resolve(w.model() + "-" + kind + ".lua"), Wrk.script(w.body(), delayMs, count));
        }
    }

    private static Model seeded(long seed, java.util.function.Supplier<Model> make) {
        Landfall.setSeed(seed);
        return make.get();
    }

    /** Saves the model into the repository and writes its request: one row of seeded values. */
    private static Workload model(Options o, Path repo, String name, Model m, long[] shape) throws IOException {
        ModelFile.save(repo.resolve(name + "/1/model.landfall"), m, SaveOptions.defaults());
        SplittableRandom rng = new SplittableRandom(o.seed() + name.hashCode());
        int n = 1;
        for (long d : shape) {
            n *= (int) d;
        }
        float[] row = new float[n];
        StringBuilder data = new StringBuilder();
        for (int i = 0; i < n; i++) {
            row[i] = (float) (name.equals("cnn") ? rng.nextDouble() : rng.nextGaussian());
            data.append(i == 0 ? "" : ",").append(row[i]);
        }
        StringBuilder shp = new StringBuilder();
        for (long d : shape) {
            shp.append(shp.length() == 0 ? "" : ",").append(d);
        }
        String body = "{\"inputs\":[{\"name\":\"" + m.inputs().get(0).name() + "\",\"datatype\":\"FP32\",\"shape\":[" + shp
                + "],\"data\":[" + data + "]}]}";
        Path file = o.workDir().resolve(name + ".json");
        AtomicFiles.writeString(file, body);
        return new Workload(name, m.inputs().get(0).name(), file, row, shape);
    }

    private static Server start(PrintStream log, String name, List<String> cmd) throws IOException,
            InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        CompletableFuture<int[]> ports = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    if (line.startsWith("LISTENING ")) {
                        String[] f = line.split(" ");
                        ports.complete(new int[] {Integer.parseInt(f[1]), f.length > 2 ? Integer.parseInt(f[2]) : -1});
                    } else {
                        log.println("  [" + name + "] " + line);
                    }
                }
            } catch (IOException e) {
                ports.completeExceptionally(e);
            }
            ports.completeExceptionally(new IOException(name + " exited before listening"));
        }, "serve-bench-" + name);
        reader.setDaemon(true);
        reader.start();
        try {
            int[] pp = ports.get(120, TimeUnit.SECONDS);
            return new Server(name, p, pp[0], pp[1]);
        } catch (Exception e) {
            p.destroyForcibly();
            throw new IOException(name + " did not start: " + e.getMessage(), e);
        }
    }

    private static String ortClasspath(Path root) throws IOException {
        Path module = root.resolve("landfall-bench-ort");
        Path cp = module.resolve("target/cp.txt");
        Path classes = module.resolve("target/classes");
        if (!Files.isRegularFile(cp) || !Files.isDirectory(classes.resolve("dev/landfall/bench/ort"))) {
            return null;
        }
        return classes + File.pathSeparator + Files.readString(cp).trim();
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
