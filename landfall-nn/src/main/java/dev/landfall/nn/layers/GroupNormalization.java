package dev.landfall.nn.layers;

import dev.landfall.nn.Initializers;
import dev.landfall.nn.Weight;
import dev.landfall.tensor.Shape;
import dev.landfall.tensor.Tensor;

import java.util.Map;

/**
 * Keras's {@code GroupNormalization} (Wu and He 2018): the channels (last axis) are split into
 * {@code groups}; each example is normalized over the positions and channels of each group, then scaled
 * and shifted per channel. It uses no batch statistics, so unlike BatchNormalization it trains with DP-SGD
 * and small batches. {@code groups = channels} is instance normalization; 1 is layer normalization over
 * all axes.
 */
public final class GroupNormalization extends Layer {
    private final int groups;
    private double epsilon = 1e-3;
    private boolean center = true;
    private boolean scale = true;
    private Weight gamma;
    private Weight beta;

    private GroupNormalization(int groups) {
        ConfigValues.requirePositive("groups", groups);
        this.groups = groups;
    }

    /** Keras's default, 32 groups. */
    public static GroupNormalization of() {
        return new GroupNormalization(32);
    }

    /** {@code groups} groups of channels. */
    public static GroupNormalization of(int groups) {
        return new GroupNormalization(groups);
    }

    /** Sets epsilon (Keras: 1e-3). */
    public GroupNormalization epsilon(double e) {
        epsilon = Affine.epsilon(e);
        return this;
    }

    @Override
    protected void build(Shape in) {
        int channels = in.dim(-1);
        if (channels % groups != 0) {
            throw new IllegalArgumentException("GroupNormalization: " + groups + " groups do not divide the " + channels
                    + " channels of inputs " + SymbolicTensor.display(in));
        }
        if (scale) {
            gamma = addWeight("gamma", Shape.of(channels), Initializers.ONES, true, null);
        }
        if (center) {
            beta = addWeight("beta", Shape.of(channels), Initializers.ZEROS, true, null);
        }
    }

    @Override
    protected Tensor call(Tensor x, CallContext ctx) {
        int[] dims = x.shape().toArray();
        int channels = dims[dims.length - 1];
        int[] grouped = java.util.Arrays.copyOf(dims, dims.length + 1);
        grouped[dims.length - 1] = groups;
        grouped[dims.length] = channels / groups;
        // [batch, …positions, groups, channels/groups]: statistics over the positions and the group's channels
        Tensor g = x.reshape(grouped);
        int[] axes = new int[grouped.length - 2];
        for (int i = 0; i < axes.length; i++) {
            axes[i] = i + 1;
        }
        axes[axes.length - 1] = grouped.length - 1;
        Tensor y = Affine.standardize(g, axes, epsilon).reshape(dims);
        return Affine.apply(y, gamma, beta, ctx);
    }

    @Override
    protected boolean supportsMasking() {
        return true;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("groups", groups);
        c.put("axis", -1);
        c.put("epsilon", epsilon);
        c.put("center", center);
        c.put("scale", scale);
        return c;
    }

    /** Rebuilds from {@link #getConfig()}. */
    public static GroupNormalization fromConfig(Map<String, Object> c) {
        GroupNormalization g = of(ConfigValues.intValue(c, "groups", 32)).epsilon(ConfigValues.doubleValue(c, "epsilon",
                1e-3));
        g.center = ConfigValues.boolValue(c, "center", true);
        g.scale = ConfigValues.boolValue(c, "scale", true);
        return withBaseConfig(g, c);
    }
}
