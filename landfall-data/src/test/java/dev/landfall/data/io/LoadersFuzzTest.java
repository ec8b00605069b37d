package dev.landfall.data.io;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.landfall.data.DataFormatException;
import dev.landfall.data.format.DataFormats;
import dev.landfall.data.format.ReadOptions;
import dev.landfall.tensor.DType;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Coverage-guided fuzz targets for the data readers (Jazzer; docs/fuzzing.md). Each reader may refuse
 * any input, but only with its documented {@link DataFormatException}: anything else — another
 * exception, an exhausted heap, a hang — is a finding. In {@code mvn verify} each target runs its seed
 * corpus and every past finding ({@code src/test/resources/dev/landfall/data/io/LoadersFuzzTestInputs/}).
 */
class LoadersFuzzTest {
    private static Path scratch;

    /** The file readers read from (one per JVM, rewritten by each execution). */
    private static synchronized Path file(String name, byte[] bytes) {
        try {
            if (scratch == null) {
                scratch = Files.createTempDirectory("landfall-fuzz");
                scratch.toFile().deleteOnExit();
            }
            Path f = scratch.resolve(name);
            Files.write(f, bytes);
            f.toFile().deleteOnExit();
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "5m")
    void csv(byte[] input) {
        try {
            CsvFile.read("fuzz.csv", new InputStreamReader(new ByteArrayInputStream(input), StandardCharsets.UTF_8),
                    CsvOptions.defaults());
        } catch (DataFormatException expected) {
            // the documented refusal
        }
    }

    @FuzzTest(maxDuration = "5m")
    void sklearnCsv(byte[] input) {
        try {
            SklearnCsv.read(file("fuzz.csv", input));
        } catch (DataFormatException expected) {
            // the documented refusal
        }
    }

    @FuzzTest(maxDuration = "5m")
    void idx(byte[] input) {
        try {
            IdxReader.read(file("fuzz.idx", input), DType.FLOAT32);
        } catch (DataFormatException expected) {
            // the documented refusal
        }
    }

    @FuzzTest(maxDuration = "5m")
    void image(byte[] input) {
        try {
            ImageFolder.decode(input, "fuzz.png");
        } catch (DataFormatException expected) {
            // the documented refusal
        }
    }

    @FuzzTest(maxDuration = "5m")
    void jsonRecords(byte[] input) {
        try {
            DataFormats.get("json").read(file("fuzz.json", input), ReadOptions.defaults().optionalLabel("class"));
        } catch (DataFormatException expected) {
            // the documented refusal
        }
    }
}
