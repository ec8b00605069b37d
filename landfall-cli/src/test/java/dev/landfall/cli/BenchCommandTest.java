package dev.landfall.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code landfall bench} end to end on the smallest workload: a child JVM, the table, the JSON, the chart. */
class BenchCommandTest {
    @Test
    void runsAWorkloadInAChildJvmAndWritesTheReport(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"bench", "--workloads", "W5-128x512x784", "--rounds", "1", "--threads", "1",
                "-o", dir.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true,
                StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, text + err.toString(StandardCharsets.UTF_8));
        assertTrue(text.matches("(?s).*W5-128x512x784\\s+gflops\\s+landfall\\s+1\\s+\\d.*"), text);
        String json = Files.readString(dir.resolve("bench.json"));
        assertTrue(json.contains("\"id\" : \"W5-128x512x784\"") && json.contains("\"landfall\" :"), json);
        assertTrue(Files.size(dir.resolve("bench.png")) > 1000);
    }

    @Test
    void unknownWorkloadIsAUsageError() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"bench", "--workloads", "W9"}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(1, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown workload W9"), err.toString(StandardCharsets.UTF_8));
    }
}
