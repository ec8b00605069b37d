package dev.landfall.compress;

import dev.landfall.nn.Model;
import dev.landfall.nn.Sequential;
import dev.landfall.nn.Weight;
import dev.landfall.nn.layers.Activation;
import dev.landfall.nn.layers.BatchNormalization;
import dev.landfall.nn.layers.Conv2D;
import dev.landfall.nn.layers.Dense;
import dev.landfall.nn.layers.Dropout;
import dev.landfall.nn.layers.Flatten;
import dev.landfall.nn.layers.GlobalPooling;
import dev.landfall.nn.layers.Input;
import dev.landfall.nn.layers.Layer;
import dev.landfall.nn.layers.Layers;
import dev.landfall.nn.layers.Pooling;
import dev.landfall.nn.layers.Rescaling;
import dev.landfall.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Structured pruning: hidden Dense layers lose whole units and Conv2D layers whole filters, those whose
 * kernel slices have the smallest L1 or L2 norm, and the layers after them lose the matching inputs. The
 * result is a smaller model with the same layer names and the surviving weights, really smaller and
 * faster, to be fine-tuned.
 *
 * <pre>{@code
 * Model small = StructuredPruning.prune(model, 0.5, 2);   // half of every hidden layer's units and filters
 * small.compile(...); small.fit(...);                     // fine-tune
 * }</pre>
 */
public final class StructuredPruning {
    private StructuredPruning() {
    }

    /**
     * A copy of a Sequential model with {@code fraction} of the units of each hidden Dense layer and of the
     * filters of each Conv2D layer removed (at least one kept), ranked by the {@code norm} (1 or 2) of their
     * kernel slices; the last Dense or Conv2D layer (the output) keeps all of its own. Layers in between
     * follow the channels that survive: activations, dropout and pooling pass them through,
     * BatchNormalization keeps their statistics, Flatten (channels-last) keeps every position of them, and
     * the next Dense or Conv2D layer loses the matching input weights. The copy is not compiled.
     *
     * @throws IllegalArgumentException for a fraction outside [0, 1), a norm other than 1 or 2, or a model that
     *     is not a built Sequential of those layers (channels-last convolutions)
     */
    public static Model prune(Model model, double fraction, int norm) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("structured pruning: the fraction of units to remove must be in [0, 1), "
                    + "got " + fraction);
        }
        if (norm != 1 && norm != 2) {
            throw new IllegalArgumentException("structured pruning: norm must be 1 or 2, got " + norm);
        }
        if (!(model instanceof Sequential) || !model.isBuilt() || model.inputs().size() != 1) {
            throw new IllegalArgumentException("structured pruning: expected a built Sequential model with one Input, "
                    + "got " + model.name());
        }
        List<Layer> layers = model.layers().stream().filter(l -> !(l instanceof Input)).toList();
        int last = -1;
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            boolean conv = l instanceof Conv2D;
            if (conv && "channels_first".equals(l.getConfig().get("data_format"))) {
                throw new IllegalArgumentException("structured pruning: layer '" + l.name() + "' is channels_first; "
                        + "only channels_last convolutions are supported");
            }
            if (!(l instanceof Dense || conv || l instanceof Activation || l instanceof Dropout
                    || l instanceof BatchNormalization || l instanceof Pooling || l instanceof GlobalPooling
                    || l instanceof Flatten || l instanceof Rescaling)) {
                throw new IllegalArgumentException("structured pruning: layer '" + l.name() + "' (" + l.className()
                        + ") is not supported; only Dense, Conv2D, Activation, Dropout, BatchNormalization, pooling, "
                        + "Flatten and Rescaling");
            }
            if (l instanceof Dense || conv) {
                last = i;
            }
        }
        Map<String, Tensor> state = new LinkedHashMap<>();
        List<Layer> rebuilt = new ArrayList<>();
        rebuilt.add(Input.of(model.inputs().get(0).shape().toArray()));
        int[] keep = null; // the channels (feature axis) that survive so far; null: all
        int channels = -1; // how many channels there were before pruning
        boolean flattened = false;
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            Map<String, Object> config = new LinkedHashMap<>(l.getConfig());
            Map<String, Tensor> w = weights(l);
            if (l instanceof Dense || l instanceof Conv2D) {
                Tensor kernel = w.get("kernel");
                int inAxis = kernel.rank() - 2;
                if (keep != null) {
                    int[] rows = flattened ? positions(kernel.dim(0), channels, keep) : keep;
                    kernel = kernel.gather(inAxis, Tensor.fromArray(rows));
                }
                int outAxis = kernel.rank() - 1;
                int[] keepOut = i == last ? null : strongest(kernel.reshape(-1, kernel.dim(outAxis)), fraction, norm);
                channels = kernel.dim(outAxis);
                if (keepOut != null) {
                    kernel = kernel.gather(outAxis, Tensor.fromArray(keepOut));
                    config.put(l instanceof Dense ? "units" : "filters", keepOut.length);
                }
                state.put(l.name() + ".kernel", kernel);
                if (w.containsKey("bias")) {
                    state.put(l.name() + ".bias", keepOut == null ? w.get("bias")
                            : w.get("bias").gather(0, Tensor.fromArray(keepOut)));
                }
                keep = keepOut;
                flattened = false;
            } else {
                if (l instanceof Flatten) {
                    flattened = true;
                }
                for (Map.Entry<String, Tensor> e : w.entrySet()) {
                    state.put(l.name() + "." + e.getKey(), keep == null ? e.getValue()
                            : e.getValue().gather(0, Tensor.fromArray(keep)));
                }
            }
            rebuilt.add(Layers.fromConfig(l.className(), config));
        }
        Model small = Sequential.of(rebuilt.toArray(Layer[]::new));
        small.setName(model.name());
        small.loadStateDict(state, true);
        return small;
    }

    /** The rows of a Dense kernel after a channels-last Flatten whose channel (row mod {@code channels}) survives. */
    private static int[] positions(int rows, int channels, int[] keep) {
        boolean[] kept = new boolean[channels];
        for (int c : keep) {
            kept[c] = true;
        }
        int[] out = new int[rows / channels * keep.length];
        int n = 0;
        for (int r = 0; r < rows; r++) {
            if (kept[r % channels]) {
                out[n++] = r;
            }
        }
        return out;
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
