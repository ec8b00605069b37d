package dev.landfall.data.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.landfall.data.DataFormatException;
import dev.landfall.tensor.DType;
import dev.landfall.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
    @TempDir
    Path dir;

    static byte[] images() {
        ByteBuffer b = ByteBuffer.allocate(4 + 12 + 2 * 2 * 3);
        b.putInt(0x00000803).putInt(2).putInt(2).putInt(3);
        for (int i = 0; i < 12; i++) {
            b.put((byte) (i * 20));
        }
        return b.array();
    }

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(out)) {
            g.write(raw);
        }
        return out.toByteArray();
    }

    @Test
    void readsPlainAndGzippedFiles() throws IOException {
        Path plain = Files.write(dir.resolve("img.idx"), images());
        Path gz = Files.write(dir.resolve("img.idx.gz"), gzip(images()));
        Tensor a = IdxReader.read(plain, DType.FLOAT32);
        Tensor b = IdxReader.read(gz, DType.INT32);
        assertArrayEquals(new int[] {2, 2, 3}, a.shape().toArray());
        assertEquals(220f, a.toFloatArray()[11]); // 11·20 = 220: unsigned
        assertArrayEquals(new int[] {0, 20, 40, 60, 80, 100, 120, 140, 160, 180, 200, 220}, b.toIntArray());
    }

    @Test
    void wrongMagicNumberIsAnError() throws IOException {
        byte[] bad = images();
        bad[0] = 0x1F; // not gzip either: 0x1F 0x00
        Path p = Files.write(dir.resolve("bad.idx"), bad);
        var e = assertThrows(DataFormatException.class, () -> IdxReader.read(p, DType.INT32));
        assertTrue(e.getMessage().startsWith("bad.idx: wrong magic number 0x1F000803"), e.getMessage());
    }

    @Test
    void truncatedGzipIsAnError() throws IOException {
        byte[] gz = gzip(images());
        Path p = Files.write(dir.resolve("cut.idx.gz"), Arrays.copyOf(gz, gz.length - 12));
        var e = assertThrows(DataFormatException.class, () -> IdxReader.read(p, DType.INT32));
        assertTrue(e.getMessage().startsWith("cut.idx.gz: truncated"), e.getMessage());
    }

    @Test
    void dataShorterThanTheHeaderSaysIsAnError() throws IOException {
        Path p = Files.write(dir.resolve("short.idx"), Arrays.copyOf(images(), 20));
        var e = assertThrows(DataFormatException.class, () -> IdxReader.read(p, DType.INT32));
        assertEquals("short.idx: the data ends early: the header announces [2, 2, 3] (12 bytes of data), the file "
                + "holds 4", e.getMessage());
    }
}
