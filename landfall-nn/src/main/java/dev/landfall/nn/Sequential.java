package dev.landfall.nn;

import dev.landfall.data.Tensors;
import dev.landfall.nn.layers.Input;
import dev.landfall.nn.layers.Layer;
import dev.landfall.nn.layers.SymbolicTensor;
import dev.landfall.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain stack of single-input layers. Starting with an {@link Input} builds it at once; otherwise
 * it builds on the first data it sees.
 *
 * <pre>{@code Sequential.of(Input.of(30), Dense.of(128, RELU), Dense.of(64, RELU), Dense.of(1, SIGMOID))}</pre>
 */
public final class Sequential extends Model {
    private final List<Layer> stack = new ArrayList<>();
    private Input input;

    private Sequential() {
        super("sequential");
    }

    /** A stack of layers; an optional {@link Input} first. */
    public static Sequential of(Layer... layers) {
        Sequential s = new Sequential();
        for (Layer l : layers) {
            s.add(l);
        }
        if (s.input != null) {
            s.build();
        }
        return s;
    }

    /**
     * Appends a layer (before the model is built).
     *
     * @throws IllegalStateException once built; IllegalArgumentException for an Input that is not first
     */
    public Sequential add(Layer layer) {
        if (isBuilt()) {
            throw new IllegalStateException("Sequential '" + name() + "' is already built; add layers before its first use");
        }
        if (layer instanceof Input in) {
            if (!stack.isEmpty() || input != null) {
                throw new IllegalArgumentException("An Input can only be the first element of a Sequential model");
            }
            input = in;
            return this;
        }
        stack.add(layer);
        return this;
    }

    /** Builds the graph now (only possible when the first element was an Input). */
    public Sequential build() {
        if (!isBuilt()) {
            if (input == null) {
                throw new IllegalStateException("Sequential '" + name() + "' has no Input; it builds on its first data");
            }
            buildFrom(input);
        }
        return this;
    }

    private void buildFrom(Input in) {
        if (stack.isEmpty()) {
            throw new IllegalStateException("Sequential '" + name() + "' has no layers");
        }
        SymbolicTensor x = in;
        for (Layer l : stack) {
            x = l.apply(x);
        }
        initGraph(List.of(in), List.of(x));
    }

    @Override
    protected void ensureBuilt(Tensors features) {
        if (isBuilt()) {
            return;
        }
        if (input != null) {
            build();
            return;
        }
        if (!features.isSingle()) {
            throw new IllegalArgumentException("A Sequential model takes one input; received named inputs "
                    + features.named().keySet());
        }
        Tensor t = features.single();
        if (t.rank() == 0) {
            throw new IllegalArgumentException("Sequential needs batched inputs; received a scalar");
        }
        input = Input.of(Layer.perExample(t.shape()), t.dtype());
        buildFrom(input);
    }

    @Override
    public String summary() {
        if (!isBuilt() && input != null) {
            build();
        }
        return super.summary();
    }

    @Override
    protected boolean summaryIsFunctional() {
        return false;
    }

    /** The stacked layers, without the Input. */
    public List<Layer> stackedLayers() {
        return List.copyOf(stack);
    }
}
