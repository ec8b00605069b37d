package dev.landfall.nn.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.landfall.tensor.DType;
import dev.landfall.tensor.Tensor;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safetensors format: an 8-byte little-endian header length, a JSON header mapping each name to
 * {@code dtype}, {@code shape} and {@code data_offsets} (relative to the end of the header), an
 * optional {@code __metadata__} map of strings, then the raw little-endian data with no holes or
 * overlaps. Reading checks all of that, and caps the header size.
 */
public final class SafeTensors {
    /** The largest header a reader accepts (the reference implementation uses 100 MB). */
    public static final long MAX_HEADER = 100L << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private SafeTensors() {
    }

    /** What a file holds. */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {
    }

    /** Serializes tensors (in map order) and string metadata. */
    public static byte[] write(Map<String, Tensor> tensors, Map<String, String> metadata) {
        ObjectNode header = JSON.createObjectNode();
        if (metadata != null && !metadata.isEmpty()) {
            ObjectNode m = header.putObject("__metadata__");
            metadata.forEach(m::put);
        }
        List<byte[]> blobs = new ArrayList<>();
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            if (e.getKey().equals("__metadata__")) {
                throw new IllegalArgumentException("safetensors: '__metadata__' is reserved and cannot name a tensor");
            }
            Tensor t = e.getValue();
            byte[] data = bytes(t);
            ObjectNode entry = header.putObject(e.getKey());
            entry.put("dtype", code(t.dtype()));
            var shape = entry.putArray("shape");
            for (int d : t.shape().toArray()) {
                shape.add(d);
            }
            entry.putArray("data_offsets").add(offset).add(offset + data.length);
            offset += data.length;
            blobs.add(data);
        }
        byte[] h = header.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (h.length + 7) / 8 * 8; // pad with spaces so data starts 8-byte aligned
        ByteArrayOutputStream out = new ByteArrayOutputStream(8 + padded + (int) offset);
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
        out.writeBytes(h);
        out.writeBytes(" ".repeat(padded - h.length).getBytes(StandardCharsets.US_ASCII));
        for (byte[] b : blobs) {
            out.writeBytes(b);
        }
        return out.toByteArray();
    }

    /**
     * Parses a safetensors file.
     *
     * @param what the file name used in error messages
     * @throws ModelFileException for a short file, an oversized or malformed header, an unknown dtype,
     *         offsets with holes, overlaps or beyond the data, or a size that does not fit the shape
     */
    public static Contents read(byte[] file, String what) {
        if (file.length < 8) {
            throw new ModelFileException(what + ": too short for a safetensors file (" + file.length + " bytes)");
        }
        long headerLen = ByteBuffer.wrap(file, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (headerLen < 2 || headerLen > MAX_HEADER || headerLen > file.length - 8) {
            throw new ModelFileException(what + ": header length " + headerLen + " is impossible for a file of "
                    + file.length + " bytes (limit " + MAX_HEADER + ")");
        }
        JsonNode header;
        try {
            header = JSON.readTree(new String(file, 8, (int) headerLen, StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new ModelFileException(what + ": the header is not valid JSON: " + e.getMessage(), e);
        }
        if (header == null || !header.isObject()) {
            throw new ModelFileException(what + ": the header is not a JSON object");
        }
        int dataStart = 8 + (int) headerLen;
        long dataLen = file.length - (long) dataStart;
        Map<String, String> metadata = new LinkedHashMap<>();
        List<long[]> ranges = new ArrayList<>();
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = header.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (f.getKey().equals("__metadata__")) {
                if (!f.getValue().isObject()) {
                    throw new ModelFileException(what + ": __metadata__ must be a mapping of strings");
                }
                f.getValue().fields().forEachRemaining(m -> {
                    if (!m.getValue().isTextual()) {
                        throw new ModelFileException(what + ": __metadata__." + m.getKey() + " must be a string");
                    }
                    metadata.put(m.getKey(), m.getValue().asText());
                });
                continue;
            }
            tensors.put(f.getKey(), tensor(file, dataStart, dataLen, f.getKey(), f.getValue(), ranges, what));
        }
        ranges.sort((a, b) -> Long.compare(a[0], b[0]));
        long expected = 0;
        for (long[] r : ranges) {
            if (r[0] != expected) {
                throw new ModelFileException(what + ": tensor data " + (r[0] > expected ? "has a hole" : "overlaps")
                        + " at byte " + Math.min(r[0], expected) + " of the data section");
            }
            expected = r[1];
        }
        if (expected != dataLen) {
            throw new ModelFileException(what + ": " + (dataLen - expected) + " bytes after the last tensor are not described "
                    + "by the header");
        }
        return new Contents(tensors, metadata);
    }

    private static Tensor tensor(byte[] file, int dataStart, long dataLen, String name, JsonNode spec, List<long[]> ranges,
                                 String what) {
        if (!spec.isObject()) {
            throw new ModelFileException(what + ": tensor '" + name + "' must be a mapping of dtype, shape and data_offsets");
        }
        JsonNode dt = spec.get("dtype");
        JsonNode shapeNode = spec.get("shape");
        JsonNode off = spec.get("data_offsets");
        if (dt == null || !dt.isTextual() || shapeNode == null || off == null || !shapeNode.isArray() || !off.isArray()
                || off.size() != 2) {
            throw new ModelFileException(what + ": tensor '" + name + "' needs dtype, shape and data_offsets [begin, end]");
        }
        DType dtype = dtype(dt.asText(), name, what);
        int[] shape = new int[shapeNode.size()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            JsonNode di = shapeNode.get(i);
            long d = di.isIntegralNumber() && di.canConvertToLong() ? di.asLong() : -1;
            if (d < 0 || d > Integer.MAX_VALUE) {
                throw new ModelFileException(what + ": tensor '" + name + "' has an invalid shape " + shapeNode);
            }
            shape[i] = (int) d;
            // checked before any array is made: a lying header must not ask for more than one tensor holds
            count = d == 0 || count == 0 ? 0 : count > (Integer.MAX_VALUE - 8) / d ? -1 : count * d;
            if (count < 0) {
                throw new ModelFileException(what + ": tensor '" + name + "' of shape " + shapeNode + " has more "
                        + "elements than one tensor can hold (2^31 - 9)");
            }
        }
        long begin = off.get(0).isIntegralNumber() && off.get(0).canConvertToLong() ? off.get(0).asLong() : -1;
        long end = off.get(1).isIntegralNumber() && off.get(1).canConvertToLong() ? off.get(1).asLong() : -1;
        if (begin < 0 || end < begin || end > dataLen) {
            throw new ModelFileException(what + ": tensor '" + name + "' has data_offsets " + off + " outside the "
                    + dataLen + "-byte data section");
        }
        if (end - begin != count * dtype.byteSize()) {
            throw new ModelFileException(what + ": tensor '" + name + "' of shape " + shapeNode + " and dtype " + dt.asText()
                    + " needs " + count * dtype.byteSize() + " bytes but its offsets span " + (end - begin));
        }
        ranges.add(new long[] {begin, end});
        ByteBuffer b = ByteBuffer.wrap(file, dataStart + (int) begin, (int) (end - begin)).order(ByteOrder.LITTLE_ENDIAN);
        int n = (int) count;
        return switch (dtype) {
            case FLOAT32 -> {
                float[] v = new float[n];
                b.asFloatBuffer().get(v);
                yield Tensor.fromArray(v, shape);
            }
            case FLOAT64 -> {
                double[] v = new double[n];
                b.asDoubleBuffer().get(v);
                yield Tensor.fromArray(v, shape);
            }
            case INT32 -> {
                int[] v = new int[n];
                b.asIntBuffer().get(v);
                yield Tensor.fromArray(v, shape);
            }
            case INT8 -> {
                byte[] v = new byte[n];
                b.get(v);
                yield Tensor.fromArray(v, shape);
            }
            case BOOL -> {
                boolean[] v = new boolean[n];
                for (int i = 0; i < n; i++) {
                    v[i] = b.get() != 0;
                }
                yield Tensor.fromArray(v, shape);
            }
        };
    }

    private static byte[] bytes(Tensor t) {
        int n = t.size();
        ByteBuffer b = ByteBuffer.allocate(n * t.dtype().byteSize()).order(ByteOrder.LITTLE_ENDIAN);
        switch (t.dtype()) {
            case FLOAT32 -> b.asFloatBuffer().put(t.toFloatArray());
            case FLOAT64 -> b.asDoubleBuffer().put(t.toDoubleArray());
            case INT32 -> b.asIntBuffer().put(t.toIntArray());
            case INT8 -> {
                for (int v : t.toIntArray()) {
                    b.put((byte) v);
                }
            }
            case BOOL -> {
                for (boolean v : t.toBooleanArray()) {
                    b.put((byte) (v ? 1 : 0));
                }
            }
        }
        return b.array();
    }

    static String code(DType d) {
        return switch (d) {
            case FLOAT32 -> "F32";
            case FLOAT64 -> "F64";
            case INT32 -> "I32";
            case INT8 -> "I8";
            case BOOL -> "BOOL";
        };
    }

    private static DType dtype(String code, String name, String what) {
        return switch (code) {
            case "F32" -> DType.FLOAT32;
            case "F64" -> DType.FLOAT64;
            case "I32" -> DType.INT32;
            case "I8" -> DType.INT8;
            case "BOOL" -> DType.BOOL;
            default -> throw new ModelFileException(what + ": tensor '" + name + "' has dtype " + code
                    + ", which Landfall does not read (F32, F64, I32, I8, BOOL)");
        };
    }
}
