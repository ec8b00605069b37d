package dev.landfall.data.transform;

import dev.landfall.data.config.ConfigNode;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** Reads transforms back from JSON, and JSON helpers they share. */
public final class Transforms {
    static final ObjectMapper JSON = new ObjectMapper();

    private Transforms() {
    }

    /**
     * The transform {@code node} describes.
     *
     * @throws IllegalArgumentException for an unknown {@code "type"}
     */
    public static Transform fromJson(JsonNode node) {
        return fromJson(ConfigNode.root("", node, IllegalArgumentException::new));
    }

    /**
     * The transform a config node describes, every field checked.
     *
     * @throws IllegalArgumentException naming the key path of what is missing or of the wrong type
     */
    public static Transform fromJson(ConfigNode node) {
        String type = node.requireObject().required("type").asString();
        return switch (type) {
            case StandardScaler.TYPE -> StandardScaler.fromJson(node);
            case MinMaxScaler.TYPE -> MinMaxScaler.fromJson(node);
            case SimpleImputer.TYPE -> SimpleImputer.fromJson(node);
            case OneHotEncoder.TYPE -> OneHotEncoder.fromJson(node);
            case TextVectorization.TYPE -> TextVectorization.fromJson(node);
            case Passthrough.TYPE -> new Passthrough();
            default -> throw node.get("type").error("unknown transform type \"" + type + "\"; known: "
                    + List.of(StandardScaler.TYPE, MinMaxScaler.TYPE, SimpleImputer.TYPE, OneHotEncoder.TYPE,
                    TextVectorization.TYPE, Passthrough.TYPE));
        };
    }

    /** Parses JSON text. */
    public static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("malformed transform JSON: " + e.getMessage(), e);
        }
    }

    static ObjectNode node(String type) {
        ObjectNode n = JSON.createObjectNode();
        n.put("type", type);
        return n;
    }

    static JsonNode doubles(double[] v) {
        if (v == null) {
            return JSON.nullNode();
        }
        ArrayNode a = JSON.createArrayNode();
        for (double d : v) {
            a.add(d);
        }
        return a;
    }

    static double[] doubles(JsonNode a) {
        if (a == null || a.isNull() || a.isMissingNode()) {
            return null;
        }
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i).isTextual() ? Double.parseDouble(a.get(i).asText()) : a.get(i).asDouble();
        }
        return v;
    }

    static ArrayNode strings(List<String> v) {
        ArrayNode a = JSON.createArrayNode();
        v.forEach(a::add);
        return a;
    }

    static List<String> strings(JsonNode a) {
        List<String> out = new ArrayList<>();
        a.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** Numeric input as a {@code [rows, cols]} double matrix, row-major. */
    static double[] matrix(dev.landfall.data.table.Table t, List<String> cols) {
        int n = t.rowCount(), f = cols.size();
        double[] out = new double[n * f];
        for (int j = 0; j < f; j++) {
            double[] c = t.column(cols.get(j)).numbers();
            for (int i = 0; i < n; i++) {
                out[i * f + j] = c[i];
            }
        }
        return out;
    }
}
