package dev.landfall.nn.layers;

import dev.landfall.nn.Initializers;
import dev.landfall.nn.Weight;
import dev.landfall.tensor.Shape;
import dev.landfall.tensor.Tensor;

import java.util.Map;

/**
 * Batch normalization over the last (channel) axis (Ioffe &amp; Szegedy 2015). Training normalizes
 * with the batch's mean and (biased) variance and updates the moving statistics
 * {@code moving = moving·momentum + batch·(1 − momentum)}; inference uses the moving statistics.
 * Keras's defaults: momentum 0.99, epsilon 1e-3. {@link #pytorchStyle()} reproduces PyTorch:
 * momentum 0.1 in its convention (0.9 here), epsilon 1e-5, unbiased variance in the moving average.
 */
public final class BatchNormalization extends Layer {
    private double momentum = 0.99;
    private double epsilon = 1e-3;
    private boolean center = true;
    private boolean scale = true;
    private boolean unbiasedMovingVariance;
    private Weight gamma;
    private Weight beta;
    private Weight movingMean;
    private Weight movingVariance;

    private BatchNormalization() {
    }

    /** Keras's defaults. */
    public static BatchNormalization of() {
        return new BatchNormalization();
    }

    /** Sets the moving-average momentum (Keras convention: the weight of the old value). */
    public BatchNormalization momentum(double m) {
        if (!(m >= 0 && m <= 1)) {
            throw new IllegalArgumentException("Received an invalid value for momentum, expected a float in [0, 1]. "
                    + "Received: momentum=" + m);
        }
        momentum = m;
        return this;
    }

    /** Sets epsilon. */
    public BatchNormalization epsilon(double e) {
        epsilon = Affine.epsilon(e);
        return this;
    }

    /** PyTorch's BatchNorm: momentum 0.1 (PyTorch's convention), epsilon 1e-5, unbiased moving variance. */
    public BatchNormalization pytorchStyle() {
        momentum = 0.9;
        epsilon = 1e-5;
        unbiasedMovingVariance = true;
        return this;
    }

    @Override
    protected void build(Shape in) {
        if (in.rank() < 1) {
            throw new IllegalArgumentException("BatchNormalization needs inputs with a channel axis; received "
                    + SymbolicTensor.display(in));
        }
        Shape c = Shape.of(in.dim(-1));
        if (scale) {
            gamma = addWeight("gamma", c, Initializers.ONES, true, null);
        }
        if (center) {
            beta = addWeight("beta", c, Initializers.ZEROS, true, null);
        }
        movingMean = addWeight("moving_mean", c, Initializers.ZEROS, false, null);
        movingVariance = addWeight("moving_variance", c, Initializers.ONES, false, null);
    }

    @Override
    protected Tensor call(Tensor x, CallContext ctx) {
        int[] axes = new int[x.rank() - 1];
        for (int i = 0; i < axes.length; i++) {
            axes[i] = i;
        }
        Tensor mean;
        Tensor var;
        // A frozen layer normalizes with its moving statistics even in training (Keras 3, for fine-tuning).
        if (ctx.training() && isTrainable()) {
            Tensor mask = ctx.mask(0);
            double n;
            if (mask == null) {
                mean = x.mean(axes, false);
                var = x.var(axes, false);
                n = (double) x.size() / x.dim(-1);
            } else {
                // Statistics over the unmasked positions only.
                Tensor m = mask.to(x.dtype()).unsqueeze(-1);
                Tensor count = m.sum(axes, false).maximum(1.0);
                mean = x.mul(m).sum(axes, false).div(count);
                var = x.sub(mean.detach()).square().mul(m).sum(axes, false).div(count);
                n = count.item();
            }
            try (var g = Tensor.noGrad()) {
                Tensor forMoving = unbiasedMovingVariance && n > 1 ? var.mul(n / (n - 1)) : var;
                movingMean.assign(movingMean.value().mul(momentum).add(mean.mul(1 - momentum)));
                movingVariance.assign(movingVariance.value().mul(momentum).add(forMoving.mul(1 - momentum)));
            }
        } else {
            mean = movingMean.value();
            var = movingVariance.value();
        }
        Tensor y = Affine.standardize(x, mean, var, epsilon);
        return Affine.apply(y, gamma, beta, ctx);
    }

    @Override
    protected boolean supportsMasking() {
        return true;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("axis", -1);
        c.put("momentum", momentum);
        c.put("epsilon", epsilon);
        c.put("center", center);
        c.put("scale", scale);
        c.put("unbiased_moving_variance", unbiasedMovingVariance);
        return c;
    }

    /** Rebuilds from {@link #getConfig()}. */
    public static BatchNormalization fromConfig(Map<String, Object> c) {
        BatchNormalization b = of().momentum(ConfigValues.doubleValue(c, "momentum", 0.99))
                .epsilon(ConfigValues.doubleValue(c, "epsilon", 1e-3));
        b.center = ConfigValues.boolValue(c, "center", true);
        b.scale = ConfigValues.boolValue(c, "scale", true);
        b.unbiasedMovingVariance = ConfigValues.boolValue(c, "unbiased_moving_variance", false);
        return withBaseConfig(b, c);
    }
}
