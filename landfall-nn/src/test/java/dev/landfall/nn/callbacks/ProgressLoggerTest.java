package dev.landfall.nn.callbacks;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressLoggerTest {
    /** What a terminal shows after the text is written: {@code \r} returns to the line's start and overwrites. */
    private static String screen(String printed) {
        StringBuilder out = new StringBuilder();
        StringBuilder line = new StringBuilder();
        int col = 0;
        for (char c : printed.toCharArray()) {
            if (c == '\r') {
                col = 0;
            } else if (c == '\n') {
                out.append(line).append('\n');
                line.setLength(0);
                col = 0;
            } else {
                if (col < line.length()) {
                    line.setCharAt(col, c);
                } else {
                    line.append(c);
                }
                col++;
            }
        }
        return out.append(line).toString();
    }

    @Test
    void aShorterBarLineLeavesNoStaleCharacters() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressLogger p = new ProgressLogger(new PrintStream(bytes, true, StandardCharsets.UTF_8), true, 1, 2);
        p.onEpochBegin(0, Map.of());
        Map<String, Double> long1 = new LinkedHashMap<>();
        long1.put("loss", 12345.6789);
        long1.put("accuracy", 0.5);
        p.onTrainBatchEnd(0, long1);
        p.onTrainBatchEnd(1, Map.of("loss", 0.1));
        String shown = screen(bytes.toString(StandardCharsets.UTF_8));
        String last = shown.lines().reduce((a, b) -> b).orElseThrow();
        assertTrue(last.strip().endsWith("loss: 0.1000"), "stale text after the short line: '" + last + "'");
        p.onEpochEnd(0, Map.of("loss", 0.1));
        String end = screen(bytes.toString(StandardCharsets.UTF_8)).lines().reduce((a, b) -> b).orElseThrow();
        assertTrue(end.strip().endsWith("loss: 0.1000"), end);
        assertEquals("Epoch 1/1", screen(bytes.toString(StandardCharsets.UTF_8)).lines().findFirst().orElseThrow());
    }
}
