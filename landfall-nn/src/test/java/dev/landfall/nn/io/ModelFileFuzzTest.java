package dev.landfall.nn.io;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.landfall.tensor.Tensor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Coverage-guided fuzz targets for the model file and its safetensors entries (Jazzer;
 * docs/fuzzing.md): any input may be refused, but only with a {@link ModelFileException}. The seed
 * corpus ({@code src/test/resources/dev/landfall/nn/io/ModelFileFuzzTestInputs/}) holds a real model
 * file, the hostile ones of {@link HostileFiles} and every past finding; {@code mvn verify} runs them.
 */
class ModelFileFuzzTest {
    private static Path scratch;

    private static synchronized Path file(byte[] bytes) {
        try {
            if (scratch == null) {
                scratch = Files.createTempDirectory("landfall-fuzz");
                scratch.toFile().deleteOnExit();
            }
            Path f = scratch.resolve("fuzz.landfall");
            Files.write(f, bytes);
            f.toFile().deleteOnExit();
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "5m")
    void modelFile(byte[] input) {
        try {
            LoadedModel m = ModelFile.load(file(input));
            assertNotNull(m.model());
            for (Tensor w : m.model().stateDict().values()) { // the loader refuses non-finite weights
                for (double v : w.toDoubleArray()) {
                    assertTrue(Double.isFinite(v), "a loaded weight is finite");
                }
            }
        } catch (ModelFileException e) {
            refused(e);
        }
    }

    @FuzzTest(maxDuration = "5m")
    void safetensors(byte[] input) {
        try {
            SafeTensors.Contents c = SafeTensors.read(input, "fuzz.safetensors");
            c.tensors().forEach((name, t) -> assertNotNull(t, name));
            assertNotNull(c.metadata());
        } catch (ModelFileException e) {
            refused(e);
        }
    }

    /** A refusal says what is wrong: a message, never an empty one. */
    private static void refused(ModelFileException e) {
        assertNotNull(e.getMessage());
        assertFalse(e.getMessage().isBlank(), "a refusal without a message");
    }
}
