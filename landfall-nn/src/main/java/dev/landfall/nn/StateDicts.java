package dev.landfall.nn;

import dev.landfall.tensor.Tensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Strict, name-based loading of weights (PyTorch's {@code load_state_dict} contract). */
public final class StateDicts {
    private StateDicts() {
    }

    /** Keys the model had but the state lacked, and keys the state had but the model lacks. */
    public record LoadResult(List<String> missing, List<String> unexpected) {
    }

    static LoadResult load(List<Weight> weights, Map<String, Tensor> state, boolean strict) {
        Map<String, Weight> byName = new LinkedHashMap<>();
        for (Weight w : weights) {
            byName.put(w.name(), w);
        }
        List<String> missing = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        List<String> misShaped = new ArrayList<>();
        for (Map.Entry<String, Weight> e : byName.entrySet()) {
            Tensor t = state.get(e.getKey());
            if (t == null) {
                missing.add(e.getKey());
            } else if (!t.shape().equals(e.getValue().shape())) {
                misShaped.add(e.getKey() + " (model " + e.getValue().shape() + ", state " + t.shape() + ")");
            }
        }
        for (String k : state.keySet()) {
            if (!byName.containsKey(k)) {
                unexpected.add(k);
            }
        }
        if (!misShaped.isEmpty() || (strict && (!missing.isEmpty() || !unexpected.isEmpty()))) {
            StringBuilder sb = new StringBuilder("Error loading the state dict:");
            if (!missing.isEmpty()) {
                sb.append(" missing keys ").append(missing).append(';');
            }
            if (!unexpected.isEmpty()) {
                sb.append(" unexpected keys ").append(unexpected).append(';');
            }
            if (!misShaped.isEmpty()) {
                sb.append(" shape mismatch for ").append(misShaped).append(';');
            }
            throw new IllegalArgumentException(sb.substring(0, sb.length() - 1));
        }
        for (Map.Entry<String, Weight> e : byName.entrySet()) {
            Tensor t = state.get(e.getKey());
            if (t != null) {
                e.getValue().assign(t.to(e.getValue().value().dtype()));
            }
        }
        return new LoadResult(List.copyOf(missing), List.copyOf(unexpected));
    }
}
