package dev.landfall.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.landfall.Landfall;
import dev.landfall.nn.predict.Predictor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The REST API, on the JDK's HTTP server: the Open Inference Protocol (KServe V2) with the binary
 * tensor data extension, TF-Serving's predict and status, Prometheus metrics and the pages to try a
 * model. Every error is {@code {"error": "…"}} with its status; nothing a request says reaches the
 * file system (models are looked up by name in the loaded repository only).
 */
final class HttpApi implements HttpHandler {
    private static final Logger REQUESTS = Logger.getLogger("dev.landfall.serve.requests");
    private static final Pattern V2_MODEL = Pattern.compile(
            "/v2/models/([^/]+)(?:/versions/([^/]+))?(/ready|/infer)?");
    private static final Pattern V1_MODEL = Pattern.compile("/v1/models/([^/:]+)(?:/versions/([^/:]+))?(:predict)?");

    private final ModelRepository repository;
    private final ServeOptions options;
    private final Metrics metrics;
    private final Pages pages;
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Requests taken up before the drain began: a stop waits for these. */
    private final AtomicInteger beforeDrain = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong answered = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean draining;

    HttpApi(ModelRepository repository, ServeOptions options, Metrics metrics) {
        this.repository = repository;
        this.options = options;
        this.metrics = metrics;
        this.pages = new Pages();
    }

    /** Requests being answered now. */
    int inFlight() {
        return inFlight.get();
    }

    /** Requests taken up before {@link #drain()} and not answered yet. */
    int inFlightBeforeDrain() {
        return beforeDrain.get();
    }

    /** Requests answered so far (their response written in full). */
    long answered() {
        return answered.get();
    }

    /** From now on, answer 503 to new inference requests (the server is stopping). */
    void drain() {
        draining = true;
    }

    /** What a request was about, for metrics and the log line. */
    private static final class Info {
        String model = "";
        String version = "";
        String protocol = "http";
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        long start = System.nanoTime();
        inFlight.incrementAndGet();
        boolean early = !draining;
        if (early) {
            beforeDrain.incrementAndGet();
        }
        Info info = new Info();
        int status;
        try {
            status = route(ex, info);
        } catch (ServeException e) {
            status = send(ex, e.status(), V2Codec.error(e.getMessage()), "application/json", e.status() == 503);
        } catch (RuntimeException e) {
            REQUESTS.log(Level.WARNING, "internal error on " + ex.getRequestURI().getPath(), e);
            status = send(ex, 500, V2Codec.error("internal error: " + e.getClass().getSimpleName()), "application/json",
                    false);
        } finally {
            inFlight.decrementAndGet();
            if (early) {
                beforeDrain.decrementAndGet();
            }
        }
        answered.incrementAndGet();
        double seconds = (System.nanoTime() - start) / 1e9;
        metrics.request(repository, info.model, info.version, info.protocol, status, seconds);
        if (REQUESTS.isLoggable(Level.FINE)) {
            // never the input values
            REQUESTS.fine(String.format(java.util.Locale.ROOT, "%s %s model=%s version=%s protocol=%s status=%d ms=%.2f",
                    ex.getRequestMethod(), V2Codec.abbreviate(ex.getRequestURI().getPath()), V2Codec.abbreviate(info.model),
                    V2Codec.abbreviate(info.version), info.protocol, status,
                    seconds * 1e3));
        }
    }

    private int route(HttpExchange ex, Info info) throws IOException {
        String path = ex.getRequestURI().getPath();
        String method = ex.getRequestMethod();
        if (path.equals("/v2/health/live")) {
            return json(ex, 200, obj().put("live", true));
        }
        if (path.equals("/v2/health/ready")) {
            boolean ready = !draining && repository.ready();
            return json(ex, ready ? 200 : 503, obj().put("ready", ready));
        }
        if (method.equals("GET") && (path.equals("/") || path.startsWith("/ui/"))) {
            Pages.Page p = pages.get(path);
            if (p == null) {
                throw ServeException.notFound("no page " + path);
            }
            return send(ex, 200, p.body(), p.contentType(), false);
        }
        authorize(ex);
        if (path.equals("/metrics")) {
            info.protocol = "metrics";
            return send(ex, 200, metrics.scrape(), Metrics.contentType(), false);
        }
        if (path.equals("/v2")) {
            info.protocol = "v2";
            ObjectNode n = obj().put("name", "landfall").put("version", Landfall.VERSION);
            n.putArray("extensions").add("binary_tensor_data").add("model_repository");
            return json(ex, 200, n);
        }
        if (path.equals("/v2/repository/index")) {
            info.protocol = "v2";
            requireMethod(method, "POST", "GET");
            ArrayNode a = V2Codec.JSON.createArrayNode();
            for (String name : repository.names()) {
                for (ModelRepository.Version v : repository.versions(name)) {
                    ObjectNode o = a.addObject().put("name", name).put("version", Integer.toString(v.version()))
                            .put("state", v.state() == ModelRepository.State.READY ? "READY" : "UNAVAILABLE");
                    if (v.error() != null) {
                        o.put("reason", v.error());
                    }
                }
            }
            return send(ex, 200, V2Codec.write(a), "application/json", false);
        }
        Matcher m = V2_MODEL.matcher(path);
        if (m.matches()) {
            info.protocol = "v2";
            info.model = m.group(1);
            Integer version = version(m.group(2));
            info.version = m.group(2) == null ? "" : m.group(2);
            String action = m.group(3);
            if (action == null) {
                requireMethod(method, "GET");
                ModelRepository.Version v = repository.resolve(info.model, version);
                info.version = Integer.toString(v.version());
                return json(ex, 200, metadata(v));
            }
            if (action.equals("/ready")) {
                requireMethod(method, "GET");
                boolean ready;
                try {
                    repository.resolve(info.model, version);
                    ready = !draining;
                } catch (ServeException e) {
                    if (e.status() == 404) {
                        throw e;
                    }
                    ready = false;
                }
                return json(ex, ready ? 200 : 503, obj().put("name", info.model).put("ready", ready));
            }
            requireMethod(method, "POST");
            return infer(ex, info, version);
        }
        Matcher t = V1_MODEL.matcher(path);
        if (t.matches()) {
            info.protocol = "tfserving";
            info.model = t.group(1);
            Integer version = version(t.group(2));
            if (t.group(3) == null) {
                requireMethod(method, "GET");
                List<ModelRepository.Version> vs = repository.versions(info.model);
                if (version != null) {
                    vs = vs.stream().filter(v -> v.version() == version).toList();
                    if (vs.isEmpty()) {
                        throw ServeException.notFound("model '" + info.model + "' has no version " + version);
                    }
                }
                return json(ex, 200, TfServingCodec.status(vs));
            }
            requireMethod(method, "POST");
            return predict(ex, info, version);
        }
        throw ServeException.notFound("no endpoint " + path + " (see /v2, /v2/models/{name}, /v1/models/{name}:predict)");
    }

    private int infer(HttpExchange ex, Info info, Integer version) throws IOException {
        if (draining) {
            throw ServeException.unavailable("the server is stopping");
        }
        ModelRepository.Version v = repository.resolve(info.model, version); // 404 before reading the body
        info.version = Integer.toString(v.version());
        byte[] body = body(ex);
        V2Codec.Request req = V2Codec.parse(body, ex.getRequestHeaders().getFirst("Inference-Header-Content-Length"));
        Inference.Result r = Inference.run(v, req.inputs(), deadline(ex, req.parameters()));
        List<TensorData> outs = Inference.select(r, req.outputs().keySet());
        Map<String, Boolean> binary = new java.util.HashMap<>(req.outputs());
        if (req.binaryOutputs()) {
            outs.forEach(o -> binary.putIfAbsent(o.name(), true));
        }
        V2Codec.Encoded e = V2Codec.response(info.model, info.version, req.id(), outs, binary);
        if (e.jsonLength() >= 0) {
            ex.getResponseHeaders().set("Inference-Header-Content-Length", Integer.toString(e.jsonLength()));
            return send(ex, 200, e.body(), "application/octet-stream", false);
        }
        return send(ex, 200, e.body(), "application/json", false);
    }

    private int predict(HttpExchange ex, Info info, Integer version) throws IOException {
        if (draining) {
            throw ServeException.unavailable("the server is stopping");
        }
        ModelRepository.Version v = repository.resolve(info.model, version);
        info.version = Integer.toString(v.version());
        byte[] body = body(ex);
        JsonNode root = V2Codec.parseJson(body, body.length);
        TfServingCodec.Request req = TfServingCodec.parse(root, v.predictor());
        Inference.Result r = Inference.run(v, req.inputs(), deadline(ex, null));
        // raw records and images get their label and probabilities; tensor rows get the outputs, as TF-Serving
        boolean decoded = r.predictions() != null && r.raw();
        return json(ex, 200, TfServingCodec.response(v.predictor(), r, req.rows(), decoded));
    }

    /** A model's V2 metadata: its tensor inputs and outputs, and (Landfall's additions) raw inputs and labels. */
    private static ObjectNode metadata(ModelRepository.Version v) {
        Predictor p = v.predictor();
        ObjectNode n = obj().put("name", v.name()).put("platform", "landfall");
        n.putArray("versions").add(Integer.toString(v.version()));
        ArrayNode ins = n.putArray("inputs");
        RequestInputs.inputSpecs(p).forEach(s -> metadata(ins, s));
        ArrayNode outs = n.putArray("outputs");
        RequestInputs.outputSpecs(p).forEach(s -> metadata(outs, s));
        if (!p.labels().isEmpty()) {
            ArrayNode l = n.putArray("labels");
            p.labels().forEach(l::add);
        }
        ArrayNode raw = n.putArray("raw_inputs");
        p.rawSchema().forEach(c -> raw.addObject().put("name", c.name()).put("type", c.type().jsonName()));
        n.put("input_kind", p.inputKind().name().toLowerCase(java.util.Locale.ROOT));
        return n;
    }

    private static void metadata(ArrayNode to, RequestInputs.Spec s) {
        ArrayNode shape = to.addObject().put("name", s.name()).put("datatype", s.datatype()).putArray("shape");
        for (int d : s.shape()) {
            shape.add(d);
        }
    }

    private static Integer version(String s) {
        return ModelRepository.version(s);
    }

    /** The deadline: V2's {@code timeout} parameter (microseconds, as Triton) or the {@code Request-Timeout-Ms} header. */
    private static long deadline(HttpExchange ex, JsonNode params) {
        long micros = -1;
        if (params != null && params.path("timeout").canConvertToLong()) {
            micros = params.path("timeout").asLong();
        }
        String h = ex.getRequestHeaders().getFirst("Request-Timeout-Ms");
        if (h != null) {
            try {
                micros = Long.parseLong(h.strip()) * 1000;
            } catch (NumberFormatException e) {
                throw ServeException.badRequest("Request-Timeout-Ms must be a number of milliseconds, got '"
                        + V2Codec.abbreviate(h) + "'");
            }
        }
        return micros <= 0 ? Long.MAX_VALUE : System.nanoTime() + micros * 1000;
    }

    private static void requireMethod(String method, String... allowed) {
        if (!List.of(allowed).contains(method)) {
            throw new ServeException(405, "method " + method + " is not allowed here (" + String.join(", ", allowed) + ")");
        }
    }

    /** Bearer tokens from --api-keys ({@link ApiKeys}); health endpoints and pages need none. */
    private void authorize(HttpExchange ex) {
        String refusal = ApiKeys.refusal(options.apiKeys(), ex.getRequestHeaders().getFirst("Authorization"));
        if (refusal != null) {
            ex.getResponseHeaders().set("WWW-Authenticate", "Bearer");
            throw new ServeException(401, refusal);
        }
    }

    /** The body, refused with 413 past the limit (before reading when the length is declared). */
    private byte[] body(HttpExchange ex) throws IOException {
        long max = options.maxBodyBytes();
        String len = ex.getRequestHeaders().getFirst("Content-Length");
        if (len != null) {
            long n;
            try {
                n = Long.parseLong(len.strip());
            } catch (NumberFormatException e) {
                throw ServeException.badRequest("Content-Length is not a number");
            }
            if (n > max) {
                throw new ServeException(413, "the body of " + n + " bytes is larger than the limit of " + max
                        + " (--max-body)");
            }
        }
        try (InputStream in = ex.getRequestBody()) {
            if (len != null) {
                return in.readNBytes((int) Long.parseLong(len.strip())); // the server stops the stream there
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
            byte[] buf = new byte[16384];
            for (int r; (r = in.read(buf)) > 0; ) {
                if (out.size() + r > max) {
                    throw new ServeException(413, "the body is larger than the limit of " + max + " (--max-body)");
                }
                out.write(buf, 0, r);
            }
            return out.toByteArray();
        }
    }

    private static ObjectNode obj() {
        return V2Codec.JSON.createObjectNode();
    }

    private int json(HttpExchange ex, int status, JsonNode body) throws IOException {
        return send(ex, status, V2Codec.write(body), "application/json", false);
    }

    private int send(HttpExchange ex, int status, byte[] body, String type, boolean retry) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        if (draining) {
            ex.getResponseHeaders().set("Connection", "close"); // clients open no new requests on this connection
        }
        if (retry) {
            ex.getResponseHeaders().set("Retry-After", "1");
        }
        if (status == 413) {
            ex.getResponseHeaders().set("Connection", "close");
        }
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
            out.flush();
            if (status == 413) {
                discard(ex.getRequestBody());
            }
        }
        return status;
    }

    /**
     * Reads and drops what a client still sends after its 413 (never keeping it), so that closing the
     * connection does not reset it before the client has read the answer. Bounded: at most 256 MiB.
     */
    private static void discard(InputStream in) {
        byte[] buf = new byte[65536];
        long total = 0;
        try {
            for (int r; total < (256L << 20) && (r = in.read(buf)) > 0; ) {
                total += r;
            }
        } catch (IOException ignored) {
            // the client gave up: nothing to answer
        }
    }
}
