package dev.landfall.cli;

import org.junit.jupiter.api.Test;

import java.util.logging.Level;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MainTest {
    @Test
    void unknownCommandIsAUsageErrorWithExitCode2() {
        Cli r = Cli.run("trian", "x.yaml");
        assertEquals(2, r.code());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().startsWith("landfall: "), r.err());
    }

    @Test
    void missingArgumentIsAUsageError() {
        Cli r = Cli.run("evaluate", "model.landfall");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("DATA"), r.err());
    }

    @Test
    void noCommandIsAUsageError() {
        Cli r = Cli.run();
        assertEquals(2, r.code());
        assertTrue(r.err().contains("missing a command"), r.err());
    }

    @Test
    void helpListsTheCommandsAndSucceeds() {
        Cli r = Cli.run("--help");
        assertEquals(0, r.code());
        for (String c : new String[] {"quickstart", "train", "evaluate", "predict", "summary", "datasets"}) {
            assertTrue(r.out().contains(c), c + " missing from: " + r.out());
        }
    }

    @Test
    void failureIsOneLineAndExit1WithoutDebug() {
        Cli r = Cli.run("summary", "no-such.landfall");
        assertEquals(1, r.code());
        assertEquals(1, r.errLines().size(), r.err());
        assertEquals("landfall: no-such.landfall: no such model file", r.errLines().get(0));
    }

    @Test
    void debugAddsTheStackTrace() {
        Cli r = Cli.run("summary", "no-such.landfall", "--debug");
        assertEquals(1, r.code());
        assertEquals("landfall: no-such.landfall: no such model file", r.errLines().get(0));
        assertTrue(r.err().contains("\tat dev.landfall."), r.err());
    }

    @Test
    void noCommandListsEveryCommand() {
        Cli r = Cli.run();
        assertTrue(r.err().contains("missing a command: quickstart, train, distill, evaluate, report, predict, summary, privacy, audit, sign, verify, datasets, serve, bench, "
                + "version, help"), r.err());
    }

    @Test
    void helpAndVersionAreCommandsToo() {
        Cli help = Cli.run("help", "predict");
        assertEquals(0, help.code(), help.err());
        assertTrue(help.out().contains("Usage: landfall predict"), help.out());
        Cli version = Cli.run("version");
        assertEquals(0, version.code(), version.err());
        assertEquals(Cli.run("--version").out(), version.out());
        assertTrue(version.out().startsWith("landfall "), version.out());
    }

    @Test
    void theKernelChoiceIsLoggedOnlyWhenAsked() {
        Logger kernels = Logger.getLogger("dev.landfall.kernels");
        Cli.run("version");
        assertEquals(Level.WARNING, kernels.getLevel(), "a fallback still warns; the choice itself is quiet");
        Cli.run("version", "--verbose");
        assertEquals(Level.INFO, kernels.getLevel());
        Cli.run("summary", "x.landfall", "--debug");
        assertEquals(Level.INFO, kernels.getLevel());
        Cli.run("version");
    }

    @Test
    void userFacingTextNamesTheWorkedExampleNotTheBrief() {
        Cli r = Cli.run("--help");
        assertTrue(!r.out().toLowerCase(java.util.Locale.ROOT).contains("brief"), r.out());
        assertTrue(r.out().contains("binary classifier"), r.out());
    }

    @Test
    void multiLineMessagesBecomeOneLine() {
        assertEquals("a b c", Main.oneLine("a\n  b\r\nc\n"));
    }
}
