package dev.landfall.nn.layers;

import java.util.List;
import java.util.Map;

/** Typed reads of config maps that came from JSON (numbers may be Integer, Long or Double). */
final class ConfigValues {
    private ConfigValues() {
    }

    static int intValue(Map<String, Object> c, String key, int dflt) {
        Object v = c.get(key);
        return v == null ? dflt : ((Number) v).intValue();
    }

    static double doubleValue(Map<String, Object> c, String key, double dflt) {
        Object v = c.get(key);
        return v == null ? dflt : ((Number) v).doubleValue();
    }

    static boolean boolValue(Map<String, Object> c, String key, boolean dflt) {
        Object v = c.get(key);
        return v == null ? dflt : (Boolean) v;
    }

    static String stringValue(Map<String, Object> c, String key, String dflt) {
        Object v = c.get(key);
        return v == null ? dflt : v.toString();
    }

    static int[] intArray(Map<String, Object> c, String key, int[] dflt) {
        Object v = c.get(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Number n) {
            return new int[] {n.intValue()};
        }
        return ((List<?>) v).stream().mapToInt(x -> ((Number) x).intValue()).toArray();
    }

    static List<Integer> list(int[] values) {
        return java.util.Arrays.stream(values).boxed().toList();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> c, String key) {
        return (Map<String, Object>) c.get(key);
    }

    static void requirePositive(String what, int v) {
        if (v < 1) {
            throw new IllegalArgumentException("Received an invalid value for " + what
                    + ", expected a positive integer. Received: " + what + "=" + v);
        }
    }

    static void requireRate(double rate) {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("Received an invalid value for rate, expected a float in [0, 1). "
                    + "Received: rate=" + rate);
        }
    }
}
