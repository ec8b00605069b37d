package dev.landfall.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.landfall.data.Tensors;
import dev.landfall.data.format.DataFormats;
import dev.landfall.data.format.RawData;
import dev.landfall.nn.predict.Predictions;
import dev.landfall.nn.predict.Predictor;
import dev.landfall.serve.client.LandfallClient;
import dev.landfall.tensor.Tensor;
import dev.landfall.testing.Tools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The server end to end over real HTTP on 127.0.0.1, with the three example models. */
class ServerTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static ModelServer server;
    static LandfallClient client;
    static HttpClient http = HttpClient.newHttpClient();
    static Predictor quickstart;
    static Predictor sentiment;
    static Predictor fashion;

    @BeforeAll
    static void start() throws IOException {
        Path repo = ServedModels.repository(dir.resolve("models"));
        quickstart = Predictor.load(repo.resolve("quickstart/1/model.landfall"));
        sentiment = Predictor.load(repo.resolve("sentiment/1/model.landfall"));
        fashion = Predictor.load(repo.resolve("fashion/1/model.landfall"));
        server = ModelServer.start(repo, ServeOptions.defaults().port(0));
        client = LandfallClient.of(server.uri());
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    record Reply(int status, JsonNode json, HttpResponse<byte[]> raw) {
    }

    static Reply send(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.uri().resolve(path));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        JsonNode j = r.body().length == 0 ? null : r.headers().firstValue("Content-Type").orElse("").contains("json")
                ? JSON.readTree(r.body()) : null;
        return new Reply(r.statusCode(), j, r);
    }

    @Test
    void healthServerAndModelMetadata() throws Exception {
        assertTrue(client.live());
        assertTrue(client.ready());
        Reply v2 = send("GET", "v2", null);
        assertEquals("landfall", v2.json().get("name").asText());
        JsonNode meta = client.metadata("quickstart");
        assertEquals("input_layer", meta.get("inputs").get(0).get("name").asText());
        assertEquals("FP32", meta.get("inputs").get(0).get("datatype").asText());
        assertEquals("[-1,30]", meta.get("inputs").get(0).get("shape").toString());
        assertEquals("[\"malignant\",\"benign\"]", meta.get("labels").toString());
        assertEquals(200, send("GET", "v2/models/fashion/versions/1/ready", null).status());
        assertEquals(200, send("GET", "v2/models/sentiment/ready", null).status());
        assertEquals(404, send("GET", "v2/models/nope", null).status());
        assertEquals(404, send("GET", "v2/models/quickstart/versions/7", null).status());
        Reply status = send("GET", "v1/models/quickstart", null);
        assertEquals("AVAILABLE", status.json().get("model_version_status").get(0).get("state").asText());
        Reply index = send("POST", "v2/repository/index", "{}");
        assertEquals(3, index.json().size());
    }

    @Test
    void tensorRequestsGiveWhatModelPredictGives() {
        float[] x = new float[2 * 30];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(i);
        }
        LandfallClient.Result r = client.infer("quickstart", LandfallClient.Input.fp32("input_layer", x, 2, 30));
        float[] expected = quickstart.model().predict(Tensor.wrap(x, 2, 30)).toFloatArray();
        double[] got = r.values("dense_2");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], (float) got[i], "row " + i);
        }
        assertEquals(2, r.labels().size());
        assertEquals("1", r.modelVersion());
    }

    @Test
    void rawRecordsGiveTheLabelsLandfallPredictGives() throws Exception {
        RawData rows = DataFormats.read(ServedModels.EXAMPLES.resolve("data/breast_cancer.csv"), "sklearn-csv",
                quickstart.readOptions(false, null));
        Predictions local = quickstart.predict(rows);
        // V2: one FP64 input per raw column, the first 20 rows
        List<LandfallClient.Input> cols = new ArrayList<>();
        for (String c : rows.table().names()) {
            double[] v = java.util.Arrays.copyOf(rows.table().column(c).numbers(), 20);
            cols.add(LandfallClient.Input.fp64(c, v, 20));
        }
        LandfallClient.Result r = client.infer("quickstart", cols.toArray(LandfallClient.Input[]::new));
        for (int i = 0; i < 20; i++) {
            assertEquals(local.get(i).label(), r.labels().get(i), "row " + i);
            assertArrayEquals(local.get(i).probabilities(), r.probabilities(i), 1e-6);
        }
        // TF-Serving instances as JSON objects
        List<Map<String, Object>> records = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            for (String c : rows.table().names()) {
                m.put(c, rows.table().column(c).numbers()[i]);
            }
            records.add(m);
        }
        List<Map<String, Object>> p = client.predictRecords("quickstart", records);
        for (int i = 0; i < 5; i++) {
            assertEquals(local.get(i).label(), p.get(i).get("label"));
        }
    }

    @Test
    void textsThroughTheSavedVectorizer() {
        List<String> texts = List.of("The food was wonderful and the staff friendly", "Cold fries, rude waiter, never again");
        LandfallClient.Result r = client.infer("sentiment", LandfallClient.Input.text("text", texts));
        for (int i = 0; i < texts.size(); i++) {
            assertEquals(sentiment.predictText(texts.get(i)).label(), r.labels().get(i));
        }
        List<Map<String, Object>> p = client.predictRecords("sentiment", List.of(Map.of("text", texts.get(0))));
        assertEquals(r.labels().get(0), p.get(0).get("label"));
    }

    @Test
    void encodedImagesAndImageTensors() throws Exception {
        byte[] png = png(7);
        LandfallClient.Result r = client.infer("fashion", LandfallClient.Input.images("image", List.of(png, png(3))));
        assertEquals(fashion.predictImage(png).label(), r.labels().get(0));
        float[] pixels = fashion.inputs(DataFormats.read(ServedModels.GOLDEN.resolve("fashion-test-images-idx3-ubyte.gz"),
                "idx", fashion.readOptions(false, null)).select(new int[] {0})).single().toFloatArray();
        LandfallClient.Result t = client.infer("fashion", LandfallClient.Input.fp32("input_layer", pixels, 1, 28, 28, 1));
        float[] expected = fashion.forward(Tensors.of(Tensor.wrap(pixels, 1, 28, 28, 1))).single().toFloatArray();
        double[] got = t.values(fashion.model().outputNames().get(0));
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], (float) got[i]);
        }
    }

    /** A 28x28 gray PNG with a pattern. */
    static byte[] png(int seed) throws IOException {
        BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                img.getRaster().setSample(x, y, 0, ((x * seed + y * 3) % 7 == 0) ? 255 : 0);
            }
        }
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        ImageIO.write(img, "png", b);
        return b.toByteArray();
    }

    @Test
    void binaryTensorDataExtension() throws Exception {
        float[] x = new float[30];
        java.util.Arrays.fill(x, 0.5f);
        ByteBuffer bin = ByteBuffer.allocate(120).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : x) {
            bin.putFloat(f);
        }
        byte[] json = ("{\"id\": \"b1\", \"inputs\": [{\"name\": \"input_layer\", \"datatype\": \"FP32\", \"shape\": [1, 30], "
                + "\"parameters\": {\"binary_data_size\": 120}}], \"outputs\": [{\"name\": \"dense_2\", \"parameters\": "
                + "{\"binary_data\": true}}, {\"name\": \"label\"}]}").getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[json.length + 120];
        System.arraycopy(json, 0, body, 0, json.length);
        System.arraycopy(bin.array(), 0, body, json.length, 120);
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(server.uri().resolve("v2/models/quickstart/infer"))
                .header("Inference-Header-Content-Length", Integer.toString(json.length))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
        int headerLength = Integer.parseInt(r.headers().firstValue("Inference-Header-Content-Length").orElseThrow());
        JsonNode head = JSON.readTree(java.util.Arrays.copyOf(r.body(), headerLength));
        assertEquals("b1", head.get("id").asText());
        assertEquals(4, head.get("outputs").get(0).get("parameters").get("binary_data_size").asInt());
        float out = ByteBuffer.wrap(r.body(), headerLength, 4).order(ByteOrder.LITTLE_ENDIAN).getFloat();
        assertEquals(quickstart.model().predict(Tensor.wrap(x, 1, 30)).toFloatArray()[0], out);
        assertEquals("label", head.get("outputs").get(1).get("name").asText());
    }

    @Test
    void badRequestsGetTheirStatusAndAOneLineError() throws Exception {
        String ok = "{\"inputs\": [{\"name\": \"input_layer\", \"datatype\": \"FP32\", \"shape\": [1, 30], \"data\": "
                + java.util.Arrays.toString(new float[30]) + "}]}";
        assertEquals(200, send("POST", "v2/models/quickstart/infer", ok).status());
        Object[][] cases = {
            {"{\"inputs\": [", 400, "malformed JSON"},
            {ok.replace("FP32", "FP128"), 400, "unknown datatype"},
            {ok.replace("[1, 30]", "[1, 29]"), 400, "'data' has more elements than its shape (29)"},
            {ok.replace("\"shape\": [1, 30]", "\"shape\": [30, 1]"), 400, "expected FP32 [-1, 30], got FP32 [30, 1]"},
            {ok.replace("input_layer", "x"), 400, "unknown input 'x'; the model takes 'input_layer' FP32 [-1, 30]"},
            {"{\"inputs\": []}", 400, "no inputs"},
            {ok.replace("\"data\": [0.0, ", "\"data\": [\"a\", "), 400,
                "input 'input_layer': element 0 is not a number for datatype FP32 (found a string)"},
            {"[" .repeat(200) + "]".repeat(200), 400, "malformed JSON"},
            {"{\"inputs\": [{\"name\": \"feature_0\", \"datatype\": \"FP64\", \"shape\": [1], \"data\": [1]}]}", 400,
                "missing input 'feature_1'"},
        };
        for (Object[] c : cases) {
            Reply r = send("POST", "v2/models/quickstart/infer", (String) c[0]);
            assertEquals(c[1], r.status(), (String) c[0]);
            String error = r.json().get("error").asText();
            assertTrue(error.contains((String) c[2]), error);
            assertTrue(!error.contains("\n") && !error.contains("at dev.landfall"), error);
        }
        assertEquals(404, send("POST", "v2/models/nope/infer", ok).status());
        assertEquals(404, send("POST", "v2/models/quickstart/versions/2/infer", ok).status());
        assertEquals(404, send("POST", "v2/models/quickstart/versions/..%2F..%2Fetc/infer", ok).status());
        assertEquals(405, send("GET", "v2/models/quickstart/infer", null).status());
        assertEquals(404, send("GET", "no/such/endpoint", null).status());
        assertEquals(400, send("POST", "v1/models/quickstart:predict", "{\"instances\": [[1, 2]]}").status());
        Reply big = send("POST", "v2/models/quickstart/infer", "x".repeat(17 << 20));
        assertEquals(413, big.status());
        assertTrue(big.json().get("error").asText().contains("larger than the limit"));
        assertTrue(client.ready(), "the server still answers");
    }

    @Test
    void badRequestsNeverEchoTheirValuesInErrorsOrLogs() throws Exception {
        String marker = "SECRET-7731";
        String fp32 = "{\"inputs\": [{\"name\": \"input_layer\", \"datatype\": \"FP32\", \"shape\": [1, 30], \"data\": "
                + java.util.Arrays.toString(new float[30]) + "}]}";
        String[][] cases = {
            {"v2/models/quickstart/infer", fp32.replace("[0.0, ", "[\"" + marker + "\", "),
                "input 'input_layer': element 0 is not a number for datatype FP32 (found a string)"},
            {"v2/models/quickstart/infer", fp32.replace("[0.0, 0.0, ", "[0.0, {\"v\": \"" + marker + "\"}, "),
                "input 'input_layer': element 1 is not a number for datatype FP32 (found an object)"},
            {"v2/models/quickstart/infer", fp32.replace("[0.0, ", "[" + marker + ", "), "malformed JSON at line 1, column "},
            {"v2/models/quickstart/infer", "{\"inputs\": [{\"name\": \"feature_0\", \"datatype\": \"BYTES\", \"shape\": [1], "
                + "\"data\": [{\"v\": \"" + marker + "\"}]}]}",
                "input 'feature_0': element 0 is not a BYTES element (expected a string or {\"b64\": …}, found an object)"},
            {"v2/models/quickstart/infer", "{\"inputs\": [{\"name\": \"feature_0\", \"datatype\": \"BYTES\", \"shape\": [1], "
                + "\"data\": [\"" + marker + "\"]}]}",
                "input 'feature_0': record 0: expected a number, found text that is not a number"},
            {"v1/models/quickstart:predict", "{\"instances\": [{\"feature_0\": {\"v\": \"" + marker + "\"}}]}",
                "input 'feature_0': element 0: expected a string, a number or {\"b64\": …}, found an object"},
            {"v1/models/quickstart:predict", "{\"inputs\": {\"input_layer\": [[1, \"" + marker + "\"]]}}",
                "input 'input_layer': element 1 is not a number (found a string)"},
            {"v1/models/quickstart:predict", "{\"instances\": [" + marker + "]}", "malformed JSON at line 1, column "},
            {"v2/models/fashion/infer", "{\"inputs\": [{\"name\": \"image\", \"datatype\": \"BYTES\", \"shape\": [1], "
                + "\"data\": [{\"b64\": \"" + java.util.Base64.getEncoder().encodeToString(marker.getBytes(StandardCharsets.UTF_8))
                + "\"}]}]}", "not an image"},
        };
        java.util.logging.Logger landfall = java.util.logging.Logger.getLogger("dev.landfall");
        java.util.logging.Level level = landfall.getLevel();
        List<String> logged = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                StringBuilder sb = new StringBuilder(r.getLoggerName() + ": " + new java.util.logging.SimpleFormatter()
                        .formatMessage(r));
                for (Throwable t = r.getThrown(); t != null; t = t.getCause()) {
                    sb.append(" / ").append(t);
                }
                logged.add(sb.toString());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        capture.setLevel(java.util.logging.Level.ALL);
        landfall.addHandler(capture);
        landfall.setLevel(java.util.logging.Level.ALL); // the request log line is FINE
        try {
            for (String[] c : cases) {
                Reply r = send("POST", c[0], c[1]);
                assertEquals(400, r.status(), c[1]);
                String error = r.json().get("error").asText();
                assertTrue(error.contains(c[2]), error);
                assertTrue(!error.contains("7731") && !error.contains("\n"), error);
            }
        } finally {
            landfall.removeHandler(capture);
            landfall.setLevel(level);
        }
        assertTrue(logged.stream().anyMatch(l -> l.startsWith("dev.landfall.serve.requests: POST") && l.contains("status=400")),
                "the request log was not written: " + logged);
        for (String l : logged) {
            assertTrue(!l.contains("7731"), "a request value in the log: " + l);
        }
    }

    @Test
    void metricsInPrometheusTextFormat() throws Exception {
        client.infer("quickstart", LandfallClient.Input.fp32("input_layer", new float[30], 1, 30));
        Reply r = send("GET", "metrics", null);
        assertEquals(200, r.status());
        String text = new String(r.raw().body(), StandardCharsets.UTF_8);
        assertTrue(text.contains("landfall_requests_total{model=\"quickstart\",protocol=\"v2\",status=\"200\",version=\"1\"}"),
                text);
        assertTrue(text.contains("# TYPE landfall_request_duration_seconds histogram"), text);
        assertTrue(text.contains("landfall_batch_size_bucket{model=\"quickstart\",version=\"1\",le=\"1.0\"}"), text);
        assertTrue(text.contains("landfall_models_loaded 3"), text);
        assertTrue(text.contains("jvm_memory_used_bytes{area=\"heap\"}"), "the JVM's own metrics");
    }

    @Test
    void promtoolAcceptsTheExposition() throws Exception {
        Path promtool = Tools.require("promtool", "prometheus");
        client.infer("quickstart", LandfallClient.Input.fp32("input_layer", new float[30], 1, 30));
        send("GET", "v2/models/nope", null);
        for (String accept : List.of("text/plain", "application/openmetrics-text; version=1.0.0")) {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(server.uri().resolve("metrics"))
                    .header("Accept", accept).build(), HttpResponse.BodyHandlers.ofByteArray());
            Process p = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
            try (var in = p.getOutputStream()) {
                in.write(r.body());
            }
            String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), accept + ": " + said);
            assertEquals("", said.strip(), accept + ": promtool has remarks");
        }
    }

    @Test
    void pagesAreServedFromTheJar() throws Exception {
        Reply index = send("GET", "", null);
        assertEquals(200, index.status());
        assertTrue(new String(index.raw().body(), StandardCharsets.UTF_8).contains("Landfall models"));
        assertEquals(200, send("GET", "ui/model.html", null).status());
        assertEquals(200, send("GET", "ui/app.js", null).status());
        assertEquals(404, send("GET", "ui/../../etc/passwd", null).status());
    }

    @Test
    void openAddressesNeedApiKeys() throws Exception {
        var e = assertThrows(IllegalArgumentException.class, () -> ModelServer.start(dir.resolve("models"),
                ServeOptions.defaults().host("0.0.0.0").port(0)));
        assertTrue(e.getMessage().contains("give --api-keys FILE"), e.getMessage());
        try (ModelServer keyed = ModelServer.start(dir.resolve("models"), ServeOptions.defaults().port(0)
                .apiKeys(java.util.Set.of("s3cret")))) {
            LandfallClient anonymous = LandfallClient.of(keyed.uri());
            assertTrue(anonymous.live(), "health needs no key");
            var none = assertThrows(LandfallClient.ClientException.class, () -> anonymous.metadata("quickstart"));
            assertEquals(401, none.status());
            var wrong = assertThrows(LandfallClient.ClientException.class,
                    () -> anonymous.withApiKey("guess").metadata("quickstart"));
            assertEquals(401, wrong.status());
            assertEquals("quickstart", anonymous.withApiKey("s3cret").metadata("quickstart").get("name").asText());
        }
    }

    @Test
    void concurrentRequestsAreBatchedAndEachGetsItsOwnRows() throws Exception {
        int threads = 16;
        List<Thread> ts = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < threads; t++) {
            final int seed = t;
            Thread th = new Thread(() -> {
                try {
                    for (int k = 0; k < 20; k++) {
                        float[] x = new float[30];
                        for (int i = 0; i < 30; i++) {
                            x[i] = (float) Math.cos(seed * 31 + k * 7 + i);
                        }
                        double got = client.infer("quickstart", LandfallClient.Input.fp32("input_layer", x, 1, 30))
                                .values("dense_2")[0];
                        float expected = quickstart.model().predict(Tensor.wrap(x, 1, 30)).toFloatArray()[0];
                        assertEquals(expected, got, 1e-5);
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            ts.add(th);
            th.start();
        }
        for (Thread th : ts) {
            th.join();
        }
        assertEquals(List.of(), failures);
        String text = new String(send("GET", "metrics", null).raw().body(), StandardCharsets.UTF_8);
        // some forward passes took more than one request's row
        String ones = text.lines().filter(l -> l.startsWith("landfall_batch_size_bucket{model=\"quickstart\",version=\"1\",le=\"1.0\"}"))
                .findFirst().orElseThrow();
        String count = text.lines().filter(l -> l.startsWith("landfall_batch_size_count{model=\"quickstart\",version=\"1\"}"))
                .findFirst().orElseThrow();
        assertTrue(Double.parseDouble(ones.split(" ")[1]) < Double.parseDouble(count.split(" ")[1]), ones + " / " + count);
    }
}
