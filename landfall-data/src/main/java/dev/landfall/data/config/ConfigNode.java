package dev.landfall.data.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A node of a JSON or YAML document that knows where it is ({@code model.layers[2].units}), so that
 * every check of a field's presence, type and range fails with the document, the key path and what was
 * expected: {@code quickstart.yaml: model.layers[2].units: expected a positive integer, got -3}.
 * Each loader makes its own exception type from the message ({@code errors}), so a pipeline file fails
 * with a pipeline error and a model file with a model-file error.
 *
 * <pre>{@code
 * ConfigNode root = ConfigNode.root("model.json", tree, ModelFileException::new);
 * int units = root.get("config").positiveInt("units", 1);
 * }</pre>
 */
public final class ConfigNode {
    private final String document;
    private final String path;
    private final JsonNode node;
    private final Function<String, ? extends RuntimeException> errors;

    private ConfigNode(String document, String path, JsonNode node, Function<String, ? extends RuntimeException> errors) {
        this.document = document;
        this.path = path;
        this.node = node == null ? MissingNode.getInstance() : node;
        this.errors = errors;
    }

    /**
     * The root of a document.
     *
     * @param document its name in messages (a file name, or {@code model.landfall/model.json})
     * @param errors makes the loader's exception from a full message
     */
    public static ConfigNode root(String document, JsonNode node, Function<String, ? extends RuntimeException> errors) {
        return new ConfigNode(document, "", node, errors);
    }

    /** The key path from the root ({@code ""} for the root). */
    public String path() {
        return path;
    }

    /** The document's name. */
    public String document() {
        return document;
    }

    /** The underlying JSON node (a MissingNode when absent). */
    public JsonNode raw() {
        return node;
    }

    public boolean isMissing() {
        return node.isMissingNode() || node.isNull();
    }

    public boolean isObject() {
        return node.isObject();
    }

    public boolean isArray() {
        return node.isArray();
    }

    /** Whether the key is present with a non-null value. */
    public boolean has(String key) {
        return node.isObject() && node.has(key) && !node.get(key).isNull();
    }

    /** The child (missing when absent or when this is not a mapping). */
    public ConfigNode get(String key) {
        return new ConfigNode(document, path.isEmpty() ? key : path + "." + key, node.isObject() ? node.get(key) : null,
                errors);
    }

    /**
     * The error for this key path: {@code document: path: message} (a document named {@code ""} gives
     * {@code path: message}, for a part of a larger document whose reader adds the rest of the path).
     */
    public RuntimeException error(String message) {
        return errors.apply((document.isEmpty() ? "" : document + ": ") + (path.isEmpty() ? "" : path + ": ") + message);
    }

    /**
     * The error of a nested reader whose message starts with a key path relative to this node
     * ({@code steps[0].transform.mean: expected …}): the paths are joined
     * ({@code pipeline.steps[0].transform.mean: expected …}); any other message is placed at this node.
     */
    public RuntimeException nestedError(String message) {
        String m = message == null ? "invalid" : message;
        java.util.regex.Matcher k = java.util.regex.Pattern.compile("^([A-Za-z_*][\\w*]*(?:\\[\\d+\\])*(?:\\.[\\w*]+(?:\\[\\d+\\])*)*): (.*)$",
                java.util.regex.Pattern.DOTALL).matcher(m);
        if (k.matches()) {
            return new ConfigNode(document, path.isEmpty() ? k.group(1) : path + "." + k.group(1), node, errors)
                    .error(k.group(2));
        }
        return error(m);
    }

    /** A finite number, or null for a JSON null (a value not computed). */
    public Double nullableNumber() {
        return isMissing() ? null : asNumber();
    }

    /** A list of finite numbers; null when missing or JSON null. */
    public double[] numbers() {
        if (isMissing()) {
            return null;
        }
        List<ConfigNode> e = elements();
        double[] out = new double[e.size()];
        for (int i = 0; i < out.length; i++) {
            ConfigNode x = e.get(i);
            // Java's shortest round-trip form may write NaN or Infinity as text ("NaN")
            out[i] = x.raw().isTextual() ? parseDouble(x) : x.asNumber();
        }
        return out;
    }

    private static double parseDouble(ConfigNode x) {
        try {
            return Double.parseDouble(x.raw().asText());
        } catch (NumberFormatException e) {
            throw x.error("expected a number, got " + describe(x.raw()));
        }
    }

    /** A list of text values (strictly text). */
    public List<String> texts() {
        return elements().stream().map(ConfigNode::asString).toList();
    }

    /** A mapping is required here; keys outside {@code allowed} are errors that list the allowed ones. */
    public ConfigNode requireMap(Set<String> allowed) {
        requireObject();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!allowed.contains(k)) {
                throw get(k).error("unknown key '" + k + "' (known: " + String.join(", ", allowed) + ")");
            }
        }
        return this;
    }

    /** A mapping is required here (any keys). */
    public ConfigNode requireObject() {
        if (!node.isObject()) {
            throw error("expected a mapping (key: value lines), got " + describe(node));
        }
        return this;
    }

    /** The required child. */
    public ConfigNode required(String key) {
        ConfigNode c = get(key);
        if (c.isMissing()) {
            throw c.error("required but missing");
        }
        return c;
    }

    /** A scalar read as text (a number or true/false reads as its text), or {@code dflt} when absent. */
    public String string(String key, String dflt) {
        ConfigNode c = get(key);
        return c.isMissing() ? dflt : c.asText();
    }

    /** A name: text only (a number or a mapping where a name belongs is an error), or {@code dflt} when absent. */
    public String name(String key, String dflt) {
        ConfigNode c = get(key);
        return c.isMissing() ? dflt : c.asString();
    }

    /** A text value; numbers and booleans are refused where a name is expected. */
    public String asString() {
        if (!node.isTextual()) {
            throw error("expected a text value, got " + describe(node));
        }
        return node.asText();
    }

    /** A scalar written as text (a number or true/false reads as its text). */
    public String asText() {
        if (!node.isValueNode() || node.isNull()) {
            throw error("expected a text value, got " + describe(node));
        }
        return node.asText();
    }

    /** A text value from a fixed set (compared case-insensitively, returned lower-case). */
    public String choice(String key, String dflt, List<String> choices) {
        ConfigNode c = get(key);
        if (c.isMissing()) {
            return dflt;
        }
        String v = c.asText().toLowerCase(Locale.ROOT);
        if (!choices.contains(v)) {
            throw c.error("expected one of " + String.join(", ", choices) + ", got '" + c.asText() + "'");
        }
        return v;
    }

    public int positiveInt(String key, int dflt) {
        ConfigNode c = get(key);
        return c.isMissing() ? dflt : c.asPositiveInt();
    }

    public int asPositiveInt() {
        return asIntIn(1, Integer.MAX_VALUE, "a positive integer");
    }

    public int nonNegativeInt(String key, int dflt) {
        ConfigNode c = get(key);
        return c.isMissing() ? dflt : c.asIntIn(0, Integer.MAX_VALUE, "a non-negative integer");
    }

    /** An integer in {@code [min, max]}; {@code expected} words it for the message. */
    public int asIntIn(long min, long max, String expected) {
        Double d = number(node);
        if (d == null || d != Math.rint(d) || d < min || d > max) {
            throw error("expected " + expected + ", got " + describe(node));
        }
        return d.intValue();
    }

    public long integer(String key, long dflt) {
        ConfigNode c = get(key);
        return c.isMissing() ? dflt : c.asLong();
    }

    public long asLong() {
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.asLong();
        }
        Double d = number(node);
        if (d == null || d != Math.rint(d) || Math.abs(d) > 9.007199254740992E15) {
            throw error("expected an integer, got " + describe(node));
        }
        return d.longValue();
    }

    public double number(String key, double dflt) {
        ConfigNode c = get(key);
        return c.isMissing() ? dflt : c.asNumber();
    }

    /** A finite number (text such as {@code 1e-3} counts, as YAML 1.1 reads it as a string). */
    public double asNumber() {
        Double d = number(node);
        if (d == null || !Double.isFinite(d)) {
            throw error("expected a number, got " + describe(node));
        }
        return d;
    }

    public double positiveNumber(String key, double dflt) {
        ConfigNode c = get(key);
        if (c.isMissing()) {
            return dflt;
        }
        double d = c.asNumber();
        if (!(d > 0)) {
            throw c.error("expected a positive number, got " + describe(c.node));
        }
        return d;
    }

    /** A number in {@code [min, max)} (a fraction, a rate). */
    public double fraction(String key, double dflt, double min, double max) {
        ConfigNode c = get(key);
        if (c.isMissing()) {
            return dflt;
        }
        double d = c.asNumber();
        if (!(d >= min && d < max)) {
            throw c.error("expected a number in [" + min + ", " + max + "), got " + describe(c.node));
        }
        return d;
    }

    public boolean bool(String key, boolean dflt) {
        ConfigNode c = get(key);
        if (c.isMissing()) {
            return dflt;
        }
        return c.asBool();
    }

    public boolean asBool() {
        if (!node.isBoolean()) {
            throw error("expected true or false, got " + describe(node));
        }
        return node.asBoolean();
    }

    /** The elements of a list (a missing key is an empty list). */
    public List<ConfigNode> list(String key) {
        ConfigNode c = get(key);
        return c.isMissing() ? List.of() : c.elements();
    }

    public List<ConfigNode> elements() {
        if (!node.isArray()) {
            throw error("expected a list ('- item' lines or [a, b]), got " + describe(node));
        }
        List<ConfigNode> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            out.add(new ConfigNode(document, path + "[" + i + "]", node.get(i), errors));
        }
        return out;
    }

    /** A list of text values, or a single text value read as a one-element list. */
    public List<String> strings(String key) {
        ConfigNode c = get(key);
        if (c.isMissing()) {
            return List.of();
        }
        if (c.node.isValueNode()) {
            return List.of(c.asText());
        }
        return c.elements().stream().map(ConfigNode::asText).toList();
    }

    /** A list of positive integers, or one integer read as a one-element list. */
    public int[] positiveInts() {
        List<ConfigNode> dims = node.isArray() ? elements() : List.of(this);
        int[] out = new int[dims.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = dims.get(i).asPositiveInt();
        }
        return out;
    }

    /** The children of a mapping, in document order. */
    public Map<String, ConfigNode> fields() {
        requireObject();
        Map<String, ConfigNode> out = new LinkedHashMap<>();
        node.fieldNames().forEachRemaining(k -> out.put(k, get(k)));
        return out;
    }

    /**
     * A one-key mapping used as a named entry ({@code - Dense: {units: 128}} or {@code - standard_scaler}):
     * returns the name, and the arguments as {@link #entryArguments()}.
     */
    public String entryName() {
        if (node.isTextual()) {
            return node.asText();
        }
        if (!node.isObject() || node.size() != 1) {
            throw error("expected one 'Name: {arguments}' entry, got " + describe(node));
        }
        return node.fieldNames().next();
    }

    /** The arguments of a named entry: an empty mapping when given as a plain name. */
    public ConfigNode entryArguments() {
        if (node.isTextual()) {
            return new ConfigNode(document, path, JsonNodeFactory.instance.objectNode(), errors);
        }
        String name = entryName();
        ConfigNode args = get(name);
        if (args.isMissing()) {
            return new ConfigNode(document, args.path, JsonNodeFactory.instance.objectNode(), errors);
        }
        if (!args.node.isObject()) {
            throw args.error("expected a mapping of arguments, got " + describe(args.node));
        }
        // keys read as model.layers[2].units, not model.layers[2].Dense.units
        return new ConfigNode(document, path, args.node, errors);
    }

    /** The mapping as plain Java values (numbers written as text, e.g. {@code 1e-3}, become numbers). */
    public Map<String, Object> toMap() {
        requireObject();
        Map<String, Object> out = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> out.put(e.getKey(), plain(e.getValue())));
        return out;
    }

    /** The keys of a mapping, in document order (empty for anything else). */
    public Set<String> keys() {
        Set<String> out = new LinkedHashSet<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static Object plain(JsonNode n) {
        if (n.isIntegralNumber()) {
            return n.canConvertToInt() ? (Object) n.asInt() : n.canConvertToLong() ? (Object) n.asLong()
                    : (Object) n.asDouble();
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

    /** A number, also from text such as {@code 1e-3} (YAML 1.1 reads that as a string); null otherwise. */
    static Double number(JsonNode n) {
        if (n.isNumber()) {
            return n.asDouble();
        }
        if (n.isTextual() && n.asText().strip().matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?")) {
            return Double.parseDouble(n.asText().strip());
        }
        return null;
    }

    /** How a value reads in a message: {@code 'text'}, {@code 3}, {@code a mapping}, {@code nothing}. */
    public static String describe(JsonNode n) {
        if (n == null || n.isMissingNode() || n.isNull()) {
            return "nothing";
        }
        if (n.isTextual()) {
            String t = n.asText();
            return "'" + (t.length() > 80 ? t.substring(0, 77) + "..." : t) + "'";
        }
        if (n.isObject()) {
            return "a mapping";
        }
        if (n.isArray()) {
            return "a list";
        }
        return n.asText();
    }

    /** An ordered set of keys, for {@link #requireMap}. */
    public static Set<String> keys(String... k) {
        return new LinkedHashSet<>(List.of(k));
    }
}
