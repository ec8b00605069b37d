package dev.landfall.cli;

import dev.landfall.report.ReportFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code predict} and {@code evaluate} print byte for byte what they printed before the path from raw
 * records to predictions moved from the CLI into the library ({@code Predictor}, the format registry,
 * the pipeline runner). The expected outputs were recorded by {@code golden/make-golden.sh} with the
 * code before the move; the models are trained here the same way, with the same seeds. One change since
 * was made on purpose: {@code evaluate} names its figures {@code loss:} and {@code accuracy:} (as Keras's
 * evaluate does), no longer {@code Test loss:}, since its data need not be a test set.
 */
class GoldenOutputTest {
    static final Path GOLDEN = Path.of("src/test/resources/golden").toAbsolutePath();
    static final Path EXAMPLES = Path.of("../examples").toAbsolutePath().normalize();

    @TempDir
    static Path dir;

    @BeforeAll
    static void train() {
        train(EXAMPLES.resolve("quickstart.yaml"), "quickstart.landfall");
        train(EXAMPLES.resolve("sentiment.yaml"), "sentiment.landfall");
        train(GOLDEN.resolve("fashion-small.yaml"), "fashion.landfall");
    }

    private static void train(Path yaml, String model) {
        Cli r = Cli.run("train", yaml.toString(), "-o", dir.resolve(model).toString());
        assertEquals(0, r.code(), r.err());
    }

    /**
     * Each example's run report: every picture a valid PNG of its stated size, only files of the run
     * folder referenced; the image model shows its mistakes as images, the text model as sentences.
     */
    @Test
    void everyExampleLeavesARunReport() throws IOException {
        List<String> common = List.of("curve_loss.png", "curve_accuracy.png", "learning_rate.png", "confusion_counts.png",
                "confusion_normalized.png", "roc.png", "precision_recall.png");
        for (String stem : List.of("quickstart", "sentiment", "fashion-small")) {
            List<Path> runs;
            try (var s = Files.list(dir.resolve("runs"))) {
                runs = s.filter(p -> p.getFileName().toString().startsWith(stem + "-2")).toList();
            }
            assertEquals(1, runs.size(), stem + ": " + runs);
            Path page = runs.get(0).resolve("report.html");
            List<String> want = new ArrayList<>(common);
            if (stem.equals("fashion-small")) {
                want.add("misclassified.png");
            }
            assertEquals(want, ReportFiles.check(page), stem);
            String html = Files.readString(page);
            assertEquals(stem.equals("sentiment"), html.contains("<h3>Most confidently wrong</h3>"), stem);
            assertTrue(html.contains("<h2>Test split: "), stem);
        }
    }

    private static void same(String golden, String... args) throws IOException {
        Cli r = Cli.run(args);
        assertEquals(0, r.code(), r.err());
        assertEquals(Files.readString(GOLDEN.resolve(golden), StandardCharsets.UTF_8), r.out(), golden);
    }

    private static String model(String name) {
        return dir.resolve(name).toString();
    }

    private static String golden(String file) {
        return GOLDEN.resolve(file).toString();
    }

    @Test
    void quickstartModel() throws IOException {
        String data = EXAMPLES.resolve("data/breast_cancer.csv").toString();
        same("quickstart-predict-sklearn.out", "predict", model("quickstart.landfall"), data);
        same("quickstart-predict-csv.out", "predict", model("quickstart.landfall"), golden("bc-rows.csv"));
        same("quickstart-predict-json.out", "predict", model("quickstart.landfall"), golden("bc-records.json"));
        same("quickstart-evaluate.out", "evaluate", model("quickstart.landfall"), data);
    }

    @Test
    void sentimentModel() throws IOException {
        same("sentiment-predict.out", "predict", model("sentiment.landfall"), golden("sentences.json"));
        same("sentiment-evaluate.out", "evaluate", model("sentiment.landfall"),
                EXAMPLES.resolve("data/sentiment/yelp.json").toString());
    }

    @Test
    void fashionMnistModel() throws IOException {
        String images = golden("fashion-test-images-idx3-ubyte.gz");
        same("fashion-predict.out", "predict", model("fashion.landfall"), images, "--format", "idx");
        same("fashion-evaluate.out", "evaluate", model("fashion.landfall"), images, "--format", "idx", "--labels",
                golden("fashion-test-labels-idx1-ubyte.gz"));
    }
}
