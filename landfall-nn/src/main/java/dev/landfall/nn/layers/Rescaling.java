package dev.landfall.nn.layers;

import dev.landfall.data.config.ConfigMap;
import dev.landfall.tensor.Tensor;

import java.util.Map;

/**
 * Keras's {@code Rescaling} layer: {@code y = x * scale + offset}, e.g. {@code scale: 0.00392156862745098}
 * (1/255) to bring pixels into [0, 1] inside the model, so that a saved image model needs no
 * preprocessing outside it.
 *
 * <pre>{@code Rescaling.of(1.0 / 255, 0)}</pre>
 */
public final class Rescaling extends Layer {
    private final double scale;
    private final double offset;

    private Rescaling(double scale, double offset) {
        if (!Double.isFinite(scale) || !Double.isFinite(offset)) {
            throw new IllegalArgumentException("Received an invalid value for scale or offset, expected finite numbers. "
                    + "Received: scale=" + scale + ", offset=" + offset);
        }
        this.scale = scale;
        this.offset = offset;
    }

    /** {@code x * scale + offset}. */
    public static Rescaling of(double scale, double offset) {
        return new Rescaling(scale, offset);
    }

    /** Rebuilds from {@link #getConfig()}. */
    public static Rescaling fromConfig(Map<String, Object> c) {
        Object s = c.get("scale");
        Object o = c.get("offset");
        if (s != null && !(s instanceof Number) || o != null && !(o instanceof Number)) {
            throw new IllegalArgumentException("Rescaling: scale and offset must be numbers. Received: scale=" + s
                    + ", offset=" + o);
        }
        return withBaseConfig(new Rescaling(ConfigMap.number(c, "scale", 1), ConfigMap.number(c, "offset", 0)), c);
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
