package dev.landfall.serve;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** {@link V2FastReader} against the reference, Jackson's reader: the same request or no answer at all. */
class V2FastReaderTest {
    @Test
    void readsTheUsualRequestAsJacksonDoes() {
        String body = "{\"id\": \"r-1\", \"inputs\": [{\"name\": \"x\", \"datatype\": \"FP32\", \"shape\": [2, 3], "
                + "\"data\": [[1, -2.5, 0.1], [3e2, -0.0, 1.0E-5]]}], \"outputs\": [{\"name\": \"label\"}], "
                + "\"parameters\": {\"binary_data_output\": false}}";
        V2Codec.Streamed fast = same(body);
        assertNotNull(fast, "the usual request takes the fast path");
        assertEquals("r-1", fast.id);
        assertArrayEquals(new double[] {1, -2.5, 0.1, 300, -0.0, 1e-5}, fast.inputs.get(0).numbers());
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(fast.inputs.get(0).numbers()[4]));
        assertEquals("[2,3]", fast.inputs.get(0).fields().get("shape").toString());
        assertEquals("{\"binary_data_output\":false}", fast.parameters.toString());
    }

    @Test
    void leavesWhatItDoesNotReadToJackson() {
        for (String data : List.of("[0.10000000149011612]", "[1e23]", "[true]", "[\"1\"]", "[01]", "[1.]", "[1,]",
                "[1 2]", "[NaN]", "[-]", "[1e]")) {
            String body = "{\"inputs\": [{\"name\": \"x\", \"datatype\": \"FP32\", \"shape\": [1], \"data\": " + data + "}]}";
            assertNull(same(body), data);
        }
        assertNull(same("{\"id\": \"a\\\"b\", \"inputs\": []}"), "an escape");
        assertNull(same("{\"inputs\": [], \"inputs\": []}"), "a repeated key");
        assertNull(same("{\"inputs\": [{\"name\": \"x\", \"datatype\": \"FP32\", \"shape\": [1], \"data\": 1\"a\"}]}"));
        assertNull(same("{\"inputs\": [], \"parameters\": 1[}"));
        assertNull(same("{\"inputs\": [{\"name\": \"x\", \"datatype\": \"FP32\", \"shape\": [1], \"data\": [1, 2]}]}"),
                "more values than the shape: Jackson's message");
        assertNull(same("{\"inputs\": [{\"name\": \"x\", \"datatype\": \"FP32\", \"shape\": [1], \"data\": "
                + "[".repeat(40) + "1" + "]".repeat(40) + "}]}"), "deep nesting");
    }

    @Test
    void generatedRequestsAndTheirMutantsReadTheSame() {
        SplittableRandom r = new SplittableRandom(7);
        int fastValid = 0;
        int fastMutants = 0;
        for (int k = 0; k < 400; k++) {
            boolean plain = k % 2 == 0;
            String body = request(r, plain);
            V2Codec.Streamed s = same(body);
            if (plain) {
                assertNotNull(s, () -> "plain numbers take the fast path: " + body);
                fastValid++;
            }
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            for (int m = 0; m < 40; m++) {
                if (same(mutate(r, b)) != null) {
                    fastMutants++;
                }
            }
        }
        assertEquals(200, fastValid);
        assertTrue(fastMutants > 1000, "mutants the fast path still reads: " + fastMutants);
    }

    /**
     * Asserts the fast reader gives what Jackson gives (or leaves it); returns the fast reader's answer.
     */
    static V2Codec.Streamed same(String body) {
        return same(body.getBytes(StandardCharsets.UTF_8));
    }

    static V2Codec.Streamed same(byte[] body) {
        V2Codec.Streamed fast = V2FastReader.read(body, body.length);
        if (fast == null) {
            return null;
        }
        V2Codec.Streamed ref;
        try {
            ref = V2Codec.streamJackson(body, body.length);
        } catch (ServeException e) {
            fail("the fast reader read what Jackson refuses (" + e.getMessage() + "): "
                    + new String(body, StandardCharsets.UTF_8));
            return null;
        }
        String shown = new String(body, StandardCharsets.UTF_8);
        assertEquals(ref.id, fast.id, shown);
        assertEquals(ref.parameters, fast.parameters, shown);
        assertEquals(ref.outputs, fast.outputs, shown);
        assertEquals(ref.inputs == null, fast.inputs == null, shown);
        if (ref.inputs != null) {
            assertEquals(ref.inputs.size(), fast.inputs.size(), shown);
            for (int i = 0; i < ref.inputs.size(); i++) {
                assertEquals(ref.inputs.get(i).fields(), fast.inputs.get(i).fields(), shown);
                double[] a = ref.inputs.get(i).numbers();
                double[] b = fast.inputs.get(i).numbers();
                assertTrue(Arrays.equals(a, b), () -> shown + ": " + Arrays.toString(a) + " vs " + Arrays.toString(b));
            }
        }
        return fast;
    }

    /** A request of 1–3 inputs with members in any order; {@code plain}: numbers the fast path reads. */
    private static String request(SplittableRandom r, boolean plain) {
        List<String> top = new ArrayList<>();
        List<String> inputs = new ArrayList<>();
        int n = 1 + r.nextInt(3);
        for (int t = 0; t < n; t++) {
            if (!plain && r.nextInt(4) == 0) {
                inputs.add("{\"name\": \"text\", \"datatype\": \"BYTES\", \"shape\": [1], \"data\": [\"a \\\"b\\\" \\u00e9\"]}");
                continue;
            }
            int rows = 1 + r.nextInt(3);
            int cols = 1 + r.nextInt(6);
            StringBuilder data = new StringBuilder("[");
            for (int i = 0; i < rows; i++) {
                data.append(i == 0 ? "" : ",").append(ws(r)).append('[');
                for (int j = 0; j < cols; j++) {
                    data.append(j == 0 ? "" : "," + ws(r)).append(number(r, plain));
                }
                data.append(']');
            }
            data.append(']');
            List<String> members = new ArrayList<>(List.of("\"name\": \"in" + t + "\"",
                    "\"datatype\": \"" + (r.nextBoolean() ? "FP32" : "FP64") + "\"",
                    "\"shape\":" + ws(r) + "[" + rows + "," + ws(r) + cols + "]"));
            if (r.nextInt(3) == 0) {
                members.add("\"parameters\": {\"content_type\": \"raw\"}");
            }
            Collections.shuffle(members, new java.util.Random(r.nextLong()));
            members.add(r.nextInt(members.size() + 1), "\"data\":" + ws(r) + data);
            inputs.add("{" + ws(r) + String.join("," + ws(r), members) + ws(r) + "}");
        }
        top.add("\"inputs\": [" + String.join(", ", inputs) + "]");
        if (r.nextBoolean()) {
            top.add("\"id\": \"req-" + r.nextInt(1000) + "\"");
        }
        if (r.nextBoolean()) {
            top.add("\"outputs\": [{\"name\": \"label\", \"parameters\": {\"binary_data\": false}}]");
        }
        if (r.nextBoolean()) {
            top.add("\"parameters\": {\"binary_data_output\": " + r.nextBoolean() + "}");
        }
        Collections.shuffle(top, new java.util.Random(r.nextLong()));
        return ws(r) + "{" + ws(r) + String.join("," + ws(r), top) + ws(r) + "}" + ws(r);
    }

    private static String number(SplittableRandom r, boolean plain) {
        float f = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(-6, 7)));
        return switch (r.nextInt(plain ? 6 : 8)) {
            case 0 -> Float.toString(f);
            case 1 -> Integer.toString(r.nextInt(-100_000, 100_000));
            case 2 -> String.format(Locale.ROOT, "%.4e", f);
            case 3 -> String.format(Locale.ROOT, "%.6f", f);
            case 4 -> r.nextBoolean() ? "-0.0" : "0";
            case 5 -> String.format(Locale.ROOT, "%.3E", f); // 1.234E+05: a signed exponent
            case 6 -> Double.toString(r.nextGaussian()); // 16–17 digits: Jackson's
            default -> Double.toString(r.nextDouble() * 1e30);
        };
    }

    private static String ws(SplittableRandom r) {
        return switch (r.nextInt(6)) {
            case 0 -> " ";
            case 1 -> "\n  ";
            case 2 -> "\t";
            default -> "";
        };
    }

    private static final byte[] SIGNIFICANT = "{}[],:\" \\-+.eE0123456789tfnx\t".getBytes(StandardCharsets.US_ASCII);

    private static byte[] mutate(SplittableRandom r, byte[] b) {
        byte[] out = b.clone();
        int at = r.nextInt(out.length);
        switch (r.nextInt(4)) {
            case 0 -> out[at] = SIGNIFICANT[r.nextInt(SIGNIFICANT.length)];
            case 1 -> {
                byte[] shorter = new byte[out.length - 1];
                System.arraycopy(out, 0, shorter, 0, at);
                System.arraycopy(out, at + 1, shorter, at, out.length - at - 1);
                out = shorter;
            }
            case 2 -> {
                byte[] longer = new byte[out.length + 1];
                System.arraycopy(out, 0, longer, 0, at);
                longer[at] = SIGNIFICANT[r.nextInt(SIGNIFICANT.length)];
                System.arraycopy(out, at, longer, at + 1, out.length - at);
                out = longer;
            }
            default -> out = Arrays.copyOf(out, at);
        }
        return Objects.requireNonNull(out);
    }
}
