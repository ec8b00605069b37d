package dev.landfall.compress;

import dev.landfall.nn.Model;
import dev.landfall.nn.Sequential;
import dev.landfall.nn.Weight;
import dev.landfall.nn.layers.Activation;
import dev.landfall.nn.layers.BatchNormalization;
import dev.landfall.nn.layers.Dense;
import dev.landfall.nn.layers.Dropout;
import dev.landfall.nn.layers.Input;
import dev.landfall.nn.layers.Layer;
import dev.landfall.nn.layers.Layers;
import dev.landfall.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Structured pruning of the hidden units of a stack of Dense layers: each hidden Dense layer keeps the
 * units whose kernel columns have the largest L1 or L2 norm, the layers between it and the next Dense
 * (activations, dropout, BatchNormalization) keep the same units, and the next Dense layer loses the
 * matching kernel rows. The result is a smaller model with the same layer names and the surviving weights,
 * really smaller and faster, to be fine-tuned.
 *
 * <pre>{@code
 * Model small = StructuredPruning.pruneUnits(model, 0.5, 2);   // half of every hidden layer's units
 * small.compile(...); small.fit(...);                          // fine-tune
 * }</pre>
 */
public final class StructuredPruning {
    private StructuredPruning() {
    }

    /**
     * A copy of a Sequential Dense stack with {@code fraction} of each hidden Dense layer's units removed
     * (at least one kept), ranked by the {@code norm} (1 or 2) of their kernel columns; the output layer
     * keeps its units. The copy is not compiled.
     *
     * @throws IllegalArgumentException for a fraction outside [0, 1), a norm other than 1 or 2, a model that
     *     is not a built Sequential of Dense, Activation, Dropout and BatchNormalization layers on one
     *     vector input
     */
    public static Model pruneUnits(Model model, double fraction, int norm) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("structured pruning: the fraction of units to remove must be in [0, 1), "
                    + "got " + fraction);
        }
        if (norm != 1 && norm != 2) {
            throw new IllegalArgumentException("structured pruning: norm must be 1 or 2, got " + norm);
        }
        if (!(model instanceof Sequential) || !model.isBuilt() || model.inputs().size() != 1
                || model.inputs().get(0).shape().rank() != 1) {
            throw new IllegalArgumentException("structured pruning: expected a built Sequential model on one vector "
                    + "input (Input.of(n)), got " + model.name());
        }
        List<Layer> layers = model.layers().stream().filter(l -> !(l instanceof Input)).toList();
        int lastDense = -1;
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            if (!(l instanceof Dense || l instanceof Activation || l instanceof Dropout
                    || l instanceof BatchNormalization)) {
                throw new IllegalArgumentException("structured pruning: layer '" + l.name() + "' (" + l.className()
                        + ") is not supported; only Dense, Activation, Dropout and BatchNormalization");
            }
            if (l instanceof Dense) {
                lastDense = i;
            }
        }
        // the units each layer keeps (null: all), decided per hidden Dense layer
        Map<String, Tensor> state = new LinkedHashMap<>();
        List<Layer> rebuilt = new ArrayList<>();
        rebuilt.add(Input.of(model.inputs().get(0).shape().toArray()));
        int[] keepIn = null; // the units of the previous Dense layer that survive (rows to keep here)
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            Map<String, Object> config = new LinkedHashMap<>(l.getConfig());
            Map<String, Tensor> w = weights(l);
            if (l instanceof Dense) {
                Tensor kernel = w.get("kernel");
                if (keepIn != null) {
                    kernel = kernel.gather(0, Tensor.fromArray(keepIn));
                }
                int[] keepOut = i == lastDense ? null : strongest(kernel, fraction, norm);
                if (keepOut != null) {
                    kernel = kernel.gather(1, Tensor.fromArray(keepOut));
                    config.put("units", keepOut.length);
                }
                state.put(l.name() + ".kernel", kernel);
                if (w.containsKey("bias")) {
                    state.put(l.name() + ".bias", keepOut == null ? w.get("bias")
                            : w.get("bias").gather(0, Tensor.fromArray(keepOut)));
                }
                keepIn = keepOut;
            } else {
                for (Map.Entry<String, Tensor> e : w.entrySet()) {
                    state.put(l.name() + "." + e.getKey(), keepIn == null ? e.getValue()
                            : e.getValue().gather(0, Tensor.fromArray(keepIn)));
                }
            }
            rebuilt.add(Layers.fromConfig(l.className(), config));
        }
        Model small = Sequential.of(rebuilt.toArray(Layer[]::new));
        small.setName(model.name());
        small.loadStateDict(state, true);
        return small;
    }

    /** The indices, in order, of the columns with the largest norms: all but round(fraction · columns). */
    private static int[] strongest(Tensor kernel, double fraction, int norm) {
        int rows = kernel.dim(0);
        int cols = kernel.dim(1);
        int keep = Math.max(1, cols - (int) Math.round(fraction * cols));
        float[] k = kernel.toFloatArray();
        double[] score = new double[cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double v = k[r * cols + c];
                score[c] += norm == 1 ? Math.abs(v) : v * v;
            }
        }
        Integer[] order = new Integer[cols];
        Arrays.setAll(order, c -> c);
        // largest first, ties by index so that the choice is deterministic
        Arrays.sort(order, (a, b) -> score[a] != score[b] ? Double.compare(score[b], score[a]) : Integer.compare(a, b));
        int[] kept = new int[keep];
        for (int i = 0; i < keep; i++) {
            kept[i] = order[i];
        }
        Arrays.sort(kept);
        return kept;
    }

    private static Map<String, Tensor> weights(Layer l) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (Weight w : l.weights()) {
            m.put(w.localName(), w.value());
        }
        return m;
    }
}
