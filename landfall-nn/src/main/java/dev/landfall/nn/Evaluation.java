package dev.landfall.nn;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** What {@code evaluate} returns: the loss and each metric over the whole dataset. */
public final class Evaluation {
    private final Map<String, Double> values;

    public Evaluation(Map<String, Double> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** The mean loss. */
    public double loss() {
        return get("loss");
    }

    /**
     * One value by name ({@code accuracy}).
     *
     * @throws IllegalArgumentException naming the available values when {@code name} is absent
     */
    public double get(String name) {
        Double v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("The evaluation has no '" + name + "'; available: " + values.keySet());
        }
        return v;
    }

    /** All values by name. */
    public Map<String, Double> values() {
        return values;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        values.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : " - ").append(k).append(": ")
                .append(String.format(Locale.ROOT, "%.4f", v)));
        return sb.toString();
    }
}
