package dev.landfall.cli;

import dev.landfall.nn.layers.CallContext;
import dev.landfall.nn.layers.Layer;
import dev.landfall.nn.layers.Layers;
import dev.landfall.tensor.Tensor;

import java.util.Map;

/**
 * Keras's {@code Rescaling} layer: {@code y = x * scale + offset}, e.g. {@code scale: 0.00392156862745098}
 * (1/255) to bring pixels into [0, 1] inside the model, so that a saved image model needs no
 * preprocessing outside it. Registered with {@link Layers} under "Rescaling" by {@link #register()},
 * which the CLI calls before it builds or loads a model.
 */
final class Rescaling extends Layer {
    private final double scale;
    private final double offset;

    Rescaling(double scale, double offset) {
        if (!Double.isFinite(scale) || !Double.isFinite(offset)) {
            throw new IllegalArgumentException("Received an invalid value for scale or offset, expected finite numbers. "
                    + "Received: scale=" + scale + ", offset=" + offset);
        }
        this.scale = scale;
        this.offset = offset;
    }

    /** Makes "Rescaling" known to {@link Layers#fromConfig} (idempotent). */
    static void register() {
        if (!Layers.isRegistered("Rescaling")) {
            Layers.register("Rescaling", Rescaling::fromConfig);
        }
    }

    static Rescaling fromConfig(Map<String, Object> c) {
        Object s = c.get("scale");
        Object o = c.get("offset");
        if (s != null && !(s instanceof Number) || o != null && !(o instanceof Number)) {
            throw new IllegalArgumentException("Rescaling: scale and offset must be numbers. Received: scale=" + s
                    + ", offset=" + o);
        }
        return withBaseConfig(new Rescaling(s == null ? 1 : ((Number) s).doubleValue(),
                o == null ? 0 : ((Number) o).doubleValue()), c);
    }

    @Override
    public String className() {
        return "Rescaling";
    }

    @Override
    protected Tensor call(Tensor x, CallContext ctx) {
        Tensor y = x.mul(scale);
        return offset == 0 ? y : y.add(offset);
    }

    @Override
    protected boolean supportsMasking() {
        return true;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("scale", scale);
        c.put("offset", offset);
        return c;
    }
}
