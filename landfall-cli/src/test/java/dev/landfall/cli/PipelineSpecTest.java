package dev.landfall.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PipelineSpecTest {
    static PipelineSpec parse(String yaml) {
        return PipelineSpec.parse(yaml, "p.yaml", Path.of("..", "examples").toAbsolutePath().normalize());
    }

    static String message(String yaml) {
        return assertThrows(CliException.class, () -> parse(yaml)).getMessage();
    }

    @Test
    void readsTheQuickstartExample() {
        PipelineSpec s = PipelineSpec.read(Path.of("../examples/quickstart.yaml"));
        assertEquals(42L, s.seed());
        assertEquals("sklearn-csv", s.data().format());
        assertEquals(0.6, s.data().split().get("train"));
        assertArrayEquals(new int[] {30}, s.model().inputShape());
        assertEquals(3, s.model().layers().size());
        assertEquals("Dense", s.model().layers().get(2).name());
        assertEquals(1e-3, s.compile().learningRate());
        assertEquals("validation", s.fit().validation());
        assertEquals(10, s.fit().epochs());
    }

    @Test
    void exponentNumbersReadAsNumbers() {
        // YAML 1.1 reads 1e-3 as text; a pipeline file means a number
        PipelineSpec s = parse(Cli.breastCancerPipeline("", Cli.BRIEF_MODEL, 1));
        assertEquals(0.001, s.compile().learningRate());
    }

    @Test
    void unknownTopLevelKeyListsTheSections() {
        String m = message("modle: {}\n");
        assertEquals("p.yaml: modle: unknown key 'modle' (known: seed, data, preprocessing, augmentation, model, "
                + "compile, fit, output)", m);
    }

    @Test
    void splitFractionsMustAddUpToOne() {
        String m = message(Cli.breastCancerPipeline("", Cli.BRIEF_MODEL, 1).replace("test: 0.2", "test: 0.3"));
        assertTrue(m.startsWith("p.yaml: data.split: the fractions must add up to 1"), m);
    }

    @Test
    void validationMustNameASplit() {
        String m = message(Cli.breastCancerPipeline("", Cli.BRIEF_MODEL, 1).replace("validation: validation", "validation: val"));
        assertEquals("p.yaml: fit.validation: no split named 'val' in data.split (splits: train, validation, test)", m);
    }

    @Test
    void unknownFormatListsTheFormats() {
        String m = message(Cli.breastCancerPipeline("", Cli.BRIEF_MODEL, 1).replace("format: sklearn-csv", "format: xls"));
        assertEquals("p.yaml: data.format: expected one of csv, sklearn-csv, idx, fashion-mnist, text-json, "
                + "image-folder, got 'xls'", m);
    }

    @Test
    void epochsMustBePositive() {
        String m = message(Cli.breastCancerPipeline("", Cli.BRIEF_MODEL, 0));
        assertEquals("p.yaml: fit.epochs: expected a positive integer, got 0", m);
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
