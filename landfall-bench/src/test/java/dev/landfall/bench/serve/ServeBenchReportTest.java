package dev.landfall.bench.serve;

import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The serving benchmark's arithmetic and scripts, without a server: ratios, medians, /proc parsing, Lua. */
class ServeBenchReportTest {
    static ServeBench.Measured run(double perSecond, double p99Ms, long non2xx) {
        return new ServeBench.Measured(new Wrk.Run((long) (perSecond * 10), 10, 1000, 2000, p99Ms * 1e3, 1200, non2xx, 0,
                0, 1.0), 1.5, 0.1, 1.7);
    }

    @Test
    void ratiosAreMediansAcrossRounds() {
        ServeBench.Options o = new ServeBench.Options(Path.of("."), Path.of("target/x"), 30, 5, 3, 64, 0, 42,
                new PrintStream(OutputStream.nullOutputStream()));
        ServeBenchReport r = new ServeBenchReport(o);
        double[] batched = {6000, 7000, 6500};
        double[] single = {3000, 3400, 3200};
        double[] ort = {5000, 5300, 5100};
        double[] grpc = {10000, 9000, 9800};
        for (int round = 1; round <= 3; round++) {
            r.peak(round, "w2", "landfall", run(batched[round - 1], 30, 0));
            r.peak(round, "w2", "landfall --max-batch 1", run(single[round - 1], 30, 0));
            r.peak(round, "w2", "onnxruntime", run(ort[round - 1], 30, 0));
            r.half(round, "w2", 3250, run(3200, round == 2 ? 9 : 4, round == 3 ? 2 : 0));
            r.grpc(round, "w2", run(grpc[round - 1], 10, 0));
        }
        Map<String, Double> m = r.ratios().get("w2");
        assertEquals(6500.0 / 3200, m.get("batching_on_vs_off"), 1e-12);
        assertEquals(6500.0 / 5100, m.get("landfall_vs_onnxruntime"), 1e-12);
        assertEquals(9800.0 / 6500, m.get("grpc_raw_vs_rest_json"), 1e-12);
        assertEquals(4.0, m.get("half_peak_p99_ms"), 1e-12, "the median round's p99");
        assertEquals(2.0, m.get("half_peak_non2xx"), "errors are summed, not medians");
        String table = r.table();
        assertTrue(table.contains("6500 (6000–7000)"), table);
        assertTrue(table.contains("batching on/off ×2.03"), table);
    }

    @Test
    void procStatFieldsSurviveSpacesInTheCommandName() {
        // pid (comm) state ppid ... utime(14) stime(15) cutime(16) cstime(17)
        String line = "4242 (bash -c x) S 1 2 3 4 5 6 7 8 9 10 150 50 700 300 20 0 1 0";
        assertEquals(10.0, ProcStat.childrenCpuSeconds(line), 1e-9);
    }

    @Test
    void thePacedScriptDrawsItsPausesAndCounts503() {
        String paced = Wrk.script(Path.of("/tmp/body.json"), 9, true);
        assertTrue(paced.contains("math.random(0, 18)"), paced);
        assertTrue(paced.contains("if status == 503"), paced);
        String peak = Wrk.script(Path.of("/tmp/body.json"), 0, false);
        assertTrue(!peak.contains("function delay") && !peak.contains("function response"), peak);
        assertTrue(peak.contains("RESULT {"), peak);
    }
}
