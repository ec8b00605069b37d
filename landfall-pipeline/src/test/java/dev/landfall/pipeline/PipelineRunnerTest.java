package dev.landfall.pipeline;

import dev.landfall.nn.Model;
import dev.landfall.nn.io.LoadedModel;
import dev.landfall.nn.io.ModelFile;
import dev.landfall.nn.layers.Add;
import dev.landfall.nn.predict.Prediction;
import dev.landfall.nn.predict.Predictor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pipeline files end to end: what the runner reads, builds, trains and saves. */
class PipelineRunnerTest {
    static final Path EXAMPLES = Path.of("../examples").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private record Run(PipelineRunner.Result result, String out) {
    }

    private Run run(String yaml) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PipelineSpec spec = PipelineSpec.parse(yaml, "p.yaml", EXAMPLES);
        PipelineRunner.Result r = PipelineRunner.run(spec, PipelineRunner.Options.defaults()
                .output(dir.resolve("m.landfall")).out(new PrintStream(bytes, true, StandardCharsets.UTF_8)));
        return new Run(r, bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void headerlessGzippedCsvWithNamesGiven() {
        StringBuilder names = new StringBuilder("[");
        for (int i = 0; i < 64; i++) {
            names.append("p").append(i).append(", ");
        }
        Run r = run("""
                seed: 3
                data: {path: data/digits.csv.gz, format: csv, header: false, names: %s digit], label: digit,
                       split: {train: 0.8, test: 0.2}}
                preprocessing: [min_max_scaler: {columns: all}]
                model: {layers: [Dense: {units: 32, activation: relu}, Dense: {units: 10, activation: softmax}]}
                compile: {optimizer: {name: adam, learning_rate: 0.01}, loss: sparse_categorical_crossentropy}
                fit: {epochs: 5, verbose: silent}
                """.formatted(names));
        assertTrue(r.out().contains("digits.csv.gz (csv): 1797 rows, 64 feature columns, label 'digit' with 10 classes"),
                r.out());
        assertTrue(r.result().test().get("accuracy") > 0.85, r.out());
    }

    @Test
    void functionalModelWithTwoNamedInputsAResidualAndTwoOutputs() throws IOException {
        Run r = run("""
                seed: 5
                data: {path: data/iris.csv, format: sklearn-csv, split: {train: 0.7, test: 0.3}}
                preprocessing:
                  - standard_scaler: {columns: [feature_0, feature_1], input: sepal}
                  - standard_scaler: {columns: [feature_2, feature_3], input: petal}
                model:
                  type: functional
                  inputs: [sepal, petal]
                  layers:
                    - Concatenate: {name: both, inputs: [sepal, petal]}
                    - Dense: {name: h1, units: 8, activation: relu}
                    - Dense: {name: h2, units: 8, activation: relu}
                    - Add: {name: residual, inputs: [h1, h2]}
                    - Dense: {name: species, units: 3, activation: softmax}
                    - Dense: {name: aux, units: 3, activation: softmax, inputs: [both]}
                  outputs: [species, aux]
                compile: {optimizer: {name: adam, learning_rate: 0.05}, loss: sparse_categorical_crossentropy}
                fit: {epochs: 30, verbose: silent}
                """);
        Model m = r.result().model();
        assertEquals(List.of("sepal", "petal"), m.inputNames());
        assertEquals(List.of("species", "aux"), m.outputNames());
        assertTrue(m.getLayer("residual") instanceof Add);
        assertTrue(r.result().test().get("species_accuracy") > 0.85, r.out());
        LoadedModel saved = ModelFile.load(dir.resolve("m.landfall"));
        assertEquals(List.of("sepal", "petal"), List.copyOf(saved.pipelines().keySet()));
        Predictor p = Predictor.of(saved);
        Prediction setosa = p.predict(Map.of("feature_0", 5.1, "feature_1", 3.5, "feature_2", 1.4, "feature_3", 0.2));
        assertEquals("setosa", setosa.label());
        assertEquals(List.of("species", "aux"), List.copyOf(setosa.outputs().keySet()));
    }

    @Test
    void learningRateScheduleClassWeightsAndCleaning() throws IOException {
        Path csv = dir.resolve("rows.csv");
        StringBuilder sb = new StringBuilder("a,b,y\n");
        for (int i = 0; i < 200; i++) {
            sb.append(i % 17 == 0 ? "" : String.valueOf(i % 10)).append(',').append(i % 7).append(',')
                    .append(i % 10 < 3 ? "rare" : "common").append('\n');
        }
        sb.append("1,1,common\n".repeat(5)); // duplicates
        Files.writeString(csv, sb);
        Run r = run("""
                seed: 1
                data: {path: %s, format: csv, label: y, split: {train: 0.8, test: 0.2}}
                cleaning: {drop_missing: true, drop_duplicates: true}
                model: {layers: [Dense: {units: 4, activation: relu}, Dense: {units: 1, activation: sigmoid}]}
                compile:
                  optimizer:
                    name: sgd
                    learning_rate: {class_name: ExponentialDecay, initial_learning_rate: 0.1, decay_steps: 10,
                                    decay_rate: 0.5}
                  loss: binary_crossentropy
                fit: {epochs: 2, batch_size: 32, verbose: silent, class_weight: {rare: 3.0, common: 1.0}}
                """.formatted(csv));
        assertTrue(r.out().contains("Cleaning: 205 rows in, "), r.out());
        assertTrue(r.out().contains("dropped with missing values") && !r.out().contains("0 dropped with missing"),
                r.out());
        var opt = r.result().model().optimizer();
        assertEquals("ExponentialDecay", opt.schedule().getConfig().get("class_name"));
        assertEquals(0.1 * Math.pow(0.5, opt.iterations() / 10.0), opt.currentLearningRate(), 1e-12);
        var bad = assertThrows(PipelineException.class, () -> run("""
                data: {path: %s, format: csv, label: y, split: {train: 0.8, test: 0.2}}
                model: {layers: [Dense: {units: 1, activation: sigmoid}]}
                compile: {optimizer: sgd, loss: binary_crossentropy}
                fit: {class_weight: {scarce: 2}}
                """.formatted(csv)));
        assertEquals("p.yaml: fit.class_weight.scarce: no class 'scarce' (classes: common, rare)", bad.getMessage());
    }

    @Test
    void scheduleKeysAreCheckedWithTheirPath() {
        var e = assertThrows(PipelineException.class, () -> PipelineSpec.parse("""
                data: {path: data/iris.csv, format: sklearn-csv}
                model: {layers: [Dense: {units: 3}]}
                compile:
                  optimizer: {name: adam, learning_rate: {class_name: ExponentialDecay, initial_learning_rate: 0.1}}
                  loss: sparse_categorical_crossentropy
                """, "p.yaml", EXAMPLES));
        assertEquals("p.yaml: compile.optimizer.learning_rate.decay_steps: required but missing", e.getMessage());
        var f = assertThrows(PipelineException.class, () -> PipelineSpec.parse("""
                data: {path: data/iris.csv, format: sklearn-csv}
                model:
                  type: functional
                  layers: [Dense: {name: a, units: 3, inputs: [nowhere]}]
                compile: {optimizer: adam, loss: sparse_categorical_crossentropy}
                """, "p.yaml", EXAMPLES));
        assertEquals("p.yaml: model.layers[0].inputs[0]: no input or earlier layer named 'nowhere' (known: input)",
                f.getMessage());
    }
}
