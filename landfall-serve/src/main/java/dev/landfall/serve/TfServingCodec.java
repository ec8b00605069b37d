package dev.landfall.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.landfall.data.ValueKind;
import dev.landfall.nn.predict.Prediction;
import dev.landfall.nn.predict.Predictor;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * TF-Serving's REST predict API: {@code {"instances": […]}} (row format: one element per example, an
 * object keyed by input or raw column name, or a bare value for a single input) or {@code {"inputs":
 * …}} (columnar), answered with {@code {"predictions": […]}} or {@code {"outputs": …}}. Binary values
 * are {@code {"b64": "…"}}. For a classifier fed raw records or images, each prediction is
 * {@code {"label": …, "probabilities": […]}} with the model's outputs beside them.
 */
final class TfServingCodec {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private TfServingCodec() {
    }

    /** The request's inputs, and whether it used the row format. */
    record Request(List<TensorData> inputs, boolean rows) {
    }

    static Request parse(JsonNode root, Predictor p) {
        if (root.has("instances")) {
            JsonNode inst = root.get("instances");
            if (!inst.isArray() || inst.isEmpty()) {
                throw ServeException.badRequest("'instances' must be a non-empty list");
            }
            return new Request(rows(inst, p), true);
        }
        if (root.has("inputs")) {
            JsonNode in = root.get("inputs");
            List<TensorData> out = new ArrayList<>();
            if (in.isObject()) {
                in.fields().forEachRemaining(e -> out.add(column(e.getKey(), e.getValue())));
            } else {
                out.add(column(p.model().inputNames().get(0), in));
            }
            return new Request(out, false);
        }
        throw ServeException.badRequest("the body needs 'instances' (row format) or 'inputs' (columnar format)");
    }

    private static List<TensorData> rows(JsonNode inst, Predictor p) {
        boolean named = inst.get(0).isObject() && !inst.get(0).has("b64");
        Map<String, List<JsonNode>> columns = new LinkedHashMap<>();
        for (int i = 0; i < inst.size(); i++) {
            JsonNode r = inst.get(i);
            if (named) {
                if (!r.isObject()) {
                    throw ServeException.badRequest("instances[" + i + "] is not an object like instances[0]");
                }
                final int row = i;
                r.fields().forEachRemaining(e -> columns.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
                for (Map.Entry<String, List<JsonNode>> c : columns.entrySet()) {
                    if (c.getValue().size() != row + 1) {
                        throw ServeException.badRequest("instances[" + i + "] lacks '" + c.getKey() + "' (give null for a "
                                + "missing value)");
                    }
                }
            } else {
                columns.computeIfAbsent(p.model().inputNames().get(0), k -> new ArrayList<>()).add(r);
            }
        }
        List<TensorData> out = new ArrayList<>();
        columns.forEach((name, values) -> out.add(stack(name, values)));
        return out;
    }

    /** One input from its per-instance values: numbers and arrays of numbers, or strings and b64 objects. */
    private static TensorData stack(String name, List<JsonNode> values) {
        boolean bytes = values.stream().anyMatch(v -> v.isTextual() || v.isObject());
        if (bytes) {
            List<byte[]> b = new ArrayList<>();
            for (int i = 0; i < values.size(); i++) {
                b.add(values.get(i).isNull() ? null : bytesOf(name, values.get(i), i));
            }
            return new TensorData(name, "BYTES", new long[] {values.size()}, null, b);
        }
        List<Double> flat = new ArrayList<>();
        long[] per = shapeOf(values.get(0));
        long each = TensorData.count(name, per);
        for (int i = 0; i < values.size(); i++) {
            int before = flat.size();
            flatten(name, values.get(i), flat, each * values.size());
            if (flat.size() - before != each) {
                throw ServeException.badRequest("input '" + name + "': instances[" + i + "] has " + (flat.size() - before)
                        + " values, instances[0] has " + each);
            }
        }
        long[] shape = new long[per.length + 1];
        shape[0] = values.size();
        System.arraycopy(per, 0, shape, 1, per.length);
        return new TensorData(name, "FP64", shape, flat.stream().mapToDouble(Double::doubleValue).toArray(), null);
    }

    private static TensorData column(String name, JsonNode v) {
        if (!v.isArray() || v.isEmpty()) {
            throw ServeException.badRequest("input '" + name + "': expected a list with one entry per example");
        }
        List<JsonNode> values = new ArrayList<>();
        v.forEach(values::add);
        return stack(name, values);
    }

    private static long[] shapeOf(JsonNode v) {
        List<Long> dims = new ArrayList<>();
        for (JsonNode n = v; n.isArray(); n = n.isEmpty() ? F.nullNode() : n.get(0)) {
            dims.add((long) n.size());
            if (dims.size() > V2Codec.MAX_DEPTH) {
                break;
            }
        }
        return dims.stream().mapToLong(Long::longValue).toArray();
    }

    private static void flatten(String name, JsonNode n, List<Double> out, long limit) {
        if (n.isArray()) {
            for (JsonNode e : n) {
                flatten(name, e, out, limit);
            }
        } else if (n.isNumber() || n.isNull()) {
            if (out.size() >= limit) {
                throw ServeException.badRequest("input '" + name + "': more values than the instances' shape holds");
            }
            out.add(n.isNull() ? Double.NaN : n.asDouble());
        } else if (n.isBoolean()) {
            out.add(n.asBoolean() ? 1.0 : 0.0);
        } else {
            // the kind only: the element is the client's data
            throw ServeException.badRequest("input '" + name + "': element " + out.size() + " is not a number (found "
                    + ValueKind.of(n) + "); expected numbers, lists of numbers or null");
        }
    }

    private static byte[] bytesOf(String name, JsonNode v, int index) {
        byte[] b = V2Codec.bytesOrNull(v, name, false);
        if (b != null) {
            return b;
        }
        throw ServeException.badRequest("input '" + name + "': element " + index + ": expected a string, a number or "
                + "{\"b64\": …}, found " + ValueKind.of(v));
    }

    /** {@code {"predictions": […]}} for the row format, {@code {"outputs": …}} for the columnar one. */
    static ObjectNode response(Predictor p, Inference.Result r, boolean rowFormat, boolean decoded) {
        List<String> modelOutputs = p.model().outputNames();
        int n = (int) r.outputs().get(modelOutputs.get(0)).shape()[0];
        ObjectNode root = F.objectNode();
        if (!rowFormat) {
            if (modelOutputs.size() == 1 && !decoded) {
                root.set("outputs", nested(r.outputs().get(modelOutputs.get(0)), -1));
            } else {
                ObjectNode o = root.putObject("outputs");
                r.outputs().forEach((k, t) -> o.set(k, nested(t, -1)));
            }
            return root;
        }
        ArrayNode preds = root.putArray("predictions");
        for (int i = 0; i < n; i++) {
            if (decoded && r.predictions() != null) {
                Prediction pr = r.predictions().get(i);
                ObjectNode o = preds.addObject();
                o.put(Inference.LABEL, pr.label());
                ArrayNode probs = o.putArray(Inference.PROBABILITIES);
                for (double q : pr.probabilities()) {
                    probs.add((float) q);
                }
                for (String k : modelOutputs) {
                    o.set(k, nested(r.outputs().get(k), i));
                }
            } else if (modelOutputs.size() == 1) {
                preds.add(nested(r.outputs().get(modelOutputs.get(0)), i));
            } else {
                ObjectNode o = preds.addObject();
                for (String k : modelOutputs) {
                    o.set(k, nested(r.outputs().get(k), i));
                }
            }
        }
        return root;
    }

    /** Row {@code row} of a tensor as nested lists (the whole tensor for -1). */
    private static JsonNode nested(TensorData t, int row) {
        long[] s = row < 0 ? t.shape() : t.perRow();
        int per = 1;
        for (long d : t.perRow()) {
            per *= (int) d;
        }
        int offset = row < 0 ? 0 : row * per;
        if (t.isBytes()) {
            if (row >= 0) {
                return F.textNode(new String(t.bytes().get(row), StandardCharsets.UTF_8));
            }
            ArrayNode a = F.arrayNode();
            t.bytes().forEach(b -> a.add(new String(b, StandardCharsets.UTF_8)));
            return a;
        }
        return build(t, s, 0, new int[] {offset});
    }

    private static JsonNode build(TensorData t, long[] shape, int axis, int[] at) {
        if (axis == shape.length) {
            double d = t.numbers()[at[0]++];
            return t.datatype().equals("FP32") ? F.numberNode((float) d) : F.numberNode(d);
        }
        ArrayNode a = F.arrayNode();
        for (long i = 0; i < shape[axis]; i++) {
            a.add(build(t, shape, axis + 1, at));
        }
        return a;
    }

    /** {@code GET /v1/models/{m}}: each version's state, TF-Serving's way. */
    static ObjectNode status(List<ModelRepository.Version> versions) {
        ObjectNode root = F.objectNode();
        ArrayNode a = root.putArray("model_version_status");
        for (ModelRepository.Version v : versions) {
            ObjectNode o = a.addObject();
            o.put("version", Integer.toString(v.version()));
            o.put("state", v.state() == ModelRepository.State.READY ? "AVAILABLE" : "END");
            ObjectNode st = o.putObject("status");
            st.put("error_code", v.state() == ModelRepository.State.READY ? "OK" : "UNKNOWN");
            st.put("error_message", v.error() == null ? "" : v.error());
        }
        return root;
    }
}
