package dev.landfall.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvaluateCommandTest {
    @TempDir
    static Path dir;
    static Path model;

    @BeforeAll
    static void train() throws IOException {
        Path yaml = dir.resolve("bc.yaml");
        Files.writeString(yaml, Cli.breastCancerPipeline("", Cli.BRIEF_MODEL, 3));
        model = dir.resolve("bc.landfall");
        Cli r = Cli.run("train", yaml.toString(), "-o", model.toString());
        assertEquals(0, r.code(), r.err());
    }

    @Test
    void evaluatesRawRowsThroughTheSavedPipeline() {
        Cli r = Cli.run("evaluate", model.toString(), Cli.BREAST_CANCER.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("on 569 examples from breast_cancer.csv"), r.out());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^accuracy: (0\\.\\d{4})$").matcher(r.out());
        assertTrue(m.find(), r.out());
        assertTrue(Double.parseDouble(m.group(1)) > 0.9, r.out());
    }

    @Test
    void csvWithoutTheLabelColumnIsOneLine() throws IOException {
        Path csv = Cli.featuresOnlyCsv(dir.resolve("nolabel.csv"), 0);
        Cli r = Cli.run("evaluate", model.toString(), csv.toString());
        assertEquals(1, r.code());
        assertEquals(1, r.errLines().size(), r.err());
        assertEquals("landfall: nolabel.csv: no label column 'target' to evaluate against (columns: feature_0, "
                + "feature_1, feature_2, feature_3, feature_4, feature_5, feature_6, feature_7, …, feature_28, feature_29 "
                + "(30 columns))", r.errLines().get(0));
    }

    @Test
    void damagedModelIsOneLine() throws IOException {
        Path bad = dir.resolve("damaged.landfall");
        Files.write(bad, java.util.Arrays.copyOf(Files.readAllBytes(model), 1000));
        Cli r = Cli.run("evaluate", bad.toString(), Cli.BREAST_CANCER.toString());
        assertEquals(1, r.code());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().contains("damaged.landfall is not a readable model file"), r.err());
    }
}
