package dev.landfall.serve;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.landfall.data.ValueKind;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Open Inference Protocol's (KServe V2) REST encoding: the JSON request and response, and the
 * binary tensor data extension ({@code Inference-Header-Content-Length}, {@code binary_data_size},
 * {@code binary_data} outputs). BYTES elements are UTF-8 strings in JSON, or {@code {"b64": "…"}} for
 * bytes that are not text (images).
 */
final class V2Codec {
    /** Nesting deeper than this is refused by the parser (a request needs about 5). */
    static final int MAX_DEPTH = 32;
    /**
     * Requests are mostly numbers: Jackson's fast double parser (FastDoubleParser, bundled) reads them
     * several times faster than the JDK's, with the same results (correctly rounded).
     */
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();

    static {
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH)
                .maxNumberLength(100).build());
    }

    private V2Codec() {
    }

    /** A parsed inference request. */
    record Request(String id, JsonNode parameters, List<TensorData> inputs, Map<String, Boolean> outputs,
                   boolean binaryOutputs) {
    }

    static JsonNode parseJson(byte[] json, int length) {
        try {
            JsonNode n = JSON.readTree(json, 0, length);
            if (n == null || !n.isObject()) {
                throw ServeException.badRequest("the body must be a JSON object");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw ServeException.badRequest(malformed(e));
        } catch (java.io.IOException e) {
            throw ServeException.badRequest("unreadable body: not JSON text");
        }
    }

    /**
     * Where and why a body is malformed JSON, without Jackson's words: they quote the body around the
     * error, and the body is a client's data ({@code malformed JSON at line 1, column 12}).
     */
    static String malformed(JsonProcessingException e) {
        com.fasterxml.jackson.core.JsonLocation at = e.getLocation();
        String why = ValueKind.malformedJson(e);
        return at == null || at.getLineNr() < 1 ? why : why + " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    }

    /**
     * Parses a body: JSON, or JSON then binary tensor data when {@code headerLength} (the
     * {@code Inference-Header-Content-Length} header) is given.
     */
    static Request parse(byte[] body, String headerLength) {
        int jsonLength = body.length;
        if (headerLength != null) {
            try {
                jsonLength = Integer.parseInt(headerLength.strip());
            } catch (NumberFormatException e) {
                jsonLength = -1;
            }
            if (jsonLength < 0 || jsonLength > body.length) {
                throw ServeException.badRequest("Inference-Header-Content-Length " + headerLength + " does not fit the "
                        + body.length + "-byte body");
            }
        }
        ByteBuffer binary = ByteBuffer.wrap(body, jsonLength, body.length - jsonLength).slice()
                .order(ByteOrder.LITTLE_ENDIAN);
        Streamed root = stream(body, jsonLength);
        if (root.inputs == null) {
            throw ServeException.badRequest("'inputs' must be a list of tensors");
        }
        List<TensorData> in = new ArrayList<>();
        for (int i = 0; i < root.inputs.size(); i++) {
            StreamedInput si = root.inputs.get(i);
            in.add(input(si.fields, i, binary, si.numbers));
        }
        if (binary.hasRemaining()) {
            throw ServeException.badRequest(binary.remaining() + " bytes of binary data are not claimed by any input's "
                    + "binary_data_size");
        }
        Map<String, Boolean> outs = new LinkedHashMap<>();
        JsonNode params = root.parameters == null ? MissingNode.getInstance() : root.parameters;
        boolean binaryAll = params.path("binary_data_output").asBoolean(false);
        JsonNode requested = root.outputs;
        if (requested != null) {
            if (!requested.isArray()) {
                throw ServeException.badRequest("'outputs' must be a list");
            }
            for (JsonNode o : requested) {
                if (!o.path("name").isTextual()) {
                    throw ServeException.badRequest("every requested output needs a 'name'");
                }
                outs.put(o.get("name").asText(), o.path("parameters").path("binary_data").asBoolean(binaryAll));
            }
        }
        return new Request(root.id, params, in, outs, binaryAll);
    }

    /** The request's top level, read as a stream; each input's small fields as a tree, its numbers as an array. */
    static final class Streamed {
        String id;
        JsonNode parameters;
        JsonNode outputs;
        List<StreamedInput> inputs;
    }

    /**
     * One input: name, datatype, shape and parameters (and {@code data}, when it was not read as numbers)
     * in {@code fields}; {@code numbers} holds the values of a numeric input whose name and datatype came
     * before its data — what clients send — read straight from the parser, without a node per value.
     */
    record StreamedInput(ObjectNode fields, double[] numbers) {
    }

    /** The top level: {@link V2FastReader} for the usual request, Jackson's stream for everything else. */
    private static Streamed stream(byte[] json, int length) {
        Streamed fast = V2FastReader.read(json, length);
        return fast != null ? fast : streamJackson(json, length);
    }

    /** The reference reader, also for every request {@link V2FastReader} leaves (and for its tests). */
    static Streamed streamJackson(byte[] json, int length) {
        Streamed out = new Streamed();
        try (JsonParser p = JSON.getFactory().createParser(json, 0, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                p.skipChildren(); // malformed or too deeply nested JSON says so first
                throw ServeException.badRequest("the body must be a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                switch (field) {
                    case "inputs" -> {
                        if (t != JsonToken.START_ARRAY) {
                            throw ServeException.badRequest("'inputs' must be a list of tensors");
                        }
                        out.inputs = new ArrayList<>();
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            out.inputs.add(streamInput(p, out.inputs.size()));
                        }
                    }
                    case "id" -> {
                        out.id = t == JsonToken.VALUE_STRING ? p.getText() : null;
                        p.skipChildren();
                    }
                    case "parameters" -> out.parameters = p.readValueAsTree();
                    case "outputs" -> out.outputs = p.readValueAsTree();
                    default -> p.skipChildren();
                }
            }
            return out;
        } catch (JsonProcessingException e) {
            throw ServeException.badRequest(malformed(e));
        } catch (java.io.IOException e) {
            throw ServeException.badRequest("unreadable body: not JSON text");
        }
    }

    private static StreamedInput streamInput(JsonParser p, int index) throws java.io.IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw ServeException.badRequest("inputs[" + index + "] must be an object with name, shape, datatype, data");
        }
        ObjectNode fields = JSON.createObjectNode();
        double[] numbers = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            String name = fields.path("name").isTextual() ? fields.get("name").asText() : null;
            String datatype = fields.path("datatype").isTextual() ? fields.get("datatype").asText() : null;
            if (field.equals("data") && name != null && datatype != null && TensorData.NUMERIC.contains(datatype)) {
                fields.remove("data");
                numbers = numbers(p, name, datatype, limit(name, fields.get("shape")));
            } else {
                if (field.equals("data")) {
                    numbers = null;
                }
                fields.set(field, p.readValueAsTree());
            }
        }
        return new StreamedInput(fields, numbers);
    }

    /** The element count of a valid shape seen so far, or -1. */
    static long limit(String name, JsonNode shape) {
        if (shape == null || !shape.isArray()) {
            return -1;
        }
        long[] dims = new long[shape.size()];
        for (int i = 0; i < dims.length; i++) {
            if (!shape.get(i).isIntegralNumber() || !shape.get(i).canConvertToLong()) {
                return -1;
            }
            dims[i] = shape.get(i).asLong();
        }
        return TensorData.count(name, dims);
    }

    /**
     * The values of a numeric input's {@code data} (nested lists or one scalar), flattened row-major as
     * the parser meets them; booleans count only for BOOL. Past {@code limit} (when ≥ 0) it stops.
     */
    private static double[] numbers(JsonParser p, String name, String datatype, long limit) throws java.io.IOException {
        double[] v = new double[limit >= 0 ? (int) Math.min(limit, 1 << 16) : 64];
        int n = 0;
        int depth = 0;
        JsonToken t = p.currentToken();
        while (true) {
            if (t == JsonToken.START_ARRAY) {
                depth++;
            } else if (t == JsonToken.END_ARRAY) {
                depth--;
            } else {
                double x;
                if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
                    x = p.getDoubleValue();
                } else if ((t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) && datatype.equals("BOOL")) {
                    x = t == JsonToken.VALUE_TRUE ? 1 : 0;
                } else {
                    // the kind only: the element is the client's data
                    throw ServeException.badRequest("input '" + name + "': element " + n + " is not a number for datatype "
                            + datatype + " (found " + ValueKind.of(t) + ")");
                }
                if (limit >= 0 && n >= limit) {
                    throw ServeException.badRequest("input '" + name + "': 'data' has more elements than its shape ("
                            + limit + ")");
                }
                if (n == v.length) {
                    v = java.util.Arrays.copyOf(v, Math.max(16, 2 * n));
                }
                v[n++] = x;
            }
            if (depth == 0) {
                break;
            }
            t = p.nextToken();
            if (t == null) {
                throw ServeException.badRequest("malformed JSON: the body ends inside input '" + name + "'");
            }
        }
        return n == v.length ? v : java.util.Arrays.copyOf(v, n);
    }

    private static TensorData input(JsonNode t, int index, ByteBuffer binary, double[] numbers) {
        if (!t.isObject()) {
            throw ServeException.badRequest("inputs[" + index + "] must be an object with name, shape, datatype, data");
        }
        String name = t.path("name").isTextual() ? t.get("name").asText() : null;
        if (name == null) {
            throw ServeException.badRequest("inputs[" + index + "] has no 'name'");
        }
        String datatype = t.path("datatype").isTextual() ? t.get("datatype").asText() : null;
        if (datatype == null || !(TensorData.NUMERIC.contains(datatype) || datatype.equals("BYTES"))) {
            throw ServeException.badRequest("input '" + name + "': unknown datatype " + t.path("datatype")
                    + " (expected one of BOOL, INT8…INT64, UINT8…UINT64, FP16, FP32, FP64, BYTES)");
        }
        JsonNode s = t.get("shape");
        if (s == null || !s.isArray()) {
            throw ServeException.badRequest("input '" + name + "' has no 'shape'");
        }
        long[] shape = new long[s.size()];
        for (int i = 0; i < shape.length; i++) {
            if (!s.get(i).canConvertToLong() || !s.get(i).isIntegralNumber()) {
                throw ServeException.badRequest("input '" + name + "': shape must list integers, got " + s);
            }
            shape[i] = s.get(i).asLong();
        }
        long count = TensorData.count(name, shape);
        JsonNode size = t.path("parameters").path("binary_data_size");
        if (!size.isMissingNode()) {
            if (!size.canConvertToInt() || size.asInt() < 0 || size.asInt() > binary.remaining()) {
                throw ServeException.badRequest("input '" + name + "': binary_data_size " + size + " is more than the "
                        + binary.remaining() + " bytes of binary data left");
            }
            ByteBuffer mine = binary.slice().order(ByteOrder.LITTLE_ENDIAN).limit(size.asInt());
            binary.position(binary.position() + size.asInt());
            return fromBinary(name, datatype, shape, count, mine);
        }
        if (numbers != null) {
            if (numbers.length != count) {
                throw ServeException.badRequest("input '" + name + "': shape " + java.util.Arrays.toString(shape)
                        + " needs " + count + " elements, 'data' has " + numbers.length);
            }
            return new TensorData(name, datatype, shape, numbers, null);
        }
        JsonNode data = t.get("data");
        if (data == null) {
            throw ServeException.badRequest("input '" + name + "' has neither 'data' nor binary_data_size");
        }
        List<JsonNode> flat = new ArrayList<>();
        flatten(data, flat, count, name);
        if (flat.size() != count) {
            throw ServeException.badRequest("input '" + name + "': shape " + java.util.Arrays.toString(shape) + " needs "
                    + count + " elements, 'data' has " + flat.size());
        }
        if (datatype.equals("BYTES")) {
            List<byte[]> b = new ArrayList<>(flat.size());
            for (int i = 0; i < flat.size(); i++) {
                b.add(bytes(flat.get(i), name, i));
            }
            return new TensorData(name, datatype, shape, null, b);
        }
        double[] v = new double[flat.size()];
        for (int i = 0; i < v.length; i++) {
            JsonNode e = flat.get(i);
            if (e.isNumber()) {
                v[i] = e.asDouble();
            } else if (e.isBoolean() && datatype.equals("BOOL")) {
                v[i] = e.asBoolean() ? 1 : 0;
            } else {
                throw ServeException.badRequest("input '" + name + "': element " + i + " is not a number for datatype "
                        + datatype + " (found " + ValueKind.of(e) + ")");
            }
        }
        return new TensorData(name, datatype, shape, v, null);
    }

    private static void flatten(JsonNode n, List<JsonNode> out, long limit, String name) {
        if (n.isArray()) {
            for (JsonNode e : n) {
                flatten(e, out, limit, name);
            }
        } else {
            if (out.size() >= limit) {
                throw ServeException.badRequest("input '" + name + "': 'data' has more elements than its shape ("
                        + limit + ")");
            }
            out.add(n);
        }
    }

    private static byte[] bytes(JsonNode e, String name, int index) {
        byte[] b = bytesOrNull(e, name, true);
        if (b != null) {
            return b;
        }
        throw ServeException.badRequest("input '" + name + "': element " + index + " is not a BYTES element (expected "
                + "a string or {\"b64\": …}, found " + ValueKind.of(e) + ")");
    }

    /**
     * A JSON element of a BYTES input (V2's and TF-Serving's): a string as UTF-8, {@code {"b64": …}}
     * decoded, a number (and, with {@code booleans}, true/false) as its text; {@code null} for anything else.
     */
    static byte[] bytesOrNull(JsonNode e, String name, boolean booleans) {
        if (e.isTextual() || e.isNumber() || (booleans && e.isBoolean())) {
            return e.asText().getBytes(StandardCharsets.UTF_8);
        }
        if (e.isObject() && e.path("b64").isTextual()) {
            try {
                return Base64.getDecoder().decode(e.get("b64").asText());
            } catch (IllegalArgumentException ex) {
                throw ServeException.badRequest("input '" + name + "': b64 is not base64");
            }
        }
        return null;
    }

    static TensorData fromBinary(String name, String datatype, long[] shape, long count, ByteBuffer b) {
        if (datatype.equals("BYTES")) {
            List<byte[]> out = new ArrayList<>();
            while (b.hasRemaining()) {
                if (b.remaining() < 4) {
                    throw ServeException.badRequest("input '" + name + "': binary BYTES element " + out.size()
                            + " has a cut length prefix");
                }
                int len = b.getInt();
                if (len < 0 || len > b.remaining()) {
                    throw ServeException.badRequest("input '" + name + "': binary BYTES element " + out.size()
                            + " claims " + len + " bytes, " + b.remaining() + " are left");
                }
                byte[] e = new byte[len];
                b.get(e);
                out.add(e);
                if (out.size() > count) {
                    break;
                }
            }
            if (out.size() != count) {
                throw ServeException.badRequest("input '" + name + "': shape needs " + count + " elements, the binary "
                        + "data holds " + out.size());
            }
            return new TensorData(name, datatype, shape, null, out);
        }
        int width = switch (datatype) {
            case "BOOL", "INT8", "UINT8" -> 1;
            case "INT16", "UINT16", "FP16" -> 2;
            case "INT32", "UINT32", "FP32" -> 4;
            default -> 8;
        };
        if ((long) b.remaining() != count * width) {
            throw ServeException.badRequest("input '" + name + "': " + datatype + " " + java.util.Arrays.toString(shape)
                    + " needs " + count * width + " bytes of binary data, binary_data_size is " + b.remaining());
        }
        double[] v = new double[(int) count];
        for (int i = 0; i < v.length; i++) {
            v[i] = switch (datatype) {
                case "BOOL", "UINT8" -> b.get() & 0xFF;
                case "INT8" -> b.get();
                case "INT16" -> b.getShort();
                case "UINT16" -> b.getShort() & 0xFFFF;
                case "FP16" -> half(b.getShort());
                case "INT32" -> b.getInt();
                case "UINT32" -> b.getInt() & 0xFFFFFFFFL;
                case "FP32" -> b.getFloat();
                case "FP64" -> b.getDouble();
                default -> b.getLong();
            };
        }
        return new TensorData(name, datatype, shape, v, null);
    }

    /** IEEE 754 half precision to a double. */
    private static double half(short h) {
        int sign = (h >> 15) & 1;
        int exp = (h >> 10) & 0x1F;
        int frac = h & 0x3FF;
        double v = exp == 0 ? frac * Math.pow(2, -24) : exp == 31 ? (frac == 0 ? Double.POSITIVE_INFINITY : Double.NaN)
                : (1 + frac / 1024.0) * Math.pow(2, exp - 15);
        return sign == 1 ? -v : v;
    }

    /**
     * A model name, version or path from a request line, fit for a message or a log line: control
     * characters as '?', at most 60 characters. Never for a request's values, which are not shown at all.
     */
    static String abbreviate(String s) {
        s = s.replaceAll("\\p{Cntrl}", "?");
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }

    /** An encoded response: the body, and the JSON header's length when binary outputs follow it (else -1). */
    record Encoded(byte[] body, int jsonLength) {
    }

    /** The response: outputs in the order given, each as JSON data or, where asked, binary data after the JSON. */
    static Encoded response(String model, String version, String id, List<TensorData> outputs,
                            Map<String, Boolean> binary) {
        ObjectNode root = JSON.createObjectNode();
        root.put("model_name", model);
        root.put("model_version", version);
        if (id != null) {
            root.put("id", id);
        }
        ArrayNode outs = root.putArray("outputs");
        ByteArrayOutputStream bin = new ByteArrayOutputStream();
        for (TensorData t : outputs) {
            ObjectNode o = outs.addObject();
            o.put("name", t.name());
            o.put("datatype", t.datatype());
            ArrayNode shape = o.putArray("shape");
            for (long d : t.shape()) {
                shape.add(d);
            }
            if (Boolean.TRUE.equals(binary.get(t.name()))) {
                byte[] b = binaryOf(t);
                o.putObject("parameters").put("binary_data_size", b.length);
                bin.writeBytes(b);
            } else {
                ArrayNode data = o.putArray("data");
                if (t.isBytes()) {
                    t.bytes().forEach(b -> data.add(new String(b, StandardCharsets.UTF_8)));
                } else if (t.datatype().equals("FP32")) {
                    for (double d : t.numbers()) {
                        data.add((float) d);
                    }
                } else {
                    for (double d : t.numbers()) {
                        data.add(d);
                    }
                }
            }
        }
        byte[] json = write(root);
        if (bin.size() == 0) {
            return new Encoded(json, -1);
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream(json.length + bin.size());
        all.writeBytes(json);
        all.writeBytes(bin.toByteArray());
        return new Encoded(all.toByteArray(), json.length);
    }

    static byte[] binaryOf(TensorData t) {
        if (t.isBytes()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (byte[] b : t.bytes()) {
                out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(b.length).array());
                out.writeBytes(b);
            }
            return out.toByteArray();
        }
        boolean fp32 = t.datatype().equals("FP32");
        ByteBuffer b = ByteBuffer.allocate(t.numbers().length * (fp32 ? 4 : 8)).order(ByteOrder.LITTLE_ENDIAN);
        for (double d : t.numbers()) {
            if (fp32) {
                b.putFloat((float) d);
            } else {
                b.putDouble(d);
            }
        }
        return b.array();
    }

    static byte[] write(JsonNode n) {
        try {
            return JSON.writeValueAsBytes(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code {"error": message}}. */
    static byte[] error(String message) {
        ObjectNode n = JSON.createObjectNode();
        n.put("error", message);
        return write(n);
    }
}
