package dev.landfall.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A node of a pipeline file that knows where it is ({@code model.layers[2].units}), so that every
 * validation error names the file and the key path:
 * {@code quickstart.yaml: model.layers[2].units: expected a positive integer, got -3}.
 */
final class YamlNode {
    private final String file;
    private final String path;
    private final JsonNode node;

    YamlNode(String file, String path, JsonNode node) {
        this.file = file;
        this.path = path;
        this.node = node == null ? MissingNode.getInstance() : node;
    }

    String path() {
        return path;
    }

    JsonNode raw() {
        return node;
    }

    boolean isMissing() {
        return node.isMissingNode() || node.isNull();
    }

    boolean has(String key) {
        return node.has(key) && !node.get(key).isNull();
    }

    YamlNode get(String key) {
        return new YamlNode(file, path.isEmpty() ? key : path + "." + key, node.get(key));
    }

    /** The error for this key path. */
    CliException error(String message) {
        return new CliException(file + ": " + (path.isEmpty() ? "" : path + ": ") + message);
    }

    /** A mapping is required here; keys outside {@code allowed} are errors that list the allowed ones. */
    YamlNode requireMap(Set<String> allowed) {
        if (!node.isObject()) {
            throw error("expected a mapping (key: value lines), got " + describe(node));
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!allowed.contains(k)) {
                throw get(k).error("unknown key '" + k + "' (known: " + String.join(", ", allowed) + ")");
            }
        }
        return this;
    }

    /** The required child. */
    YamlNode required(String key) {
        YamlNode c = get(key);
        if (c.isMissing()) {
            throw c.error("required but missing");
        }
        return c;
    }

    String string(String key, String dflt) {
        YamlNode c = get(key);
        return c.isMissing() ? dflt : c.asString();
    }

    String asString() {
        if (!node.isValueNode() || node.isNull()) {
            throw error("expected a text value, got " + describe(node));
        }
        return node.asText();
    }

    /** A text value from a fixed set (compared case-insensitively, returned lower-case). */
    String choice(String key, String dflt, List<String> choices) {
        YamlNode c = get(key);
        if (c.isMissing()) {
            return dflt;
        }
        String v = c.asString().toLowerCase(Locale.ROOT);
        if (!choices.contains(v)) {
            throw c.error("expected one of " + String.join(", ", choices) + ", got '" + c.asString() + "'");
        }
        return v;
    }

    int positiveInt(String key, int dflt) {
        YamlNode c = get(key);
        return c.isMissing() ? dflt : c.asPositiveInt();
    }

    int asPositiveInt() {
        Double d = number(node);
        if (d == null || d != Math.rint(d) || d < 1 || d > Integer.MAX_VALUE) {
            throw error("expected a positive integer, got " + describe(node));
        }
        return d.intValue();
    }

    int nonNegativeInt(String key, int dflt) {
        YamlNode c = get(key);
        if (c.isMissing()) {
            return dflt;
        }
        Double d = number(c.node);
        if (d == null || d != Math.rint(d) || d < 0 || d > Integer.MAX_VALUE) {
            throw c.error("expected a non-negative integer, got " + describe(c.node));
        }
        return d.intValue();
    }

    long integer(String key, long dflt) {
        YamlNode c = get(key);
        if (c.isMissing()) {
            return dflt;
        }
        Double d = number(c.node);
        if (d == null || d != Math.rint(d)) {
            throw c.error("expected an integer, got " + describe(c.node));
        }
        return c.node.isIntegralNumber() ? c.node.asLong() : d.longValue();
    }

    double number(String key, double dflt) {
        YamlNode c = get(key);
        return c.isMissing() ? dflt : c.asNumber();
    }

    double asNumber() {
        Double d = number(node);
        if (d == null || !Double.isFinite(d)) {
            throw error("expected a number, got " + describe(node));
        }
        return d;
    }

    double positiveNumber(String key, double dflt) {
        YamlNode c = get(key);
        if (c.isMissing()) {
            return dflt;
        }
        double d = c.asNumber();
        if (!(d > 0)) {
            throw c.error("expected a positive number, got " + describe(c.node));
        }
        return d;
    }

    boolean bool(String key, boolean dflt) {
        YamlNode c = get(key);
        if (c.isMissing()) {
            return dflt;
        }
        if (!c.node.isBoolean()) {
            throw c.error("expected true or false, got " + describe(c.node));
        }
        return c.node.asBoolean();
    }

    /** The elements of a list (a missing key is an empty list). */
    List<YamlNode> list(String key) {
        YamlNode c = get(key);
        if (c.isMissing()) {
            return List.of();
        }
        return c.elements();
    }

    List<YamlNode> elements() {
        if (!node.isArray()) {
            throw error("expected a list ('- item' lines or [a, b]), got " + describe(node));
        }
        List<YamlNode> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            out.add(new YamlNode(file, path + "[" + i + "]", node.get(i)));
        }
        return out;
    }

    /** A list of text values, or a single text value read as a one-element list. */
    List<String> strings(String key) {
        YamlNode c = get(key);
        if (c.isMissing()) {
            return List.of();
        }
        if (c.node.isValueNode()) {
            return List.of(c.asString());
        }
        return c.elements().stream().map(YamlNode::asString).toList();
    }

    /**
     * A one-key mapping used as a named entry ({@code - Dense: {units: 128}} or {@code - standard_scaler}):
     * returns the name, and the arguments as {@link #get} of that name.
     */
    String entryName() {
        if (node.isTextual()) {
            return node.asText();
        }
        if (!node.isObject() || node.size() != 1) {
            throw error("expected one 'Name: {arguments}' entry, got " + describe(node));
        }
        return node.fieldNames().next();
    }

    /** The arguments of a named entry: an empty mapping when given as a plain name. */
    YamlNode entryArguments() {
        if (node.isTextual()) {
            return new YamlNode(file, path, com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode());
        }
        String name = entryName();
        YamlNode args = get(name);
        if (args.isMissing()) {
            return new YamlNode(file, args.path, com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode());
        }
        if (!args.node.isObject()) {
            throw args.error("expected a mapping of arguments, got " + describe(args.node));
        }
        // keys read as model.layers[2].units, not model.layers[2].Dense.units
        return new YamlNode(file, path, args.node);
    }

    /** The mapping as plain Java values (numbers written as text, e.g. {@code 1e-3}, become numbers). */
    Map<String, Object> toMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> out.put(e.getKey(), plain(e.getValue())));
        return out;
    }

    Set<String> keys() {
        Set<String> out = new java.util.LinkedHashSet<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static Object plain(JsonNode n) {
        if (n.isIntegralNumber()) {
            return n.canConvertToInt() ? (Object) n.asInt() : (Object) n.asLong();
        }
        if (n.isNumber()) {
            return n.asDouble();
        }
        if (n.isBoolean()) {
            return n.asBoolean();
        }
        if (n.isTextual()) {
            Double d = number(n);
            return d != null ? (Object) d : n.asText();
        }
        if (n.isArray()) {
            List<Object> l = new ArrayList<>();
            n.forEach(x -> l.add(plain(x)));
            return l;
        }
        if (n.isObject()) {
            Map<String, Object> m = new LinkedHashMap<>();
            n.fields().forEachRemaining(e -> m.put(e.getKey(), plain(e.getValue())));
            return m;
        }
        return null;
    }

    /** A number, also from text such as {@code 1e-3} (YAML 1.1 reads that as a string). */
    static Double number(JsonNode n) {
        if (n.isNumber()) {
            return n.asDouble();
        }
        if (n.isTextual() && n.asText().strip().matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?")) {
            return Double.parseDouble(n.asText().strip());
        }
        return null;
    }

    static String describe(JsonNode n) {
        if (n == null || n.isMissingNode() || n.isNull()) {
            return "nothing";
        }
        if (n.isTextual()) {
            return "'" + n.asText() + "'";
        }
        if (n.isObject()) {
            return "a mapping";
        }
        if (n.isArray()) {
            return "a list";
        }
        return n.asText();
    }
}
