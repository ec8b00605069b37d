package dev.landfall.nn.layers;

import dev.landfall.data.config.ConfigMap;
import dev.landfall.tensor.DType;
import dev.landfall.tensor.Shape;
import dev.landfall.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * A model input: per-example shape and dtype, like {@code keras.Input(shape=(30,))}. It is both
 * the first element of a {@link dev.landfall.nn.Sequential} and the leaf of a functional graph.
 */
public final class Input extends Layer implements SymbolicTensor {
    private final Shape shape;
    private final DType inputDtype;

    private Input(Shape shape, DType dtype) {
        this.shape = shape;
        this.inputDtype = dtype;
    }

    /** A FLOAT32 input with this per-example shape. */
    public static Input of(int... shape) {
        return of(Shape.of(shape), DType.FLOAT32);
    }

    /** An input of this per-example shape and dtype (INT32 for token ids). */
    public static Input of(Shape shape, DType dtype) {
        for (int d : shape.toArray()) {
            if (d < 1) {
                throw new IllegalArgumentException("Input shape sizes must be positive. Received: shape=" + shape);
            }
        }
        return new Input(shape, dtype);
    }

    /** Rebuilds from config. */
    public static Input fromConfig(Map<String, Object> c) {
        @SuppressWarnings("unchecked")
        int[] s = ConfigMap.ints(c, "shape", null);
        if (s == null) {
            throw new IllegalArgumentException("shape: required but missing");
        }
        Input in = of(Shape.of(s), dtype(ConfigMap.string(c, "input_dtype", "float32"), "input_dtype"));
        return withBaseConfig(in, c);
    }

    @Override
    public String defaultName() {
        return "input_layer";
    }

    @Override
    public String className() {
        return "InputLayer";
    }

    @Override
    public Shape shape() {
        return shape;
    }

    @Override
    public DType dtype() {
        return inputDtype;
    }

    @Override
    public Layer layer() {
        return this;
    }

    @Override
    public List<SymbolicTensor> inputs() {
        return List.of();
    }

    @Override
    protected Tensor call(Tensor input, CallContext ctx) {
        return input;
    }

    @Override
    protected boolean compatible(Shape builtShape, Shape now) {
        return builtShape.equals(now);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("shape", java.util.Arrays.stream(shape.toArray()).boxed().toList());
        c.put("input_dtype", inputDtype.displayName());
        return c;
    }
}
