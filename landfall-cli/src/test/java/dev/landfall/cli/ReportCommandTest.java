package dev.landfall.cli;

import dev.landfall.report.ReportFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code landfall train} writes a run report (and TensorBoard logs when asked); {@code landfall report} one for a saved model. */
class ReportCommandTest {
    @TempDir
    static Path dir;
    static Path model;
    static Cli trained;

    @BeforeAll
    static void train() throws IOException {
        Path yaml = dir.resolve("bc.yaml");
        Files.writeString(yaml, Cli.breastCancerPipeline("", Cli.BRIEF_MODEL, 3)
                .replace("fit: {epochs: 3,", "fit: {tensorboard: runs, epochs: 3,"));
        model = dir.resolve("models").resolve("bc.landfall");
        trained = Cli.run("train", yaml.toString(), "-o", model.toString());
        assertEquals(0, trained.code(), trained.err());
    }

    /** The run folders under the model's runs/. */
    static List<Path> runs() throws IOException {
        try (Stream<Path> s = Files.list(model.resolveSibling("runs"))) {
            return s.sorted().toList();
        }
    }

    @Test
    void trainWritesTheReportAndTheTensorBoardLogsIntoOneRunFolderBesideTheModel() throws IOException {
        List<Path> runs = runs().stream().filter(p -> p.getFileName().toString().startsWith("bc-2")).toList();
        assertEquals(1, runs.size(), runs.toString());
        Path run = runs.get(0);
        assertTrue(run.getFileName().toString().matches("bc-\\d{8}-\\d{6}"), run.toString());
        Path page = run.resolve("report.html");
        assertTrue(trained.out().contains("Report: " + page + " (7 pictures, "), trained.out());
        assertEquals(List.of("curve_loss.png", "curve_accuracy.png", "learning_rate.png", "confusion_counts.png",
                "confusion_normalized.png", "roc.png", "precision_recall.png"), ReportFiles.check(page));
        String html = Files.readString(page);
        // the test split has 114 rows: its class balance and the classification report's support agree
        assertTrue(html.contains("Test split: 114 examples"), html);
        int total = 0;
        for (String c : List.of("malignant", "benign")) {
            List<List<String>> rows = ReportFiles.rows(html, c);
            // the class balance (train, validation, test), the per-class scores, and for the positive class
            // (benign) its ROC AUC and average precision
            assertEquals(c.equals("benign") ? List.of(3, 4, 2) : List.of(3, 4), rows.stream().map(List::size).toList(), c);
            assertEquals(rows.get(0).get(2), rows.get(1).get(3), c + ": test rows = support");
            total += Integer.parseInt(rows.get(1).get(3));
        }
        assertEquals(114, total);
        try (Stream<Path> s = Files.list(run.resolve("train"))) {
            assertTrue(s.anyMatch(f -> f.getFileName().toString().startsWith("events.out.tfevents.")));
        }
        assertTrue(Files.isDirectory(run.resolve("validation")));
    }

    @Test
    void reportWritesTheEvaluationPagesOfASavedModel() throws IOException {
        Path out = dir.resolve("bc-report");
        Cli r = Cli.run("report", model.toString(), Cli.BREAST_CANCER.toString(), "-o", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Evaluated bc.landfall on 569 examples from breast_cancer.csv"), r.out());
        assertEquals(List.of("confusion_counts.png", "confusion_normalized.png", "roc.png", "precision_recall.png"),
                ReportFiles.check(out.resolve("report.html")));
        String html = Files.readString(out.resolve("report.html"));
        // the accuracy of the classification report is the one evaluate prints
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^accuracy: (0\\.\\d{4})$").matcher(r.out());
        assertTrue(m.find(), r.out());
        assertEquals(m.group(1), ReportFiles.row(html, "accuracy").get(2));
        assertEquals("569", ReportFiles.row(html, "accuracy").get(3));
        assertTrue(html.contains("Metrics saved with the model"), html);
    }

    @Test
    void reportWithoutLabelsIsOneLine() throws IOException {
        Path csv = Cli.featuresOnlyCsv(dir.resolve("nolabel.csv"), 0);
        Cli r = Cli.run("report", model.toString(), csv.toString(), "-o", dir.resolve("never").toString());
        assertEquals(1, r.code());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.errLines().get(0).startsWith("landfall: nolabel.csv: no label column 'target'"), r.err());
        assertFalse(Files.exists(dir.resolve("never")));
    }

    @Test
    void noReportWritesNone() throws IOException {
        Path yaml = dir.resolve("quiet.yaml");
        Files.writeString(yaml, Cli.breastCancerPipeline("", Cli.BRIEF_MODEL, 1));
        Path quiet = dir.resolve("quiet").resolve("q.landfall");
        Cli r = Cli.run("train", yaml.toString(), "-o", quiet.toString(), "--no-report");
        assertEquals(0, r.code(), r.err());
        assertFalse(r.out().contains("Report:"), r.out());
        assertFalse(Files.exists(quiet.resolveSibling("runs")));
    }

    @Test
    void aBadReportKeyNamesItsPath() throws IOException {
        Path yaml = dir.resolve("badreport.yaml");
        Files.writeString(yaml, Cli.breastCancerPipeline("", Cli.BRIEF_MODEL, 1)
                .replace("fit: {epochs: 1,", "fit: {report: 3, epochs: 1,"));
        Cli r = Cli.run("train", yaml.toString(), "-o", dir.resolve("bad.landfall").toString());
        assertEquals(1, r.code());
        assertEquals("landfall: " + yaml.getFileName() + ": fit.report: expected a folder for run reports (e.g. runs) "
                + "or false, got 3", r.errLines().get(0).replace(yaml.toString(), yaml.getFileName().toString()));
    }
}
