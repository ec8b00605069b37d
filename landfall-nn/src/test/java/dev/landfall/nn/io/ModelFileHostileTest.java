package dev.landfall.nn.io;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every kind of bad model file the fuzzer found gives a {@link ModelFileException} that names the entry
 * and the key path, never another exception, an exhausted heap or a hang.
 */
class ModelFileHostileTest {
    @TempDir
    static Path dir;
    static Path valid;

    @BeforeAll
    static void save() {
        valid = HostileFiles.valid(dir.resolve("valid.landfall"));
    }

    private static String refused(Path f) {
        long start = System.nanoTime();
        String m = assertThrows(ModelFileException.class, () -> ModelFile.load(f)).getMessage();
        assertTrue(System.nanoTime() - start < 2_000_000_000L, "took " + (System.nanoTime() - start) / 1e6 + " ms: " + m);
        return m;
    }

    private static String modelJson(String name, UnaryOperator<String> edit) throws IOException {
        return refused(HostileFiles.edited(valid, dir.resolve(name), ModelFile.MODEL, edit));
    }

    @Test
    void theValidFileLoads() {
        assertEquals(2, ModelFile.load(valid).labels().size());
    }

    @Test
    void aWrongJsonTypeNamesTheKeyPath() throws IOException {
        String m = modelJson("type.landfall", s -> s.replaceFirst("\"units\" : 4", "\"units\" : true"));
        assertEquals("type.landfall: model.json: architecture.layers[1].config.units: expected an integer, got true", m);
        String list = modelJson("list.landfall", s -> s.replaceFirst("\"class_name\" : \"Sequential\"",
                "\"class_name\" : [ \"Sequential\" ]"));
        assertEquals("list.landfall: model.json: architecture.class_name: expected a text value, got a list", list);
    }

    @Test
    void aMissingKeyNamesTheKeyPath() throws IOException {
        String m = modelJson("missing.landfall", s -> s.replaceFirst("\"class_name\" : \"Dense\",", ""));
        assertEquals("missing.landfall: model.json: architecture.layers[1].class_name: required but missing", m);
        String shape = modelJson("shape.landfall", s -> s.replaceFirst("\"shape\" : \\[ 3 \\],", ""));
        assertEquals("shape.landfall: model.json: architecture.layers[0].config.shape: required but missing", shape);
    }

    @Test
    void aNumberWhereANameBelongs() throws IOException {
        String m = modelJson("number.landfall", s -> s.replaceFirst("\"name\" : \"binary_crossentropy\"", "\"name\" : 5"));
        assertEquals("number.landfall: model.json: compile.loss.*.name: expected a text value, got 5", m);
        String opt = modelJson("opt.landfall", s -> s.replaceFirst("\"beta_1\" : 0.9", "\"beta_1\" : \"high\""));
        assertEquals("opt.landfall: model.json: compile.optimizer.beta_1: expected a number, got 'high'", opt);
    }

    @Test
    void aPipelineThatDisagreesWithTheModel() throws IOException {
        String m = modelJson("pipeline.landfall", s -> s.replaceFirst("\"columns\" : \\[ \"a\", \"b\", \"c\" \\]",
                "\"columns\" : [ \"a\", \"b\" ]"));
        assertEquals("pipeline.landfall: model.json: pipeline.steps[0].transform: standard_scaler was fitted on 3 "
                + "columns but reads 2", m);
        String labels = modelJson("labels.landfall", s -> s.replaceFirst("\"labels\" : \\[ \"no\", \"yes\" \\]",
                "\"labels\" : [ \"a\", \"b\", \"c\" ]"));
        assertEquals("labels.landfall: model.json: labels: 3 labels but the output 'dense_1' gives 1 value(s) per "
                + "example", labels);
    }

    @Test
    void aSafetensorsHeaderThatLies() throws IOException {
        String m = refused(HostileFiles.hugeTensor(valid, dir.resolve("huge.landfall")));
        assertTrue(m.startsWith("huge.landfall/weights.safetensors: tensor 'dense.kernel' of shape [1048576,262144] has "
                + "more elements than one tensor can hold"), m);
    }

    @Test
    void zipBombsAreRefusedBeforeTheyInflate() throws IOException {
        String honest = refused(HostileFiles.zipBomb(dir.resolve("bomb.landfall"), 10L << 30, true));
        assertTrue(honest.startsWith("bomb.landfall: the entry model.json declares 10737418240 bytes, more than the "
                + "limit"), honest);
        String lying = refused(HostileFiles.zipBomb(dir.resolve("liar.landfall"), 64L << 20, false));
        assertEquals("liar.landfall: the entry model.json holds more than the 1024 bytes it declares", lying);
        Files.delete(dir.resolve("bomb.landfall"));
        Files.delete(dir.resolve("liar.landfall"));
    }

    @Test
    void truncatedOrForeignFilesAreModelFileErrors() throws IOException {
        byte[] all = Files.readAllBytes(valid);
        Path half = Files.write(dir.resolve("half.landfall"), java.util.Arrays.copyOf(all, all.length / 2));
        assertTrue(refused(half).startsWith("half.landfall is not a readable model file"), refused(half));
        Path text = Files.writeString(dir.resolve("text.landfall"), "hello");
        assertTrue(refused(text).startsWith("text.landfall is not a readable model file"));
    }
}
