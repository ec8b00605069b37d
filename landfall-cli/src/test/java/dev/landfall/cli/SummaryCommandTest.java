package dev.landfall.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** summary on good and damaged model files: a damaged file is one line and exit 1. */
class SummaryCommandTest {
    @TempDir
    Path dir;

    private void assertOneLineFailure(Cli r, String... parts) {
        assertEquals(1, r.code(), r.out() + r.err());
        assertEquals(1, r.errLines().size(), r.err());
        for (String p : parts) {
            assertTrue(r.errLines().get(0).contains(p), "'" + p + "' not in: " + r.errLines().get(0));
        }
        assertTrue(r.errLines().get(0).startsWith("landfall: model.landfall"), r.errLines().get(0));
    }

    @Test
    void showsLayersSignatureAndCompileSettings() {
        Path f = ModelFiles.save(dir.resolve("model.landfall"));
        Cli r = Cli.run("summary", f.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("dense_1 (Dense)"), r.out());
        assertTrue(r.out().contains("Input: input_layer float32 [-1, 4]"), r.out());
        assertTrue(r.out().contains("Compiled: optimizer adam, loss binary_crossentropy"), r.out());
        assertTrue(r.out().contains("Privacy: trained without differential privacy"), r.out());
    }

    @Test
    void truncatedFile() throws IOException {
        Path f = ModelFiles.save(dir.resolve("model.landfall"));
        byte[] all = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(all, all.length / 2));
        assertOneLineFailure(Cli.run("summary", f.toString()), "truncated or not a zip archive");
    }

    @Test
    void editedModelJson() throws IOException {
        Path f = ModelFiles.save(dir.resolve("model.landfall"));
        ModelFiles.editEntry(f, "model.json", b -> ModelFiles.replace(b, "\"sigmoid\"", "\"tanh\""));
        assertOneLineFailure(Cli.run("summary", f.toString()), "model.json does not match its SHA-256");
    }

    @Test
    void editedWeights() throws IOException {
        Path f = ModelFiles.save(dir.resolve("model.landfall"));
        ModelFiles.editEntry(f, "weights.safetensors", b -> {
            byte[] c = b.clone();
            long header = ByteBuffer.wrap(c, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            c[(int) (8 + header + 5)] ^= 0x40;   // a bit of the first tensor's data
            return c;
        });
        assertOneLineFailure(Cli.run("summary", f.toString()), "weights.safetensors does not match its SHA-256");
    }

    @Test
    void newerFormatVersion() throws IOException {
        Path f = ModelFiles.save(dir.resolve("model.landfall"));
        ModelFiles.editEntry(f, "model.json", b -> ModelFiles.replace(b, "\"formatVersion\" : 1", "\"formatVersion\" : 2"));
        assertOneLineFailure(Cli.run("summary", f.toString()), "has format version 2; this Landfall reads at most 1");
    }
}
