package dev.landfall.data.config;

import java.util.List;
import java.util.Map;

/**
 * Typed reads of a config map (a layer's, a loss's, an optimizer's config, as it comes from JSON or
 * YAML: numbers may be Integer, Long or Double). What {@link ConfigNode} is for documents, this is for
 * the maps that registered factories take: every read checks presence, type and range, and fails with
 * an {@link IllegalArgumentException} that starts with the key ({@code units: expected an integer,
 * got true}), so a loader can put the document and key path in front.
 */
public final class ConfigMap {
    private ConfigMap() {
    }

    private static IllegalArgumentException wrong(String key, String expected, Object v) {
        return new IllegalArgumentException(key + ": expected " + expected + ", got " + describe(v));
    }

    /** An integer in the int range; {@code dflt} when absent or null. */
    public static int integer(Map<String, ?> c, String key, int dflt) {
        Object v = c.get(key);
        if (v == null) {
            return dflt;
        }
        double d = v instanceof Number n ? n.doubleValue() : Double.NaN;
        if (!(v instanceof Number) || d != Math.rint(d) || d < Integer.MIN_VALUE || d > Integer.MAX_VALUE) {
            throw wrong(key, "an integer", v);
        }
        return (int) d;
    }

    /** A whole number (as a long); {@code dflt} when absent or null. */
    public static long longValue(Map<String, ?> c, String key, long dflt) {
        Object v = c.get(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Integer || v instanceof Long) {
            return ((Number) v).longValue();
        }
        double d = v instanceof Number n ? n.doubleValue() : Double.NaN;
        if (d != Math.rint(d) || Math.abs(d) > 9.007199254740992E15) {
            throw wrong(key, "an integer", v);
        }
        return (long) d;
    }

    /** A finite number; {@code dflt} when absent or null. */
    public static double number(Map<String, ?> c, String key, double dflt) {
        Object v = c.get(key);
        if (v == null) {
            return dflt;
        }
        if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue())) {
            throw wrong(key, "a number", v);
        }
        return n.doubleValue();
    }

    /** A finite number that must be there. */
    public static double requiredNumber(Map<String, ?> c, String key) {
        if (c.get(key) == null) {
            throw new IllegalArgumentException(key + ": required but missing");
        }
        return number(c, key, 0);
    }

    /** true or false; {@code dflt} when absent or null. */
    public static boolean bool(Map<String, ?> c, String key, boolean dflt) {
        Object v = c.get(key);
        if (v == null) {
            return dflt;
        }
        if (!(v instanceof Boolean b)) {
            throw wrong(key, "true or false", v);
        }
        return b;
    }

    /** A text value (a name); {@code dflt} when absent or null. */
    public static String string(Map<String, ?> c, String key, String dflt) {
        Object v = c.get(key);
        if (v == null) {
            return dflt;
        }
        if (!(v instanceof String s)) {
            throw wrong(key, "a text value", v);
        }
        return s;
    }

    /** A text value that must be there. */
    public static String requiredString(Map<String, ?> c, String key) {
        String s = string(c, key, null);
        if (s == null) {
            throw new IllegalArgumentException(key + ": required but missing");
        }
        return s;
    }

    /** Integers: a list of them, or one read as a one-element list; {@code dflt} when absent. */
    public static int[] ints(Map<String, ?> c, String key, int[] dflt) {
        Object v = c.get(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Number) {
            return new int[] {integer(c, key, 0)};
        }
        if (!(v instanceof List<?> l)) {
            throw wrong(key, "an integer or a list of integers", v);
        }
        int[] out = new int[l.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = integer(Map.of(key + "[" + i + "]", l.get(i) == null ? "null" : l.get(i)), key + "[" + i + "]", 0);
        }
        return out;
    }

    /** Numbers in a list; {@code dflt} when absent. */
    public static double[] numbers(Map<String, ?> c, String key, double[] dflt) {
        Object v = c.get(key);
        if (v == null) {
            return dflt;
        }
        if (!(v instanceof List<?> l)) {
            throw wrong(key, "a list of numbers", v);
        }
        double[] out = new double[l.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = number(Map.of(key + "[" + i + "]", l.get(i) == null ? "null" : l.get(i)), key + "[" + i + "]", 0);
        }
        return out;
    }

    /** A nested mapping, or null when absent. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Map<String, ?> c, String key) {
        Object v = c.get(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Map<?, ?>)) {
            throw wrong(key, "a mapping", v);
        }
        return (Map<String, Object>) v;
    }

    /** How a value reads in a message. */
    public static String describe(Object v) {
        if (v == null) {
            return "nothing";
        }
        if (v instanceof String s) {
            return "'" + (s.length() > 80 ? s.substring(0, 77) + "..." : s) + "'";
        }
        if (v instanceof Map<?, ?>) {
            return "a mapping";
        }
        if (v instanceof List<?>) {
            return "a list";
        }
        return String.valueOf(v);
    }
}
