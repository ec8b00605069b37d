package dev.landfall.nn.io;

import dev.landfall.nn.Memory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.ZipEntry;

/**
 * The limits a model file is read within, checked before anything is decompressed or allocated, so a
 * hostile file (a zip bomb, a header that declares a huge tensor) is refused in milliseconds with a
 * message instead of exhausting the JVM. Each can be raised with a system property.
 *
 * <ul>
 *   <li>{@code landfall.model.maxEntryBytes}: the largest entry, uncompressed (default and most: 2 GiB − 16,
 *       what one Java array holds);</li>
 *   <li>{@code landfall.model.maxRatio}: the largest compression ratio of an entry of more than 1 MiB
 *       (default 200; weights compress about 1.1:1, JSON about 10:1, a zip bomb 1,000:1);</li>
 *   <li>entries, declared sizes and the weights' bytes are also held against the memory this JVM can
 *       still give ({@code Runtime.maxMemory()} less what is in use).</li>
 * </ul>
 */
public final class ModelFileLimits {
    private static final long ARRAY_MAX = Integer.MAX_VALUE - 16;

    private ModelFileLimits() {
    }

    static long maxEntryBytes() {
        return Math.min(ARRAY_MAX, Long.getLong("landfall.model.maxEntryBytes", ARRAY_MAX));
    }

    static long maxRatio() {
        return Long.getLong("landfall.model.maxRatio", 200);
    }

    static long available() {
        return Memory.available();
    }

    static long megabytes(long bytes) {
        return bytes >> 20;
    }

    /**
     * Checks an entry's declared sizes before it is read; returns its uncompressed size.
     *
     * @param before the uncompressed bytes of the entries read so far
     */
    static long checkEntry(ZipEntry e, String what, long before) {
        long size = e.getSize();
        long packed = e.getCompressedSize();
        if (size > maxEntryBytes()) {
            throw new ModelFileException(what + ": the entry " + e.getName() + " declares " + size + " bytes, more than "
                    + "the limit of " + maxEntryBytes() + " (landfall.model.maxEntryBytes)");
        }
        if (size > (1 << 20) && packed > 0 && size / packed > maxRatio()) {
            throw new ModelFileException(what + ": the entry " + e.getName() + " expands " + size / packed + " times ("
                    + packed + " bytes to " + size + "), more than the limit of " + maxRatio() + " (landfall.model.maxRatio); "
                    + "a model file does not compress that well");
        }
        if (size > 0 && before + size > available()) {
            throw new ModelFileException(what + ": the entry " + e.getName() + " needs " + megabytes(size) + " MB; this "
                    + "JVM can give about " + megabytes(available()) + " MB more. Run with a larger -Xmx");
        }
        return Math.max(0, size);
    }

    /**
     * Reads an entry, never more than its declared size (or the limit when the size is not declared), and
     * never past the compression-ratio limit.
     */
    static byte[] readEntry(InputStream in, ZipEntry e, String what) throws IOException {
        long declared = e.getSize();
        long cap = declared >= 0 ? declared : maxEntryBytes();
        long packed = Math.max(1, e.getCompressedSize());
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(cap, 1 << 16));
        byte[] buf = new byte[1 << 16];
        long total = 0;
        for (int n; (n = in.read(buf)) > 0; ) {
            total += n;
            if (total > cap) {
                throw new ModelFileException(what + ": the entry " + e.getName() + " holds more than the " + cap
                        + " bytes it declares");
            }
            if (total > (1 << 20) && total / packed > maxRatio()) {
                throw new ModelFileException(what + ": the entry " + e.getName() + " expands more than " + maxRatio()
                        + " times (landfall.model.maxRatio); a model file does not compress that well");
            }
            out.write(buf, 0, n);
        }
        if (declared >= 0 && total != declared) {
            throw new ModelFileException(what + ": the entry " + e.getName() + " holds " + total + " bytes but declares "
                    + declared);
        }
        return out.toByteArray();
    }
}
