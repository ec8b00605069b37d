package dev.landfall.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CI does not call ./landfall, so the quickstart runs here in-process (issue 6's acceptance). */
class QuickstartCommandTest {
    @Test
    void quickstartBeatsTheBriefAndReloadsIdentically(@TempDir Path dir) {
        Path model = dir.resolve("quickstart.landfall");
        Cli r = Cli.run("quickstart", "--output", model.toString());
        assertEquals(0, r.code(), r.err());
        Matcher m = Pattern.compile("(?m)^Test accuracy: (0\\.\\d{4})$").matcher(r.out());
        assertTrue(m.find(), r.out());
        double acc = Double.parseDouble(m.group(1));
        assertTrue(acc >= 0.95, "test accuracy " + acc + " (the brief reports 0.92)");
        assertTrue(r.out().contains("Epoch 10/10"), r.out());
        Matcher split = Pattern.compile("Split, stratified, seed 42: train (\\d+), validation (\\d+), test (\\d+)")
                .matcher(r.out());
        assertTrue(split.find(), r.out());
        int train = Integer.parseInt(split.group(1));
        int test = Integer.parseInt(split.group(3));
        assertEquals(569, train + Integer.parseInt(split.group(2)) + test);
        assertEquals(341, train, "60% of 569");
        assertTrue(r.out().matches("(?s).*Reloaded .*quickstart\\.landfall: identical predictions on all " + test
                + " test examples.*"), r.out());
        assertTrue(Files.isRegularFile(model));
    }
}
