package dev.landfall.nn;

import dev.landfall.nn.callbacks.Callback;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What {@code fit} returns: per-epoch values of the loss and metrics ({@code history.get("val_loss")}). */
public final class History extends Callback {
    private final List<Integer> epochs = new ArrayList<>();
    private final Map<String, List<Double>> values = new LinkedHashMap<>();

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        epochs.add(epoch);
        logs.forEach((k, v) -> values.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
    }

    /** The epochs that ran (from 0). */
    public List<Integer> epochs() {
        return Collections.unmodifiableList(epochs);
    }

    /** All series by name. */
    public Map<String, List<Double>> history() {
        Map<String, List<Double>> copy = new LinkedHashMap<>();
        values.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        return copy;
    }

    /**
     * One series.
     *
     * @throws IllegalArgumentException naming the available series when {@code key} is absent
     */
    public List<Double> get(String key) {
        List<Double> v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException("History has no '" + key + "'; available: " + values.keySet());
        }
        return List.copyOf(v);
    }

    /** The last value of a series. */
    public double last(String key) {
        List<Double> v = get(key);
        return v.get(v.size() - 1);
    }
}
