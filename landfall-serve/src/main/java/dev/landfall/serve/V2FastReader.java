package dev.landfall.serve;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A reader for the usual V2 JSON request, straight from its bytes: plain ASCII keys and strings, and
 * numeric {@code data} whose numbers have at most 15 significant digits and a decimal exponent within
 * ±22 — what a float's shortest form, integers and most hand-written numbers are. Such a number is one
 * correctly rounded product or quotient of two exact doubles (Clinger's fast path), so it equals what
 * Jackson's parser gives. Values it does not read itself ({@code parameters}, {@code outputs}, an
 * unusual shape) it hands to Jackson as a slice of the body.
 *
 * <p>Anything else — an escape in a string, a longer number, {@code true} in data, a repeated key, deep
 * nesting, malformed JSON — makes {@link #read} return {@code null}, and the caller reads the whole
 * body with Jackson ({@link V2Codec#streamJackson}), which also words every error. So this class never
 * decides what a request means or which error it gets; {@code V2FastReaderTest} holds it to giving
 * exactly what the Jackson reader gives. Why: W2's request is 784 numbers, and Jackson's number parsing
 * was 27 % of the server's CPU per request.
 */
final class V2FastReader {
    /** Deeper than this, Jackson reads the body (and refuses it past {@link V2Codec#MAX_DEPTH}). */
    private static final int MAX_DEPTH = V2Codec.MAX_DEPTH - 2;
    private static final int MAX_DIGITS = 15;
    private static final int MAX_NUMBER_LENGTH = 100;
    private static final double[] POW10 = new double[23];
    /** One value and nothing after it (the whole body's reader would refuse what followed). */
    private static final ObjectReader SLICE = V2Codec.JSON.readerFor(JsonNode.class)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    static {
        POW10[0] = 1;
        for (int e = 1; e < POW10.length; e++) {
            POW10[e] = POW10[e - 1] * 10; // exact up to 1e22
        }
    }

    /** Thrown to leave the fast path; carries no stack trace. */
    private static final class Leave extends RuntimeException {
        Leave() {
            super(null, null, false, false);
        }
    }

    private static final Leave LEAVE = new Leave();

    private final byte[] b;
    private final int end;
    private int i;
    private int depth;

    private V2FastReader(byte[] json, int length) {
        this.b = json;
        this.end = length;
    }

    /** The request read from {@code json[0, length)}, or {@code null} when Jackson must read it. */
    static V2Codec.Streamed read(byte[] json, int length) {
        try {
            return new V2FastReader(json, length).request();
        } catch (Leave | ServeException e) {
            return null;
        }
    }

    private V2Codec.Streamed request() {
        V2Codec.Streamed out = new V2Codec.Streamed();
        ws();
        open('{');
        Set<String> seen = new HashSet<>();
        if (!close('}')) {
            do {
                String key = key(seen);
                switch (key) {
                    case "inputs" -> out.inputs = inputs();
                    case "id" -> {
                        JsonNode id = peek() == '"' ? text() : tree();
                        out.id = id.isTextual() ? id.asText() : null;
                    }
                    case "parameters" -> out.parameters = tree();
                    case "outputs" -> out.outputs = tree();
                    default -> tree();
                }
            } while (next('}'));
        }
        return out;
    }

    private List<V2Codec.StreamedInput> inputs() {
        open('[');
        List<V2Codec.StreamedInput> out = new ArrayList<>();
        if (!close(']')) {
            do {
                out.add(input());
            } while (next(']'));
        }
        return out;
    }

    private V2Codec.StreamedInput input() {
        ws();
        open('{');
        ObjectNode fields = V2Codec.JSON.createObjectNode();
        double[] numbers = null;
        Set<String> seen = new HashSet<>();
        if (!close('}')) {
            do {
                String key = key(seen);
                switch (key) {
                    case "name", "datatype" -> fields.set(key, peek() == '"' ? text() : tree());
                    case "shape" -> fields.set(key, shape());
                    case "data" -> {
                        String name = fields.path("name").isTextual() ? fields.get("name").asText() : null;
                        String datatype = fields.path("datatype").isTextual() ? fields.get("datatype").asText() : null;
                        if (name != null && datatype != null && TensorData.NUMERIC.contains(datatype)) {
                            numbers = numbers(V2Codec.limit(name, fields.get("shape")));
                        } else {
                            fields.set(key, tree());
                        }
                    }
                    default -> fields.set(key, tree());
                }
            } while (next('}'));
        }
        return new V2Codec.StreamedInput(fields, numbers);
    }

    /** A key of an object (new in it) and its colon; leaves the position at the value. */
    private String key(Set<String> seen) {
        ws();
        String k = plainString();
        if (!seen.add(k)) {
            throw LEAVE;
        }
        ws();
        expect(':');
        ws();
        return k;
    }

    /** Past a value: {@code true} after a comma (another member follows), {@code false} after {@code close}. */
    private boolean next(char close) {
        ws();
        if (peek() == ',') {
            i++;
            return true;
        }
        expect(close);
        depth--;
        return false;
    }

    private void open(char c) {
        expect(c);
        if (++depth > MAX_DEPTH) {
            throw LEAVE;
        }
    }

    /** An empty object or list right after {@link #open}: consumes its close. */
    private boolean close(char c) {
        ws();
        if (peek() == c) {
            i++;
            depth--;
            return true;
        }
        return false;
    }

    private JsonNode text() {
        return V2Codec.JSON.getNodeFactory().textNode(plainString());
    }

    /** A string of printable ASCII without escapes. */
    private String plainString() {
        expect('"');
        int start = i;
        while (i < end && b[i] != '"') {
            if (b[i] < 0x20 || b[i] == '\\' || b[i] > 0x7e) {
                throw LEAVE;
            }
            i++;
        }
        if (i == end) {
            throw LEAVE;
        }
        return new String(b, start, i++ - start, StandardCharsets.ISO_8859_1);
    }

    /** A list of integers as Jackson's tree has them; anything else through Jackson. */
    private JsonNode shape() {
        int start = i;
        try {
            expect('[');
            ArrayNode a = V2Codec.JSON.createArrayNode();
            ws();
            if (peek() == ']') {
                i++;
                return a;
            }
            while (true) {
                ws();
                int from = i;
                if (peek() == '-') {
                    i++;
                }
                int digits = 0;
                long v = 0;
                while (i < end && b[i] >= '0' && b[i] <= '9') {
                    v = v * 10 + (b[i++] - '0');
                    digits++;
                }
                if (digits == 0 || digits > 9 || (digits > 1 && b[i - digits] == '0')) {
                    throw LEAVE;
                }
                a.add((int) (b[from] == '-' ? -v : v));
                ws();
                if (peek() == ']') {
                    i++;
                    return a;
                }
                expect(',');
            }
        } catch (Leave e) {
            i = start;
            return tree();
        }
    }

    /**
     * A numeric input's data (nested lists or one number), flattened row-major. More values than
     * {@code limit} (when ≥ 0) is Jackson's to refuse.
     */
    private double[] numbers(long limit) {
        double[] v = new double[limit >= 0 ? (int) Math.min(limit, 1 << 16) : 64];
        int n = 0;
        int d = 0;
        while (true) {
            ws();
            if (peek() == '[') {
                i++;
                d++;
                if (depth + d > MAX_DEPTH) {
                    throw LEAVE;
                }
                ws();
                if (peek() == ']') {
                    i++;
                    d--;
                } else {
                    continue;
                }
            } else {
                double x = number();
                if (limit >= 0 && n >= limit) {
                    throw LEAVE;
                }
                if (n == v.length) {
                    v = Arrays.copyOf(v, Math.max(16, 2 * n));
                }
                v[n++] = x;
            }
            while (true) { // after a value: close lists until a comma
                if (d == 0) {
                    return n == v.length ? v : Arrays.copyOf(v, n);
                }
                ws();
                int c = peek();
                if (c == ',') {
                    i++;
                    break;
                }
                expect(']');
                d--;
            }
        }
    }

    /** A JSON number within the fast path, as Jackson's {@code getDoubleValue()} gives it. */
    private double number() {
        int start = i;
        boolean negative = peek() == '-';
        if (negative) {
            i++;
        }
        long m = 0;
        int digits = 0;
        int exp = 0;
        int c = peek();
        if (c == '0') {
            i++;
            if (isDigit(peek())) {
                throw LEAVE; // a leading zero
            }
        } else if (c >= '1' && c <= '9') {
            while (isDigit(peek())) {
                m = m * 10 + (b[i++] - '0');
                if (++digits > MAX_DIGITS) {
                    throw LEAVE;
                }
            }
        } else {
            throw LEAVE;
        }
        boolean integer = true;
        if (peek() == '.') {
            integer = false;
            i++;
            if (!isDigit(peek())) {
                throw LEAVE;
            }
            while (isDigit(peek())) {
                int dgt = b[i++] - '0';
                exp--;
                if (m == 0 && dgt == 0) {
                    continue; // a leading zero of the fraction: not significant
                }
                m = m * 10 + dgt;
                if (++digits > MAX_DIGITS) {
                    throw LEAVE;
                }
            }
        }
        c = peek();
        if (c == 'e' || c == 'E') {
            integer = false;
            i++;
            boolean minus = peek() == '-';
            if (minus || peek() == '+') {
                i++;
            }
            if (!isDigit(peek())) {
                throw LEAVE;
            }
            int e = 0;
            while (isDigit(peek())) {
                e = Math.min(1000, e * 10 + (b[i++] - '0'));
            }
            exp += minus ? -e : e;
        }
        if (i - start > MAX_NUMBER_LENGTH) {
            throw LEAVE;
        }
        if (m == 0) {
            return negative && !integer ? -0.0 : 0.0;
        }
        if (exp < -22 || exp > 22) {
            throw LEAVE;
        }
        double x = exp >= 0 ? m * POW10[exp] : m / POW10[-exp];
        return negative ? -x : x;
    }

    /** Any value, read by Jackson from its slice of the body. */
    private JsonNode tree() {
        ws();
        int start = i;
        skipValue();
        try {
            JsonNode n = SLICE.readValue(b, start, i - start);
            if (n == null || n.isMissingNode() || n.isNull()) {
                throw LEAVE;
            }
            return n;
        } catch (java.io.IOException e) {
            throw LEAVE;
        }
    }

    /** Moves past one value: strings with their escapes, lists and objects by their brackets. */
    private void skipValue() {
        int level = 0;
        do {
            int c = peek();
            if (c == '"') {
                i++;
                while (i < end && b[i] != '"') {
                    i += b[i] == '\\' ? 2 : 1;
                }
                if (i >= end) {
                    throw LEAVE;
                }
                i++;
            } else if (c == '[' || c == '{') {
                i++;
                if (depth + ++level > MAX_DEPTH) {
                    throw LEAVE;
                }
            } else if (c == ']' || c == '}') {
                if (level == 0) {
                    throw LEAVE;
                }
                i++;
                level--;
            } else if (c == ',' || c == ':' || isSpace(c)) {
                if (level == 0) {
                    throw LEAVE;
                }
                i++;
            } else {
                int from = i; // a number, true, false or null: Jackson checks which
                while (i < end && isScalar(b[i])) {
                    i++;
                }
                if (i == from) {
                    throw LEAVE;
                }
            }
        } while (level > 0);
    }

    private void expect(char c) {
        if (peek() != c) {
            throw LEAVE;
        }
        i++;
    }

    private int peek() {
        return i < end ? b[i] : -1;
    }

    private void ws() {
        while (i < end && isSpace(b[i])) {
            i++;
        }
    }

    private static boolean isSpace(int c) {
        return c == ' ' || c == '\n' || c == '\r' || c == '\t';
    }

    private static boolean isScalar(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.';
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }
}
