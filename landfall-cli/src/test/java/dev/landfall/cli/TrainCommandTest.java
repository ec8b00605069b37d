package dev.landfall.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad pipelines fail with one line naming the file and key path, exit 1, and leave the output model alone. */
class TrainCommandTest {
    static final byte[] OLD = "an older model that must survive".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;
    Path output;

    @BeforeEach
    void existingModel() throws IOException {
        output = dir.resolve("model.landfall");
        Files.write(output, OLD);
    }

    private Cli train(String yaml) throws IOException {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, yaml);
        return Cli.run("train", file.toString(), "--output", output.toString());
    }

    private void assertFailsWith(Cli r, String expectedLine) throws IOException {
        assertEquals(1, r.code(), r.err());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.errLines().get(0).startsWith("landfall: " + expectedLine), r.errLines().get(0));
        assertArrayEquals(OLD, Files.readAllBytes(output), "the existing model file was overwritten");
    }

    @Test
    void unknownLayerName() throws IOException {
        Cli r = train(Cli.breastCancerPipeline("", Cli.BRIEF_MODEL.replace("- Dense: {units: 64", "- Dence: {units: 64"), 1));
        assertFailsWith(r, "bad.yaml: model.layers[1]: unknown layer 'Dence' (known: ");
        assertTrue(r.err().contains("Dense, "), r.err());
    }

    @Test
    void labelColumnThatDoesNotExist() throws IOException {
        Cli r = train(Cli.breastCancerPipeline("", Cli.BRIEF_MODEL, 1).replace("label: target", "label: diagnosis"));
        assertFailsWith(r, "bad.yaml: data.label: column 'diagnosis' not found (columns: feature_0, feature_1, ");
        assertTrue(r.err().contains("feature_29, target"), r.err());
    }

    @Test
    void inputShapeThatDoesNotFitTheData() throws IOException {
        Cli r = train(Cli.breastCancerPipeline("", "  input_shape: [20]\n" + Cli.BRIEF_MODEL, 1));
        assertFailsWith(r, "bad.yaml: model.input_shape: [20] does not fit the data: after preprocessing each "
                + "example has shape [30]");
    }

    @Test
    void layerThatDoesNotFitItsInput() throws IOException {
        Cli r = train(Cli.breastCancerPipeline("", """
                  layers:
                    - Dense: {units: 8, activation: relu}
                    - Conv2D: {filters: 4, kernel_size: 3}
                    - Dense: {units: 1, activation: sigmoid}
                """, 1));
        assertFailsWith(r, "bad.yaml: model.layers[1]: Conv2D does not fit its input of shape [8]");
    }

    @Test
    void negativeUnits() throws IOException {
        Cli r = train(Cli.breastCancerPipeline("", Cli.BRIEF_MODEL.replace("units: 1,", "units: -3,"), 1));
        assertFailsWith(r, "bad.yaml: model.layers[2].units: expected a positive integer, got -3");
    }

    @Test
    void misspelledLayerArgument() throws IOException {
        Cli r = train(Cli.breastCancerPipeline("", Cli.BRIEF_MODEL.replace("activation: relu}", "activaton: relu}"), 1));
        assertFailsWith(r, "bad.yaml: model.layers[0].activaton: unknown key 'activaton' for Dense (known: ");
    }

    @Test
    void unknownLossNamesTheKnownOnes() throws IOException {
        Cli r = train(Cli.breastCancerPipeline("", Cli.BRIEF_MODEL, 1).replace("binary_crossentropy", "binary_xent"));
        assertFailsWith(r, "bad.yaml: compile.loss: Unknown loss: 'binary_xent'. Known: ");
    }

    @Test
    void dataFileThatIsMissing() throws IOException {
        Cli r = train(Cli.breastCancerPipeline("", Cli.BRIEF_MODEL, 1).replace("breast_cancer.csv", "nope.csv"));
        assertFailsWith(r, "bad.yaml: data.path: no such file or folder: ");
    }

    @Test
    void invalidYaml() throws IOException {
        Cli r = train("data: [unclosed\n");
        assertFailsWith(r, "bad.yaml line ");
    }

    @Test
    void modelCheckpointSavesTheBestModelWithItsPipeline() throws IOException {
        Path best = dir.resolve("best.landfall");
        String yaml = Cli.breastCancerPipeline("", Cli.BRIEF_MODEL, 3).replace("validation: validation}",
                "validation: validation, callbacks: [{model_checkpoint: {path: '" + best + "', monitor: val_loss}}]}");
        Cli r = train(yaml);
        assertEquals(0, r.code(), r.err());
        Cli s = Cli.run("summary", best.toString());
        assertEquals(0, s.code(), s.err());
        assertTrue(s.out().contains("Preprocessing: standard_scaler on 30 columns -> [30] float32"), s.out());
        assertTrue(s.out().contains("Labels (column 'target'): malignant, benign"), s.out());
    }

    @Test
    void trainsEvaluatesAndSavesAValidPipeline() throws IOException {
        Cli r = train(Cli.breastCancerPipeline("", Cli.BRIEF_MODEL, 3));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().matches("(?s).*\\nTest accuracy: 0\\.\\d{4}\\n.*"), r.out());
        assertTrue(r.out().contains("Epoch 3/3"), r.out());
        assertTrue(r.out().contains("Saved the model to " + output), r.out());
        assertTrue(Files.size(output) > 10_000, "a trained model replaces the old file");
    }
}
