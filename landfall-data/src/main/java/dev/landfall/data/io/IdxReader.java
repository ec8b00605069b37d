package dev.landfall.data.io;

import dev.landfall.data.DataFormatException;
import dev.landfall.tensor.DType;
import dev.landfall.tensor.Tensor;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files (the MNIST family), gzipped or not (detected from the gzip magic bytes). Layout:
 * two zero bytes, a type code (0x08 ubyte, 0x09 byte, 0x0B short, 0x0C int, 0x0D float, 0x0E double),
 * the number of dimensions, each dimension as a big-endian int, then the data, big-endian, row-major.
 *
 * <pre>{@code
 * Tensor images = IdxReader.read(Path.of("train-images-idx3-ubyte.gz"), DType.FLOAT32); // [60000, 28, 28]
 * }</pre>
 */
public final class IdxReader {
    private IdxReader() {
    }

    /**
     * The file's tensor as FLOAT32 or INT32 (unsigned bytes stay 0–255).
     *
     * @throws DataFormatException for a wrong magic number, an unknown type, bad dimensions, or data
     *     that ends early (including truncated gzip)
     */
    public static Tensor read(Path path, DType dtype) {
        if (dtype != DType.FLOAT32 && dtype != DType.INT32) {
            throw new IllegalArgumentException("IdxReader.read: dtype must be FLOAT32 or INT32. Received: " + dtype);
        }
        String name = String.valueOf(path.getFileName());
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
            raw.mark(2);
            int b0 = raw.read(), b1 = raw.read();
            raw.reset();
            InputStream in = b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(raw, 1 << 16) : raw;
            DataInputStream data = new DataInputStream(new BufferedInputStream(in, 1 << 16));
            int magic;
            try {
                magic = data.readInt();
            } catch (EOFException e) {
                throw new DataFormatException(name, -1, -1, null, "the file is empty or shorter than an IDX header");
            }
            if ((magic >>> 16) != 0) {
                throw new DataFormatException(name, -1, -1, null, String.format(
                        "wrong magic number 0x%08X; an IDX file starts with 0x0000 then a type code and a dimension count "
                                + "(e.g. 0x00000803 for images, 0x00000801 for labels)", magic));
            }
            int type = (magic >>> 8) & 0xFF;
            int rank = magic & 0xFF;
            int elemBytes = switch (type) {
                case 0x08, 0x09 -> 1;
                case 0x0B -> 2;
                case 0x0C, 0x0D -> 4;
                case 0x0E -> 8;
                default -> throw new DataFormatException(name, -1, -1, null, String.format(
                        "unknown IDX type code 0x%02X (expected 08, 09, 0B, 0C, 0D or 0E)", type));
            };
            if (rank < 1) {
                throw new DataFormatException(name, -1, -1, null, "an IDX file needs at least one dimension; found 0");
            }
            int[] dims = new int[rank];
            long total = 1;
            for (int i = 0; i < rank; i++) {
                long d = Integer.toUnsignedLong(data.readInt()); // IDX sizes are unsigned 32-bit
                // checked as we go, so the product cannot overflow (and no size alone may exceed a tensor's)
                total = d > Integer.MAX_VALUE - 8L ? -1 : d == 0 || total == 0 ? 0
                        : total > (Integer.MAX_VALUE - 8L) / d ? -1 : total * d;
                if (total < 0) {
                    throw new DataFormatException(name, -1, -1, null, "dimension " + i + " of " + d + " makes more "
                            + "elements than one tensor can hold (2^31 - 9)");
                }
                dims[i] = (int) d;
            }
            if (in == raw && total * elemBytes > Files.size(path) - 4L - 4L * rank) {
                throw new DataFormatException(name, -1, -1, null, "the data ends early: the header announces "
                        + Arrays.toString(dims) + " (" + total * elemBytes + " bytes of data), the file holds "
                        + (Files.size(path) - 4L - 4L * rank));
            }
            int n = (int) total;
            // grown as data arrives (a gzipped file's size says nothing), so a lying header cannot exhaust memory
            int got = 0;
            float[] f = dtype == DType.FLOAT32 ? new float[Math.min(n, 1 << 16)] : null;
            int[] ints = dtype == DType.FLOAT32 ? null : new int[Math.min(n, 1 << 16)];
            try {
                for (; got < n; got++) {
                    double v = readOne(data, type);
                    if (f != null) {
                        if (got == f.length) {
                            f = Arrays.copyOf(f, grow(f.length, n, name));
                        }
                        f[got] = (float) v;
                    } else {
                        if (got == ints.length) {
                            ints = Arrays.copyOf(ints, grow(ints.length, n, name));
                        }
                        ints[got] = (int) v;
                    }
                }
                return f != null ? Tensor.wrap(f, dims) : Tensor.wrap(ints, dims);
            } catch (EOFException e) {
                throw new DataFormatException(name, -1, -1, null, (in == raw ? "" : "truncated gzip data: ")
                        + "the data ends early: the header announces "
                        + Arrays.toString(dims) + " (" + total * elemBytes + " bytes of data), the file holds "
                        + (long) got * elemBytes, e);
            }
        } catch (EOFException | ZipException e) {
            throw new DataFormatException(name, -1, -1, null, "truncated or corrupt gzip data: " + e.getMessage(), e);
        } catch (IOException e) {
            if (String.valueOf(e.getMessage()).contains("Unexpected end of ZLIB")) {
                throw new DataFormatException(name, -1, -1, null, "truncated gzip data (the file ends early)", e);
            }
            throw new UncheckedIOException(name + ": " + e.getMessage(), e);
        }
    }

    /** The next capacity: doubled up to {@code n}, after checking that this JVM can hold it. */
    private static int grow(int current, int n, String name) {
        int next = (int) Math.min(n, 2L * current);
        Runtime r = Runtime.getRuntime();
        long free = r.maxMemory() - (r.totalMemory() - r.freeMemory());
        if (4L * next > free) {
            throw new DataFormatException(name, -1, -1, null, "the data needs " + (4L * n >> 20) + " MB; this JVM can "
                    + "give about " + (free >> 20) + " MB more. Run with a larger -Xmx");
        }
        return next;
    }

    private static double readOne(DataInputStream in, int type) throws IOException {
        return switch (type) {
            case 0x08 -> in.readUnsignedByte();
            case 0x09 -> in.readByte();
            case 0x0B -> in.readShort();
            case 0x0C -> in.readInt();
            case 0x0D -> in.readFloat();
            default -> in.readDouble();
        };
    }
}
