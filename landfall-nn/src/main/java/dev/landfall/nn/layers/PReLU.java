package dev.landfall.nn.layers;

import dev.landfall.nn.Initializer;
import dev.landfall.nn.Initializers;
import dev.landfall.nn.Weight;
import dev.landfall.tensor.Shape;
import dev.landfall.tensor.Tensor;

import java.util.Map;

/**
 * Keras's {@code PReLU}: {@code x} where positive, {@code alpha·x} elsewhere, with a learned {@code alpha}
 * per input element ({@code alpha_initializer} zeros), shared along {@code shared_axes} (1-based, as Keras:
 * {@code [1, 2]} shares one alpha per channel of an image).
 */
public final class PReLU extends Layer {
    private int[] sharedAxes = new int[0];
    private Initializer alphaInitializer = Initializers.ZEROS;
    private Weight alpha;

    private PReLU() {
    }

    /** One alpha per input element, starting at 0. */
    public static PReLU of() {
        return new PReLU();
    }

    /** Axes (1-based, after the batch axis) along which alpha is shared. */
    public PReLU sharedAxes(int... axes) {
        for (int a : axes) {
            ConfigValues.requirePositive("shared_axes", a);
        }
        sharedAxes = axes.clone();
        return this;
    }

    @Override
    protected void build(Shape in) {
        int[] dims = in.toArray();
        for (int a : sharedAxes) {
            if (a > dims.length) {
                throw new IllegalArgumentException("PReLU: shared axis " + a + " does not exist in inputs "
                        + SymbolicTensor.display(in));
            }
            dims[a - 1] = 1;
        }
        alpha = addWeight("alpha", Shape.of(dims), alphaInitializer, true, null);
    }

    @Override
    protected boolean compatible(Shape builtShape, Shape now) {
        if (builtShape.rank() != now.rank()) {
            return false;
        }
        for (int a = 0; a < now.rank(); a++) {
            final int axis = a + 1;
            boolean shared = java.util.Arrays.stream(sharedAxes).anyMatch(x -> x == axis);
            if (!shared && builtShape.dim(a) != now.dim(a)) {
                return false;
            }
        }
        return true;
    }

    @Override
    protected Tensor call(Tensor x, CallContext ctx) {
        return x.relu().sub(x.neg().relu().mul(alpha.value()));
    }

    @Override
    protected boolean supportsMasking() {
        return true;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("alpha_initializer", alphaInitializer.name());
        c.put("shared_axes", sharedAxes.length == 0 ? null : ConfigValues.list(sharedAxes));
        return c;
    }

    /** Rebuilds from {@link #getConfig()}. */
    public static PReLU fromConfig(Map<String, Object> c) {
        PReLU p = of();
        p.alphaInitializer = Initializers.get(ConfigValues.stringValue(c, "alpha_initializer", "zeros"));
        if (c.get("shared_axes") != null) {
            p.sharedAxes(ConfigValues.intArray(c, "shared_axes", new int[0]));
        }
        return withBaseConfig(p, c);
    }
}
