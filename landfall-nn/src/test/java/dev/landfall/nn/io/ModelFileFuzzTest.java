package dev.landfall.nn.io;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

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
            ModelFile.load(file(input));
        } catch (ModelFileException expected) {
            // the documented refusal
        }
    }

    @FuzzTest(maxDuration = "5m")
    void safetensors(byte[] input) {
        try {
            SafeTensors.read(input, "fuzz.safetensors");
        } catch (ModelFileException expected) {
            // the documented refusal
        }
    }
}
