package dev.landfall.serve;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.landfall.nn.predict.Predictor;
import dev.landfall.tensor.Tensor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Coverage-guided fuzz targets for what a client sends the server (Jazzer; docs/fuzzing.md): the
 * Open Inference Protocol's JSON and binary bodies and TF-Serving's, each parsed and then matched to
 * the quickstart model's inputs (its tensor and its raw columns). The only refusal allowed is a
 * {@link ServeException} (which becomes a 4xx); any other exception, a hang or an exhausted heap is a
 * finding. In {@code mvn verify} each target runs its seeds ({@code RequestFuzzTestInputs/}).
 */
class RequestFuzzTest {
    private static Predictor quickstart;

    private static synchronized Predictor predictor() {
        if (quickstart == null) {
            try {
                Path dir = Files.createTempDirectory("landfall-request-fuzz");
                dir.toFile().deleteOnExit();
                quickstart = Predictor.load(ServedModels.train(ServedModels.EXAMPLES.resolve("quickstart.yaml"),
                        dir.resolve("q.landfall")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return quickstart;
    }

    @FuzzTest(maxDuration = "5m")
    void v2Request(byte[] body) {
        try {
            prepared(RequestInputs.prepare(predictor(), V2Codec.parse(body, null).inputs()));
        } catch (ServeException e) {
            refused(e);
        }
    }

    /** The fast JSON reader against Jackson's: the same request, or it leaves the body to Jackson. */
    @FuzzTest(maxDuration = "5m")
    void v2FastReader(byte[] body) {
        V2FastReaderTest.same(body);
    }

    /** The binary extension: the first two bytes give Inference-Header-Content-Length, the rest is the body. */
    @FuzzTest(maxDuration = "5m")
    void v2Binary(byte[] input) {
        if (input.length < 2) {
            return;
        }
        int headerLength = ((input[0] & 0xff) << 8) | (input[1] & 0xff);
        try {
            prepared(RequestInputs.prepare(predictor(), V2Codec.parse(Arrays.copyOfRange(input, 2, input.length),
                    Integer.toString(headerLength)).inputs()));
        } catch (ServeException e) {
            refused(e);
        }
    }

    @FuzzTest(maxDuration = "5m")
    void tfServing(byte[] body) {
        try {
            TfServingCodec.Request r = TfServingCodec.parse(V2Codec.parseJson(body, body.length), predictor());
            prepared(RequestInputs.prepare(predictor(), r.inputs()));
        } catch (ServeException e) {
            refused(e);
        }
    }

    /** Inputs the model can take: every tensor has the request's row count. */
    private static void prepared(RequestInputs.Prepared p) {
        assertTrue(p.rows() >= 0);
        Collection<Tensor> ts = p.inputs().isSingle() ? List.of(p.inputs().single()) : p.inputs().named().values();
        for (Tensor t : ts) {
            assertEquals(p.rows(), t.dim(0), "rows of an input tensor");
        }
    }

    /** A refusal is a 4xx with a message. */
    private static void refused(ServeException e) {
        assertTrue(e.status() >= 400 && e.status() < 500, "status " + e.status());
        assertFalse(e.getMessage() == null || e.getMessage().isBlank(), "a refusal without a message");
    }

    /** Writes the seed corpus: valid requests of each kind (run once; the files are committed). */
    public static void main(String[] args) throws IOException {
        Path root = Path.of(args[0]);
        String row = Arrays.toString(new float[30]);
        StringBuilder cols = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            cols.append(i == 0 ? "" : ", ").append("{\"name\": \"feature_").append(i)
                    .append("\", \"datatype\": \"FP64\", \"shape\": [1], \"data\": [").append(i * 0.5).append("]}");
        }
        seed(root, "v2Request", "tensor", "{\"id\": \"a\", \"inputs\": [{\"name\": \"input_layer\", \"datatype\": \"FP32\", "
                + "\"shape\": [1, 30], \"data\": " + row + "}], \"outputs\": [{\"name\": \"label\"}]}");
        seed(root, "v2Request", "nested", "{\"inputs\": [{\"name\": \"input_layer\", \"shape\": [2, 30], \"datatype\": "
                + "\"FP32\", \"data\": [" + row + ", " + row + "]}], \"parameters\": {\"binary_data_output\": false}}");
        seed(root, "v2Request", "columns", "{\"inputs\": [" + cols + "]}");
        seed(root, "v2Request", "bytes-columns", "{\"inputs\": [{\"name\": \"feature_0\", \"datatype\": \"BYTES\", "
                + "\"shape\": [1], \"data\": [\"1.5\"]}, {\"name\": \"feature_1\", \"datatype\": \"BYTES\", \"shape\": [1], "
                + "\"data\": [{\"b64\": \"Mi4w\"}]}]}");
        byte[] json = ("{\"inputs\": [{\"name\": \"input_layer\", \"datatype\": \"FP32\", \"shape\": [1, 30], "
                + "\"parameters\": {\"binary_data_size\": 120}}], \"outputs\": [{\"name\": \"dense_2\", \"parameters\": "
                + "{\"binary_data\": true}}]}").getBytes(StandardCharsets.UTF_8);
        byte[] binary = new byte[2 + json.length + 120];
        binary[0] = (byte) (json.length >> 8);
        binary[1] = (byte) json.length;
        System.arraycopy(json, 0, binary, 2, json.length);
        Files.createDirectories(root.resolve("v2Binary"));
        Files.write(root.resolve("v2Binary/binary-tensor"), binary);
        seed(root, "tfServing", "rows", "{\"instances\": [" + row + ", " + row + "]}");
        seed(root, "tfServing", "records", "{\"instances\": [{\"feature_0\": 1.0, \"feature_1\": 2.5}]}");
        seed(root, "tfServing", "columnar", "{\"inputs\": {\"input_layer\": [" + row + "]}}");
    }

    private static void seed(Path root, String target, String name, String body) throws IOException {
        Files.createDirectories(root.resolve(target));
        Files.writeString(root.resolve(target).resolve(name), body);
    }
}
