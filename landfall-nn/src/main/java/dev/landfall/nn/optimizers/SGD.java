package dev.landfall.nn.optimizers;

import dev.landfall.data.config.ConfigMap;
import dev.landfall.nn.Weight;
import dev.landfall.tensor.Tensor;

import java.util.Map;

/**
 * Stochastic gradient descent with optional momentum and Nesterov momentum.
 * Keras: {@code v = μ·v − lr·g; w += v} (Nesterov: {@code w += μ·v − lr·g}).
 * PyTorch ({@link #pytorchStyle()}): {@code b = μ·b + g; w −= lr·b} (Nesterov: {@code w −= lr·(g + μ·b)});
 * the two agree for a constant rate and differ when it changes.
 */
public final class SGD extends Optimizer {
    private final double momentum;
    private final boolean nesterov;
    private boolean pytorch;

    public SGD(double learningRate, double momentum, boolean nesterov) {
        super("SGD", learningRate);
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException("Received an invalid value for momentum, expected a float in [0, 1]. "
                    + "Received: momentum=" + momentum);
        }
        this.momentum = momentum;
        this.nesterov = nesterov;
    }

    /** Uses PyTorch's momentum formula. */
    public SGD pytorchStyle() {
        pytorch = true;
        return this;
    }

    @Override
    protected void build(Weight w, Map<String, Tensor> slots) {
        if (momentum > 0) {
            slots.put("momentum", zerosLike(w));
        }
    }

    @Override
    protected void updateStep(Tensor g, Tensor w, double lr, Map<String, Tensor> slots) {
        if (momentum == 0) {
            w.subInPlace(g.mul(lr));
            return;
        }
        Tensor v = slots.get("momentum");
        if (pytorch) {
            v.mulInPlace(momentum).addInPlace(g);
            w.subInPlace((nesterov ? g.add(v.mul(momentum)) : v).mul(lr));
        } else {
            v.mulInPlace(momentum).subInPlace(g.mul(lr));
            w.addInPlace(nesterov ? v.mul(momentum).sub(g.mul(lr)) : v);
        }
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("momentum", momentum);
        c.put("nesterov", nesterov);
        c.put("pytorch_style", pytorch);
        return c;
    }

    /** Rebuilds from config. */
    public static SGD fromConfig(Map<String, Object> c) {
        SGD o = new SGD(0.01, ConfigMap.number(c, "momentum", 0), ConfigMap.bool(c, "nesterov", false));
        if (Boolean.TRUE.equals(c.get("pytorch_style"))) {
            o.pytorchStyle();
        }
        return withBaseConfig(o, c);
    }
}
