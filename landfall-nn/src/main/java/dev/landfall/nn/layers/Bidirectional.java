package dev.landfall.nn.layers;

import dev.landfall.tensor.Shape;
import dev.landfall.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keras's {@code Bidirectional}: the wrapped recurrent layer reads the sequence forwards, a copy of it reads
 * it backwards, and their outputs are merged ({@code concat} by default, or {@code sum}, {@code mul},
 * {@code ave}). With {@code return_sequences} the backward outputs are put back in time order first. The
 * weights are {@code forward_kernel}, …, {@code backward_kernel}, … of this layer.
 *
 * <pre>{@code Bidirectional.of(LSTM.of(32).returnSequences(true))}</pre>
 */
public final class Bidirectional extends Layer {
    private static final List<String> MODES = List.of("concat", "sum", "mul", "ave");
    private final Recurrent forward;
    private final Recurrent backward;
    private String mergeMode = "concat";

    private Bidirectional(Recurrent layer) {
        if (layer.isBuilt()) {
            throw new IllegalArgumentException("Bidirectional needs an unbuilt layer; pass a new " + layer.className());
        }
        Map<String, Object> c = layer.getConfig();
        c.put("go_backwards", !layer.goBackwards);
        c.remove("name");
        this.forward = layer;
        this.backward = (Recurrent) Layers.fromConfig(layer.className(), c);
        // Keras's Bidirectional zeroes masked steps' outputs in both directions (force_zero_output_for_mask)
        forward.zeroOutputForMask = true;
        backward.zeroOutputForMask = true;
    }

    /** Wraps a recurrent layer (LSTM, GRU, SimpleRNN). */
    public static Bidirectional of(Recurrent layer) {
        return new Bidirectional(layer);
    }

    /** How the two directions' outputs combine: concat (default), sum, mul or ave. */
    public Bidirectional mergeMode(String mode) {
        if (!MODES.contains(mode)) {
            throw new IllegalArgumentException("Received an invalid value for merge_mode, expected one of " + MODES
                    + ". Received: merge_mode=" + mode);
        }
        mergeMode = mode;
        return this;
    }

    @Override
    protected void build(Shape in) {
        buildInner(forward, "forward_", List.of(in));
        buildInner(backward, "backward_", List.of(in));
    }

    @Override
    protected boolean compatible(Shape builtShape, Shape now) {
        return forward.compatible(builtShape, now);
    }

    @Override
    protected Tensor call(Tensor x, CallContext ctx) {
        Tensor f = forward.call(x, ctx);
        Tensor b = backward.call(x, ctx);
        if (forward.returnSequences) {
            int steps = b.dim(1);
            int[] reversed = new int[steps];
            for (int t = 0; t < steps; t++) {
                reversed[t] = steps - 1 - t;
            }
            b = b.indexSelect(1, Tensor.fromArray(reversed));
        }
        return switch (mergeMode) {
            case "sum" -> f.add(b);
            case "mul" -> f.mul(b);
            case "ave" -> f.add(b).mul(0.5);
            default -> Tensor.concat(-1, f, b);
        };
    }

    @Override
    protected boolean supportsMasking() {
        return true;
    }

    @Override
    public Tensor computeMask(List<Tensor> inputs, List<Tensor> masks) {
        return forward.computeMask(inputs, masks);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("class_name", forward.className());
        Map<String, Object> fc = forward.getConfig();
        fc.remove("name");
        inner.put("config", fc);
        c.put("layer", inner);
        c.put("merge_mode", mergeMode);
        return c;
    }

    /** Rebuilds from {@link #getConfig()}. */
    public static Bidirectional fromConfig(Map<String, Object> c) {
        Map<String, Object> inner = ConfigValues.map(c, "layer");
        if (inner == null) {
            throw new IllegalArgumentException("Bidirectional: the config needs 'layer': {class_name, config}");
        }
        Layer l = Layers.fromConfig(ConfigValues.stringValue(inner, "class_name", ""), ConfigValues.map(inner, "config"));
        if (!(l instanceof Recurrent r)) {
            throw new IllegalArgumentException("Bidirectional wraps a recurrent layer (LSTM, GRU, SimpleRNN), not "
                    + l.className());
        }
        Bidirectional b = of(r).mergeMode(ConfigValues.stringValue(c, "merge_mode", "concat"));
        return withBaseConfig(b, c);
    }
}
