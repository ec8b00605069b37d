package dev.landfall.bench.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchReportTest {
    static Measurement m(String fw, String id, String metric, double v, int threads) {
        return new Measurement(fw, id, metric, v, threads, "{}");
    }

    static BenchReport report() {
        return new BenchReport(List.of(
                m("landfall", "W1", "train_samples_per_s", 90, 1), m("landfall", "W1", "train_samples_per_s", 100, 1),
                m("landfall", "W1", "train_samples_per_s", 120, 1), m("landfall", "W1", "train_samples_per_s", 80, 2),
                m("pytorch", "W1", "train_samples_per_s", 50, 1), m("pytorch", "W1", "train_samples_per_s", 60, 2),
                m("landfall", "W4-b1", "latency_us", 30, 1), m("landfall", "W4-b1", "latency_us", 40, 2),
                m("onnxruntime", "W4-b1", "latency_us", 25, 1)), List.of("round 2: dl4j exited with status 1"), 3, 1.5, "env");
    }

    @Test
    void mediansBestSettingsAndRatios() {
        BenchReport r = report();
        BenchReport.Cell w1 = r.best("W1", "landfall");
        assertEquals(100, w1.median());
        assertEquals(90, w1.min());
        assertEquals(120, w1.max());
        assertEquals(1, w1.threads());
        assertEquals(100.0 / 60, r.ratio("W1", "pytorch"), 1e-12, "best setting of each: pytorch's 2-thread run");
        assertEquals(25.0 / 30, r.ratio("W4-b1", "onnxruntime"), 1e-12, "latency: lower is better");
        assertTrue(Double.isNaN(r.ratio("W2", "pytorch")));
        String table = r.table();
        assertTrue(table.contains("FAILED: round 2: dl4j exited with status 1"), table);
        assertTrue(table.contains("W1               landfall 100.00 (1 thr) | pytorch 60.00 (2 thr) ×1.67"), table);
    }

    @Test
    void jsonHasTheScriptFormat() throws Exception {
        JsonNode n = new ObjectMapper().readTree(report().toJson());
        JsonNode w1 = n.get("workloads").get(0);
        assertEquals("W1", w1.get("id").asText());
        assertEquals("train_samples_per_s", w1.get("metric").asText());
        assertEquals(100.0, w1.get("landfall").asDouble());
        assertEquals(60.0, w1.get("pytorch").asDouble());
        assertEquals(2, w1.get("threads").get("pytorch").asInt());
        JsonNode w4 = n.get("workloads").get(1);
        assertEquals("W4-b1", w4.get("id").asText());
        assertEquals(25.0, w4.get("onnxruntime").asDouble());
    }

    @Test
    void writesTableJsonAndAPngChart(@TempDir Path dir) throws Exception {
        String line = report().writeAll(dir, null, null);
        byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(dir.resolve("bench.png")), 4);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, head);
        assertEquals(report().table(), Files.readString(dir.resolve("bench.txt")));
        assertEquals(report().toJson(), Files.readString(dir.resolve("bench.json")));
        assertEquals("Wrote " + dir.resolve("bench.txt") + ", " + dir.resolve("bench.json") + " and "
                + dir.resolve("bench.png"), line);
    }
}
