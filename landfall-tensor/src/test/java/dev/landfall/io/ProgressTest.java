package dev.landfall.io;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What {@link Progress} prints: nothing for quick work, one line off a terminal, a redrawn line on one. */
class ProgressTest {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void quickWorkPrintsNothing() {
        try (Progress p = new Progress(out, "Evaluating", 10, "examples", true, 10_000)) {
            p.advance(10);
        }
        try (Progress p = new Progress(out, "Evaluating", 10, "examples", false, 10_000)) {
            p.advance(10);
        }
        assertEquals("", printed());
    }

    @Test
    void slowWorkOffATerminalIsOneLineAtTheEnd() throws InterruptedException {
        try (Progress p = new Progress(out, "Evaluating", 100, "examples", false, 20)) {
            p.advance(60);
            Thread.sleep(300);
            assertEquals("", printed(), "nothing while the work runs");
            p.advance(40);
        }
        assertTrue(printed().matches("Evaluating: 100 examples in \\d+\\.\\d s\\R"), printed());
    }

    @Test
    void slowWorkOnATerminalRedrawsABarAndEndsTheLine() throws InterruptedException {
        try (Progress p = new Progress(out, "Writing the report", 100, "examples", true, 20)) {
            p.advance(50);
            Thread.sleep(350);
        }
        String s = printed();
        assertTrue(s.matches("(?s)\\rWriting the report: 50/100 examples ━{10} {10} \\d+\\.\\d s.*"
                + "\\rWriting the report: 50 examples in \\d+\\.\\d s *\\R"), s);
    }

    @Test
    void unknownTotalsShowTheTime() throws InterruptedException {
        try (Progress p = new Progress(out, "Reading the data", -1, "", true, 20)) {
            Thread.sleep(300);
        }
        assertTrue(printed().startsWith("\rReading the data: 0."), printed());
        assertTrue(printed().matches("(?s).*\\rReading the data: \\d+\\.\\d s\\s*\\R$"), printed());
    }

    @Test
    void noneIsSilent() {
        Progress.NONE.advance(5);
        Progress.NONE.close();
        assertEquals("", printed());
    }
}
