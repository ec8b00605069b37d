package dev.landfall.nn.io;

import dev.landfall.Landfall;
import dev.landfall.data.table.Column;
import dev.landfall.data.table.Table;
import dev.landfall.data.transform.Pipeline;
import dev.landfall.data.transform.StandardScaler;
import dev.landfall.nn.Activations;
import dev.landfall.nn.Losses;
import dev.landfall.nn.Metrics;
import dev.landfall.nn.Optimizers;
import dev.landfall.nn.Sequential;
import dev.landfall.nn.layers.Dense;
import dev.landfall.nn.layers.Input;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Damaged and hostile model files, made from a real one the way an attacker or a fuzzer would: edited
 * entries with the digests recomputed (so the checks behind the digests are reached), a safetensors
 * header that declares a huge tensor, zip bombs. Tests of the loaders and of the CLI use them.
 */
public final class HostileFiles {
    private HostileFiles() {
    }

    /** A small, valid, compiled model file over raw columns a, b, c with labels no, yes. */
    public static Path valid(Path file) {
        Landfall.setSeed(11);
        Table t = Table.of(List.of(Column.numeric("a", 1, 2, 3), Column.numeric("b", 4, 5, 7), Column.numeric("c", 0, 1, 0)));
        Pipeline p = Pipeline.of(new Pipeline.Step(List.of("a", "b", "c"), new StandardScaler())).fit(t);
        Sequential m = Sequential.of(Input.of(3), Dense.of(4, Activations.RELU), Dense.of(1, Activations.SIGMOID));
        m.compile(Optimizers.adam(), Losses.binaryCrossentropy(), Metrics.accuracy());
        ModelFile.save(file, m, SaveOptions.defaults().pipeline(p).labels(List.of("no", "yes")).labelColumn("y"));
        return file;
    }

    /** The entries of a model file, in order. */
    public static Map<String, byte[]> entries(Path file) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                try (InputStream in = zip.getInputStream(e)) {
                    out.put(e.getName(), in.readAllBytes());
                }
            }
        }
        return out;
    }

    /** Writes entries as a zip, recomputing metadata.json's SHA-256 of every other entry. */
    public static Path write(Path file, Map<String, byte[]> entries) throws IOException {
        Map<String, byte[]> all = new LinkedHashMap<>(entries);
        if (all.containsKey(ModelFile.METADATA)) {
            String meta = new String(all.get(ModelFile.METADATA), StandardCharsets.UTF_8);
            for (Map.Entry<String, byte[]> e : all.entrySet()) {
                if (!e.getKey().equals(ModelFile.METADATA)) {
                    meta = meta.replaceFirst("(\"" + java.util.regex.Pattern.quote(e.getKey()) + "\" : \")[0-9a-f]*\"",
                            "$1" + Fingerprints.sha256(e.getValue()) + "\"");
                }
            }
            all.put(ModelFile.METADATA, meta.getBytes(StandardCharsets.UTF_8));
        }
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            for (Map.Entry<String, byte[]> e : all.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return file;
    }

    /** A copy of {@code src} with one text entry edited (digests recomputed). */
    public static Path edited(Path src, Path dst, String entry, UnaryOperator<String> edit) throws IOException {
        Map<String, byte[]> e = entries(src);
        String text = new String(e.get(entry), StandardCharsets.UTF_8);
        String changed = edit.apply(text);
        if (changed.equals(text)) {
            throw new IllegalArgumentException("the edit changed nothing in " + entry);
        }
        e.put(entry, changed.getBytes(StandardCharsets.UTF_8));
        return write(dst, e);
    }

    /** A model file whose weights header declares a tensor of 2^40 bytes (and offsets to match). */
    public static Path hugeTensor(Path src, Path dst) throws IOException {
        Map<String, byte[]> e = entries(src);
        String header = "{\"dense.kernel\":{\"dtype\":\"F32\",\"shape\":[1048576,262144],\"data_offsets\":[0,"
                + (1L << 40) + "]}}";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + 16).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h).put(new byte[16]);
        e.put(ModelFile.WEIGHTS, b.array());
        return write(dst, e);
    }

    /**
     * A zip bomb: model.json inflates to {@code bytes} of spaces (10 GB from about 10 MB). Made from one
     * compressed 1 MiB block repeated (deflate blocks of a repeated byte may follow each other), so it
     * costs seconds, not the minutes deflating 10 GB would. With {@code honest}, the sizes are declared
     * (ZIP64); otherwise the entry claims 1 KB and inflates past it.
     */
    public static Path zipBomb(Path dst, long bytes, boolean honest) throws IOException {
        byte[] block = new byte[1 << 20];
        java.util.Arrays.fill(block, (byte) ' ');
        Deflater d = new Deflater(9, true);
        d.setInput(block);
        byte[] buf = new byte[1 << 16];
        int n = d.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
        byte[] chunk = java.util.Arrays.copyOf(buf, n);
        d.end();
        long blocks = bytes / block.length;
        byte[] last = {0x03, 0x00}; // a final, empty fixed-Huffman block
        long packed = blocks * chunk.length + last.length;
        CRC32 crc = new CRC32();
        if (!honest) {
            crc.update(block, 0, 1024);
        }
        long declared = honest ? bytes : 1024;
        byte[] name = ModelFile.MODEL.getBytes(StandardCharsets.US_ASCII);
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(dst), 1 << 20)) {
            DataOutputStream le = new DataOutputStream(out);
            boolean zip64 = honest;
            // local file header
            intLe(le, 0x04034b50);
            entryFields(le, zip64, crc.getValue(), packed, declared, name.length, zip64 ? 20 : 0);
            le.write(name);
            if (zip64) {
                shortLe(le, 0x0001);
                shortLe(le, 16);
                longLe(le, declared);
                longLe(le, packed);
            }
            for (long i = 0; i < blocks; i++) {
                le.write(chunk);
            }
            le.write(last);
            long cdOffset = 30 + name.length + (zip64 ? 20 : 0) + packed;
            // central directory
            intLe(le, 0x02014b50);
            shortLe(le, zip64 ? 45 : 20); // version made by
            entryFields(le, zip64, crc.getValue(), packed, declared, name.length, zip64 ? 28 : 0);
            shortLe(le, 0);
            shortLe(le, 0);
            shortLe(le, 0);
            intLe(le, 0);
            intLe(le, 0);
            le.write(name);
            if (zip64) {
                shortLe(le, 0x0001);
                shortLe(le, 24);
                longLe(le, declared);
                longLe(le, packed);
                longLe(le, 0);
            }
            long cdSize = 46 + name.length + (zip64 ? 28 : 0);
            if (zip64) {
                long eocd64 = cdOffset + cdSize;
                intLe(le, 0x06064b50);
                longLe(le, 44);
                shortLe(le, 45);
                shortLe(le, 45);
                intLe(le, 0);
                intLe(le, 0);
                longLe(le, 1);
                longLe(le, 1);
                longLe(le, cdSize);
                longLe(le, cdOffset);
                intLe(le, 0x07064b50);
                intLe(le, 0);
                longLe(le, eocd64);
                intLe(le, 1);
            }
            intLe(le, 0x06054b50);
            shortLe(le, 0);
            shortLe(le, 0);
            shortLe(le, 1);
            shortLe(le, 1);
            intLe(le, (int) cdSize);
            intLe(le, zip64 ? -1 : (int) cdOffset);
            shortLe(le, 0);
            le.flush();
        }
        return dst;
    }

    private static void shortLe(DataOutputStream o, int v) throws IOException {
        o.writeByte(v);
        o.writeByte(v >>> 8);
    }

    /**
     * The fields a local header and a central directory entry share, from "version needed" to the extra
     * field's length: deflated, no flags, no time; sizes in the zip64 extra field when {@code zip64}.
     */
    private static void entryFields(DataOutputStream le, boolean zip64, long crc, long packed, long declared,
                                    int nameLength, int extraLength) throws IOException {
        shortLe(le, zip64 ? 45 : 20);
        shortLe(le, 0);
        shortLe(le, 8);
        shortLe(le, 0);
        shortLe(le, 0);
        intLe(le, (int) crc);
        intLe(le, zip64 ? -1 : (int) packed);
        intLe(le, zip64 ? -1 : (int) declared);
        shortLe(le, nameLength);
        shortLe(le, extraLength);
    }

    private static void intLe(DataOutputStream o, int v) throws IOException {
        shortLe(o, v);
        shortLe(o, v >>> 16);
    }

    private static void longLe(DataOutputStream o, long v) throws IOException {
        intLe(o, (int) v);
        intLe(o, (int) (v >>> 32));
    }

    /** An IDX image file whose header claims {@code images} 28x28 images and holds a few bytes. */
    public static Path idxBomb(Path dst, int images) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(b)) {
            out.writeInt(0x00000803);
            out.writeInt(images);
            out.writeInt(28);
            out.writeInt(28);
            out.write(new byte[100]);
        }
        Files.write(dst, b.toByteArray());
        return dst;
    }

    /** A PNG that declares {@code width x height} pixels in its header and holds almost nothing. */
    public static Path pngBomb(Path dst, int width, int height) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 2)
                .put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(b, "IHDR", ihdr.array());
        Deflater d = new Deflater();
        d.setInput(new byte[64]);
        d.finish();
        byte[] z = new byte[256];
        int n = d.deflate(z);
        chunk(b, "IDAT", java.util.Arrays.copyOf(z, n));
        chunk(b, "IEND", new byte[0]);
        Files.write(dst, b.toByteArray());
        return dst;
    }

    private static void chunk(ByteArrayOutputStream b, String type, byte[] data) throws IOException {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        b.write(ByteBuffer.allocate(4).putInt(data.length).array());
        b.write(t);
        b.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        b.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    /**
     * Writes the fuzz seed corpus of {@code ModelFileFuzzTest} into a folder: a valid model file and the
     * hostile ones (modelFile/), and their weights entries (safetensors/). Run once; the outputs are
     * committed: {@code java -cp <nn test classpath> dev.landfall.nn.io.HostileFiles DIR}.
     */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Path models = Files.createDirectories(dir.resolve("modelFile"));
        Path st = Files.createDirectories(dir.resolve("safetensors"));
        Path v = valid(models.resolve("valid.landfall"));
        edited(v, models.resolve("wrong-type.landfall"), ModelFile.MODEL, s -> s.replaceFirst("\"units\" : 4", "\"units\" : true"));
        edited(v, models.resolve("missing-key.landfall"), ModelFile.MODEL, s -> s.replaceFirst("\"class_name\" : \"Dense\",", ""));
        edited(v, models.resolve("number-for-name.landfall"), ModelFile.MODEL,
                s -> s.replaceFirst("\"name\" : \"binary_crossentropy\"", "\"name\" : 5"));
        edited(v, models.resolve("pipeline-disagrees.landfall"), ModelFile.MODEL,
                s -> s.replaceFirst("\"columns\" : \\[ \"a\", \"b\", \"c\" \\]", "\"columns\" : [ \"a\", \"b\" ]"));
        hugeTensor(v, models.resolve("huge-tensor.landfall"));
        zipBomb(models.resolve("lying-zip-bomb.landfall"), 16L << 20, false);
        Files.write(st.resolve("valid.safetensors"), entries(v).get(ModelFile.WEIGHTS));
        Files.write(st.resolve("huge-tensor.safetensors"), entries(models.resolve("huge-tensor.landfall")).get(ModelFile.WEIGHTS));
        Files.write(st.resolve("optimizer.safetensors"), entries(v).get(ModelFile.OPTIMIZER) == null
                ? new byte[8] : entries(v).get(ModelFile.OPTIMIZER));
    }
}
