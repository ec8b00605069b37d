package dev.landfall.nn.layers;

import dev.landfall.data.config.ConfigMap;
import java.util.List;
import java.util.Map;

/** Typed reads of layer configs (through {@link ConfigMap}: wrong types fail naming the key). */
final class ConfigValues {
    private ConfigValues() {
    }

    static int intValue(Map<String, Object> c, String key, int dflt) {
        return ConfigMap.integer(c, key, dflt);
    }

    static double doubleValue(Map<String, Object> c, String key, double dflt) {
        return ConfigMap.number(c, key, dflt);
    }

    static boolean boolValue(Map<String, Object> c, String key, boolean dflt) {
        return ConfigMap.bool(c, key, dflt);
    }

    static String stringValue(Map<String, Object> c, String key, String dflt) {
        return ConfigMap.string(c, key, dflt);
    }

    static int[] intArray(Map<String, Object> c, String key, int[] dflt) {
        return ConfigMap.ints(c, key, dflt);
    }

    static List<Integer> list(int[] values) {
        return java.util.Arrays.stream(values).boxed().toList();
    }

    static Map<String, Object> map(Map<String, Object> c, String key) {
        return ConfigMap.map(c, key);
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
