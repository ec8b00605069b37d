package dev.landfall.pipeline;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PipelineSpecTest {
    /** The worked example's pipeline on the repository's Breast Cancer file, with {@code epochs}. */
    static String breastCancer(int epochs) {
        return """
                seed: 42
                data:
                  path: data/breast_cancer.csv
                  format: sklearn-csv
                  split: {train: 0.6, validation: 0.2, test: 0.2, seed: 42}
                preprocessing:
                  - standard_scaler: {columns: all}
                model:
                  layers:
                    - Dense: {units: 8, activation: relu}
                    - Dense: {units: 1, activation: sigmoid}
                compile:
                  optimizer: {name: adam, learning_rate: 1e-3}
                  loss: binary_crossentropy
                fit: {epochs: %d, batch_size: 32, validation: validation}
                """.formatted(epochs);
    }

    static PipelineSpec parse(String yaml) {
        return PipelineSpec.parse(yaml, "p.yaml", Path.of("..", "examples").toAbsolutePath().normalize());
    }

    static String message(String yaml) {
        return assertThrows(PipelineException.class, () -> parse(yaml)).getMessage();
    }

    @Test
    void readsTheQuickstartExample() {
        PipelineSpec s = PipelineSpec.read(Path.of("../examples/quickstart.yaml"));
        assertEquals(42L, s.seed());
        assertEquals("sklearn-csv", s.data().format().name());
        assertEquals(0.6, s.data().split().get("train"));
        assertArrayEquals(new int[] {30}, s.model().inputShape());
        assertEquals(3, s.model().layers().size());
        assertEquals("Dense", s.model().layers().get(2).entry().name());
        assertEquals(1e-3, s.compile().learningRate());
        assertEquals("validation", s.fit().validation());
        assertEquals(10, s.fit().epochs());
    }

    /** Every file in examples/ reads and its layers build from their configs, so no example ships broken. */
    @Test
    void everyExampleFileReadsAndItsLayersExist() throws java.io.IOException {
        List<Path> files;
        try (var s = java.nio.file.Files.list(Path.of("../examples"))) {
            files = s.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
        assertTrue(files.size() >= 6, "examples: " + files);
        for (Path f : files) {
            PipelineSpec spec = PipelineSpec.read(f);
            assertEquals(spec.model().layers().size(), ModelBuilder.layers(spec.model()).size(), f.toString());
        }
    }

    @Test
    void exponentNumbersReadAsNumbers() {
        // YAML 1.1 reads 1e-3 as text; a pipeline file means a number
        PipelineSpec s = parse(breastCancer(1));
        assertEquals(0.001, s.compile().learningRate());
    }

    @Test
    void unknownTopLevelKeyListsTheSections() {
        String m = message("modle: {}\n");
        assertEquals("p.yaml: modle: unknown key 'modle' (known: seed, data, cleaning, preprocessing, augmentation, "
                + "model, compile, fit, privacy, output)", m);
    }

    @Test
    void splitFractionsMustAddUpToOne() {
        String m = message(breastCancer(1).replace("test: 0.2", "test: 0.3"));
        assertTrue(m.startsWith("p.yaml: data.split: the fractions must add up to 1"), m);
    }

    @Test
    void validationMustNameASplit() {
        String m = message(breastCancer(1).replace("validation: validation", "validation: val"));
        assertEquals("p.yaml: fit.validation: no split named 'val' in data.split (splits: train, validation, test)", m);
    }

    @Test
    void unknownFormatListsTheFormats() {
        String m = message(breastCancer(1).replace("format: sklearn-csv", "format: xls"));
        assertEquals("p.yaml: data.format: expected one of fashion-mnist, image-folder, idx, json, text-json, "
                + "sklearn-csv, csv, got 'xls'", m);
    }

    @Test
    void epochsMustBePositive() {
        String m = message(breastCancer(0));
        assertEquals("p.yaml: fit.epochs: expected a positive integer, got 0", m);
    }

    @Test
    void reportAndTensorBoardKeys() {
        PipelineSpec plain = parse(breastCancer(1));
        assertEquals("runs", plain.fit().report());
        assertEquals(null, plain.fit().tensorboard());
        PipelineSpec s = parse(breastCancer(1).replace("fit: {epochs: 1,", "fit: {report: false, tensorboard: "
                + "{log_dir: tb, histogram_freq: 2, update_freq: 50}, epochs: 1,"));
        assertEquals(null, s.fit().report());
        assertEquals(new PipelineSpec.TensorBoardSpec("tb", 2, 50), s.fit().tensorboard());
        assertEquals(new PipelineSpec.TensorBoardSpec("logs", 0, 0), parse(breastCancer(1).replace("fit: {epochs: 1,",
                "fit: {report: reports, tensorboard: logs, epochs: 1,")).fit().tensorboard());
        assertEquals(new PipelineSpec.TensorBoardSpec("runs", 0, 1), parse(breastCancer(1).replace("fit: {epochs: 1,",
                "fit: {tensorboard: {update_freq: batch}, epochs: 1,")).fit().tensorboard());
        assertEquals(null, parse(breastCancer(1).replace("fit: {epochs: 1,", "fit: {tensorboard: false, epochs: 1,"))
                .fit().tensorboard());
        assertEquals("p.yaml: fit.tensorboard.update_freq: expected epoch, batch or a number of steps, got 'step'",
                message(breastCancer(1).replace("fit: {epochs: 1,", "fit: {tensorboard: {update_freq: step}, epochs: 1,")));
        assertEquals("p.yaml: fit.tensorboard.histogram_freq: expected a non-negative integer, got -1",
                message(breastCancer(1).replace("fit: {epochs: 1,", "fit: {tensorboard: {log_dir: tb, histogram_freq: -1}, "
                        + "epochs: 1,")));
        assertTrue(message(breastCancer(1).replace("fit: {epochs: 1,", "fit: {tensorboard: {logdir: tb}, epochs: 1,"))
                .startsWith("p.yaml: fit.tensorboard.logdir: unknown key 'logdir'"));
        assertEquals("p.yaml: fit.tensorboard: expected a folder for TensorBoard logs (e.g. runs) or {log_dir, "
                + "histogram_freq, update_freq}, got 3", message(breastCancer(1).replace("fit: {epochs: 1,",
                "fit: {tensorboard: 3, epochs: 1,")));
    }

    @Test
    void imagesTakeNoTablePreprocessing() {
        String yaml = """
                data: {format: fashion-mnist, path: ., split: {train: 1.0}}
                preprocessing: [standard_scaler]
                model: {layers: [Flatten]}
                compile: {optimizer: adam, loss: sparse_categorical_crossentropy}
                """;
        assertTrue(message(yaml).startsWith("p.yaml: preprocessing: preprocessing transforms work on table columns"),
                message(yaml));
    }
}
