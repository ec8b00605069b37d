package dev.landfall.nn.callbacks;

import java.util.Map;

/** Reads a monitored quantity from epoch logs and decides whether a value improves on the best, Keras's "auto" mode included. */
final class Monitor {
    enum Mode { AUTO, MIN, MAX }

    final String name;
    final boolean maximize;
    final double minDelta;

    Monitor(String name, Mode mode, double minDelta) {
        this.name = name;
        this.minDelta = Math.abs(minDelta);
        this.maximize = switch (mode) {
            case MIN -> false;
            case MAX -> true;
            // Keras: "auto" maximizes accuracy-like and AUC-like names, minimizes everything else.
            case AUTO -> name.endsWith("acc") || name.endsWith("accuracy") || name.endsWith("auc");
        };
    }

    /** The value, or null when the logs lack it. */
    Double read(Map<String, Double> logs) {
        return logs == null ? null : logs.get(name);
    }

    boolean improves(double value, double best) {
        return maximize ? value - minDelta > best : value + minDelta < best;
    }

    double worst() {
        return maximize ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }

    static Mode mode(String m) {
        return switch (m.toLowerCase(java.util.Locale.ROOT)) {
            case "auto" -> Mode.AUTO;
            case "min" -> Mode.MIN;
            case "max" -> Mode.MAX;
            default -> throw new IllegalArgumentException("Received an invalid value for mode, expected \"auto\", \"min\" "
                    + "or \"max\". Received: mode=" + m);
        };
    }
}
