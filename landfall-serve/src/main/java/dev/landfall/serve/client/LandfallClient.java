package dev.landfall.serve.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small typed client of a Landfall server's REST API (the Open Inference Protocol and TF-Serving's
 * predict), for Java callers and tests.
 *
 * <pre>{@code
 * LandfallClient c = LandfallClient.of(URI.create("http://127.0.0.1:8080/"));
 * LandfallClient.Result r = c.infer("quickstart", LandfallClient.Input.fp32("input_layer", features, 1, 30));
 * r.labels();          // ["malignant"]
 * List<Map<String, Object>> p = c.predictRecords("sentiment", List.of(Map.of("text", "Great food")));
 * }</pre>
 */
public final class LandfallClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final URI base;
    private final String apiKey;
    private final HttpClient http;

    private LandfallClient(URI base, String apiKey, HttpClient http) {
        this.base = base;
        this.apiKey = apiKey;
        this.http = http;
    }

    /** A client of the server at {@code base} ({@code http://host:port/}). */
    public static LandfallClient of(URI base) {
        return new LandfallClient(base, null, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build());
    }

    /** The same client sending {@code Authorization: Bearer key}. */
    public LandfallClient withApiKey(String key) {
        return new LandfallClient(base, key, http);
    }

    /** The same client on another {@link HttpClient} (TLS settings, a proxy). */
    public LandfallClient withHttpClient(HttpClient client) {
        return new LandfallClient(base, apiKey, client);
    }

    /** An error the server answered: its status and its {@code error} message. */
    public static final class ClientException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;

        ClientException(int status, String message) {
            super(status + ": " + message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /** One input tensor of an inference request. */
    public record Input(String name, String datatype, long[] shape, Object data) {
        /** FP32 values, row-major. */
        public static Input fp32(String name, float[] values, long... shape) {
            return new Input(name, "FP32", shape, values);
        }

        /** FP64 values (numbers of raw numeric columns, say), row-major. */
        public static Input fp64(String name, double[] values, long... shape) {
            return new Input(name, "FP64", shape, values);
        }

        /** Text values, one per row (raw text or categorical columns). */
        public static Input text(String name, List<String> values) {
            return new Input(name, "BYTES", new long[] {values.size()}, List.copyOf(values));
        }

        /** Encoded images (PNG, JPEG …), one per row. */
        public static Input images(String name, List<byte[]> images) {
            return new Input(name, "BYTES", new long[] {images.size()}, List.copyOf(images));
        }
    }

    /** The outputs of an inference, by name. */
    public record Result(String modelVersion, Map<String, JsonNode> outputs) {
        /** An output's values, flat. */
        public double[] values(String name) {
            JsonNode d = output(name).get("data");
            double[] v = new double[d.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = d.get(i).asDouble();
            }
            return v;
        }

        /** An output's shape. */
        public long[] shape(String name) {
            JsonNode s = output(name).get("shape");
            long[] v = new long[s.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = s.get(i).asLong();
            }
            return v;
        }

        /** The predicted labels (a classifier's {@code label} output). */
        public List<String> labels() {
            List<String> out = new ArrayList<>();
            output("label").get("data").forEach(n -> out.add(n.asText()));
            return out;
        }

        /** The class probabilities of row {@code row}, in label order. */
        public double[] probabilities(int row) {
            long[] s = shape("probabilities");
            double[] all = values("probabilities");
            int k = (int) s[1];
            return java.util.Arrays.copyOfRange(all, row * k, (row + 1) * k);
        }

        private JsonNode output(String name) {
            JsonNode o = outputs.get(name);
            if (o == null) {
                throw new IllegalArgumentException("no output '" + name + "' (outputs: " + outputs.keySet() + ")");
            }
            return o;
        }
    }

    public boolean live() {
        return status("GET", "v2/health/live", null) == 200;
    }

    public boolean ready() {
        return status("GET", "v2/health/ready", null) == 200;
    }

    /** A model's V2 metadata (inputs, outputs, labels, raw inputs). */
    public JsonNode metadata(String model) {
        return send("GET", "v2/models/" + model, null);
    }

    /** V2 inference on the newest version. */
    public Result infer(String model, Input... inputs) {
        return infer(model, null, inputs);
    }

    /** V2 inference on a version (null: the newest). */
    public Result infer(String model, Integer version, Input... inputs) {
        ObjectNode req = JSON.createObjectNode();
        ArrayNode ins = req.putArray("inputs");
        for (Input in : inputs) {
            ObjectNode o = ins.addObject().put("name", in.name()).put("datatype", in.datatype());
            ArrayNode s = o.putArray("shape");
            for (long d : in.shape()) {
                s.add(d);
            }
            ArrayNode data = o.putArray("data");
            if (in.data() instanceof float[] f) {
                for (float v : f) {
                    data.add(v);
                }
            } else if (in.data() instanceof double[] d) {
                for (double v : d) {
                    data.add(v);
                }
            } else {
                for (Object e : (List<?>) in.data()) {
                    if (e instanceof byte[] b) {
                        data.addObject().put("b64", Base64.getEncoder().encodeToString(b));
                    } else {
                        data.add(String.valueOf(e));
                    }
                }
            }
        }
        JsonNode r = send("POST", "v2/models/" + model + (version == null ? "" : "/versions/" + version) + "/infer", req);
        Map<String, JsonNode> outs = new LinkedHashMap<>();
        r.get("outputs").forEach(o -> outs.put(o.get("name").asText(), o));
        return new Result(r.path("model_version").asText(), outs);
    }

    /** TF-Serving predict with raw records (column name → value): one map per record, with label and probabilities. */
    public List<Map<String, Object>> predictRecords(String model, List<Map<String, Object>> records) {
        ObjectNode req = JSON.createObjectNode();
        req.set("instances", JSON.valueToTree(records));
        JsonNode r = send("POST", "v1/models/" + model + ":predict", req);
        List<Map<String, Object>> out = new ArrayList<>();
        for (JsonNode p : r.get("predictions")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = JSON.convertValue(p, Map.class);
            out.add(m);
        }
        return out;
    }

    private int status(String method, String path, JsonNode body) {
        try {
            return http.send(request(method, path, body), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(base + path + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private JsonNode send(String method, String path, JsonNode body) {
        try {
            HttpResponse<byte[]> r = http.send(request(method, path, body), HttpResponse.BodyHandlers.ofByteArray());
            JsonNode n = r.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(r.body());
            if (r.statusCode() != 200) {
                throw new ClientException(r.statusCode(), n.path("error").asText(new String(r.body(), StandardCharsets.UTF_8)));
            }
            return n;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(base + path + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private HttpRequest request(String method, String path, JsonNode body) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60));
        if (apiKey != null) {
            b.header("Authorization", "Bearer " + apiKey);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
            b.method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return b.build();
    }
}
