package dev.landfall.data.format;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Reads the first bytes of a file, through gzip when it is gzipped, for the formats' {@code sniff}. */
final class Sniff {
    private Sniff() {
    }

    /** Up to {@code n} leading bytes (decompressed when the file starts with the gzip magic); empty on any error. */
    static byte[] head(Path path, int n) {
        if (!Files.isRegularFile(path)) {
            return new byte[0];
        }
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(path))) {
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            InputStream in = b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(raw) : raw;
            return in.readNBytes(n);
        } catch (IOException | RuntimeException e) {
            return new byte[0];
        }
    }

    /** The file's bytes, decompressed when it starts with the gzip magic. */
    static InputStream open(Path path) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        return b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(raw, 1 << 16) : raw;
    }

    /** Up to {@code n} leading lines (of the first 64 KB), decoded as UTF-8 without a BOM, stripped. */
    static String[] firstLines(Path path, int n) {
        String s = new String(head(path, 1 << 16), java.nio.charset.StandardCharsets.UTF_8);
        if (s.startsWith("\uFEFF")) {
            s = s.substring(1);
        }
        return s.lines().limit(n).map(String::strip).toArray(String[]::new);
    }

    /** The file name in lower case. */
    static String name(Path path) {
        Path f = path.getFileName();
        return f == null ? "" : f.toString().toLowerCase(java.util.Locale.ROOT);
    }
}
