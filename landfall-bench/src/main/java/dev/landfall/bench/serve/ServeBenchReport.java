package dev.landfall.bench.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.landfall.io.AtomicFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code landfall bench --serve} measured: every run (peak per server, half-peak, gRPC), the
 * medians across rounds with min–max, the ratios the server is held to, and the soak; as a table and
 * as JSON.
 */
public final class ServeBenchReport {
    /** One measured run. */
    record Row(String kind, int round, String model, String server, double targetPerSecond, ServeBench.Measured m) {
    }

    private final ServeBench.Options options;
    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final Map<String, Object> soak = new LinkedHashMap<>();
    private final String started = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toString();

    ServeBenchReport(ServeBench.Options options) {
        this.options = options;
    }

    void note(String s) {
        notes.add(s);
        options.log().println("  " + s);
    }

    void peak(int round, String model, String server, ServeBench.Measured m) {
        rows.add(new Row("peak", round, model, server, 0, m));
    }

    void half(int round, String model, double target, ServeBench.Measured m) {
        rows.add(new Row("half", round, model, "landfall", target, m));
    }

    void grpc(int round, String model, ServeBench.Measured m) {
        rows.add(new Row("grpc", round, model, "landfall gRPC raw", 0, m));
    }

    void soak(String model, Wrk.Run r, long heapBefore, long heapAfter) {
        soak.put("model", model);
        soak.put("minutes", options.soakMinutes());
        soak.put("requests", r.requests());
        soak.put("req_per_s", r.perSecond());
        soak.put("status_503", r.status503());
        soak.put("other_errors", r.non2xx() - r.status503() + r.socketErrors());
        soak.put("heap_after_warmup_bytes", heapBefore);
        soak.put("heap_after_run_bytes", heapAfter);
        soak.put("heap_change", (heapAfter - heapBefore) / (double) heapBefore);
    }

    private List<Row> select(String kind, String model, String server) {
        return rows.stream().filter(r -> r.kind().equals(kind) && r.model().equals(model)
                && (server == null || r.server().equals(server))).toList();
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length == 0 ? Double.NaN : s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static double[] values(List<Row> rs, java.util.function.ToDoubleFunction<Row> f) {
        return rs.stream().mapToDouble(f).toArray();
    }

    private double medianRate(String kind, String model, String server) {
        return median(values(select(kind, model, server), r -> r.m().run().perSecond()));
    }

    /** The ratios the issue holds the server to, per model (NaN where a side was not run). */
    public Map<String, Map<String, Double>> ratios() {
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        for (String model : models()) {
            Map<String, Double> m = new LinkedHashMap<>();
            double batched = medianRate("peak", model, "landfall");
            m.put("batching_on_vs_off", batched / medianRate("peak", model, "landfall --max-batch 1"));
            m.put("landfall_vs_onnxruntime", batched / medianRate("peak", model, "onnxruntime"));
            m.put("grpc_raw_vs_rest_json", medianRate("grpc", model, null) / batched);
            m.put("half_peak_p99_ms", median(values(select("half", model, null), r -> r.m().run().p99Us() / 1e3)));
            m.put("half_peak_non2xx", (double) select("half", model, null).stream()
                    .mapToLong(r -> r.m().run().non2xx() + r.m().run().socketErrors()).sum());
            out.put(model, m);
        }
        return out;
    }

    private List<String> models() {
        return rows.stream().map(Row::model).distinct().toList();
    }

    /** The table: per model and server, medians across rounds (min–max of req/s). */
    public String table() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Serving: %d rounds of %d s (every server warmed up %d s per model first, "
                        + "%d s before each run), %d connections, %d cores, wrk on loopback; KServe V2 JSON, one row per "
                        + "request%n%n", options.rounds(), options.seconds(), options.warmupSeconds(),
                ServeBench.RUN_WARMUP_SECONDS, options.connections(), Runtime.getRuntime().availableProcessors()));
        b.append(String.format(Locale.ROOT, "%-5s %-24s %-28s %-24s %-17s %s%n", "model", "server", "req/s median (min–max)",
                "p50 / p90 / p99 ms", "CPU server/client", "non-2xx"));
        for (String model : models()) {
            List<String> servers = rows.stream().filter(r -> r.model().equals(model)).map(r -> r.kind().equals("half")
                    ? "landfall @ half peak" : r.server()).distinct().toList();
            for (String server : servers) {
                List<Row> rs = server.equals("landfall @ half peak") ? select("half", model, null)
                        : rows.stream().filter(r -> r.model().equals(model) && r.server().equals(server)
                        && !r.kind().equals("half")).toList();
                double[] rate = values(rs, r -> r.m().run().perSecond());
                b.append(String.format(Locale.ROOT, "%-5s %-24s %-28s %-24s %-17s %d%n", model, server,
                        String.format(Locale.ROOT, "%.0f (%.0f–%.0f)", median(rate), Arrays.stream(rate).min().orElse(0),
                                Arrays.stream(rate).max().orElse(0)),
                        String.format(Locale.ROOT, "%.2f / %.2f / %.2f", median(values(rs, r -> r.m().run().p50Us())) / 1e3,
                                median(values(rs, r -> r.m().run().p90Us())) / 1e3,
                                median(values(rs, r -> r.m().run().p99Us())) / 1e3),
                        String.format(Locale.ROOT, "%.2f / %.2f", median(values(rs, r -> r.m().serverCores())),
                                median(values(rs, r -> r.m().clientCores()))),
                        rs.stream().mapToLong(r -> r.m().run().non2xx() + r.m().run().socketErrors()).sum()));
            }
        }
        b.append('\n');
        ratios().forEach((model, m) -> b.append(String.format(Locale.ROOT, "%s: batching on/off ×%.2f (target ≥ 2); "
                        + "Landfall/ONNX Runtime ×%.2f (≥ 1.25); gRPC raw/REST JSON ×%.2f (≥ 1.5); p99 at half peak %.2f ms "
                        + "(≤ 5) with %.0f non-2xx (0)%n", model, m.get("batching_on_vs_off"), m.get("landfall_vs_onnxruntime"),
                m.get("grpc_raw_vs_rest_json"), m.get("half_peak_p99_ms"), m.get("half_peak_non2xx"))));
        if (!soak.isEmpty()) {
            b.append(String.format(Locale.ROOT, "Soak (%s, %s min at saturation): %d requests, %.0f req/s, %d × 503, %s "
                            + "other errors; heap after GC %.1f MB after warm-up, %.1f MB after the run (%+.1f %%)%n",
                    soak.get("model"), soak.get("minutes"), (long) soak.get("requests"), (double) soak.get("req_per_s"),
                    (long) soak.get("status_503"), soak.get("other_errors"),
                    (long) soak.get("heap_after_warmup_bytes") / 1e6, (long) soak.get("heap_after_run_bytes") / 1e6,
                    100 * (double) soak.get("heap_change")));
        }
        notes.forEach(n -> b.append(n).append('\n'));
        return b.toString();
    }

    /** Everything as JSON: settings, every run, the ratios, the soak. */
    public String toJson() throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("started", started);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("seconds", options.seconds());
        settings.put("warmup_seconds", options.warmupSeconds());
        settings.put("rounds", options.rounds());
        settings.put("connections", options.connections());
        settings.put("cores", Runtime.getRuntime().availableProcessors());
        settings.put("java.version", System.getProperty("java.version"));
        root.put("settings", settings);
        List<Map<String, Object>> runs = new ArrayList<>();
        for (Row r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", r.kind());
            m.put("round", r.round());
            m.put("model", r.model());
            m.put("server", r.server());
            if (r.kind().equals("half")) {
                m.put("target_req_per_s", r.targetPerSecond());
            }
            Wrk.Run w = r.m().run();
            m.put("req_per_s", w.perSecond());
            m.put("requests", w.requests());
            m.put("p50_ms", w.p50Us() / 1e3);
            m.put("p90_ms", w.p90Us() / 1e3);
            m.put("p99_ms", w.p99Us() / 1e3);
            m.put("non2xx", w.non2xx());
            m.put("socket_errors", w.socketErrors());
            m.put("server_cores", r.m().serverCores());
            m.put("client_cores", r.m().clientCores());
            m.put("machine_cores", r.m().machineCores());
            runs.add(m);
        }
        root.put("runs", runs);
        root.put("ratios", ratios());
        if (!soak.isEmpty()) {
            root.put("soak", soak);
        }
        root.put("notes", notes);
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root);
    }

    /** Writes {@code serve-bench.txt} and {@code serve-bench.json} into {@code dir}; returns a line saying where. */
    public String writeAll(Path dir) throws IOException {
        Files.createDirectories(dir);
        AtomicFiles.writeString(dir.resolve("serve-bench.txt"), table());
        AtomicFiles.writeString(dir.resolve("serve-bench.json"), toJson());
        return "Wrote " + dir.resolve("serve-bench.txt") + " and " + dir.resolve("serve-bench.json");
    }
}
