package dev.landfall.data.io;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.landfall.data.DataFormatException;
import dev.landfall.data.format.DataFormats;
import dev.landfall.data.format.ReadOptions;
import dev.landfall.data.format.RawData;
import dev.landfall.tensor.DType;
import dev.landfall.tensor.Tensor;

import java.awt.image.BufferedImage;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
            CsvFile.Result r = CsvFile.read("fuzz.csv", new InputStreamReader(new ByteArrayInputStream(input),
                    StandardCharsets.UTF_8), CsvOptions.defaults());
            for (var c : r.table().columns()) {
                assertEquals(r.table().rowCount(), c.size(), "every column has a value per row");
            }
            r.skipped().forEach(LoadersFuzzTest::refused);
        } catch (DataFormatException e) {
            refused(e);
        }
    }

    @FuzzTest(maxDuration = "5m")
    void sklearnCsv(byte[] input) {
        try {
            SklearnCsv.Data d = SklearnCsv.read(file("fuzz.csv", input));
            assertEquals(d.features().dim(0), d.labels().dim(0), "a label per row");
        } catch (DataFormatException e) {
            refused(e);
        }
    }

    @FuzzTest(maxDuration = "5m")
    void idx(byte[] input) {
        try {
            Tensor t = IdxReader.read(file("fuzz.idx", input), DType.FLOAT32);
            assertEquals(DType.FLOAT32, t.dtype());
            assertTrue(t.rank() >= 1, "an IDX file holds at least one dimension");
        } catch (DataFormatException e) {
            refused(e);
        }
    }

    @FuzzTest(maxDuration = "5m")
    void image(byte[] input) {
        try {
            BufferedImage im = ImageFolder.decode(input, "fuzz.png");
            assertTrue(im.getWidth() > 0 && im.getHeight() > 0, "a decoded image has pixels");
        } catch (DataFormatException e) {
            refused(e);
        }
    }

    @FuzzTest(maxDuration = "5m")
    void jsonRecords(byte[] input) {
        try {
            RawData d = DataFormats.get("json").read(file("fuzz.json", input),
                    ReadOptions.defaults().optionalLabel("class"));
            assertEquals(d.table().rowCount(), d.rows().length, "a row number per record");
            assertFalse(d.description().isBlank());
        } catch (DataFormatException e) {
            refused(e);
        }
    }

    /** A refusal says what is wrong: a message, never an empty one. */
    private static void refused(DataFormatException e) {
        assertNotNull(e.getMessage());
        assertFalse(e.getMessage().isBlank(), "a refusal without a message");
    }
}
