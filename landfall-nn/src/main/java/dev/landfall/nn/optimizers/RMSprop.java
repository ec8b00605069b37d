package dev.landfall.nn.optimizers;

import dev.landfall.nn.Weight;
import dev.landfall.tensor.Tensor;

import java.util.Map;

/**
 * RMSprop (Hinton's lecture 6e). Keras: {@code v = ρ·v + (1−ρ)·g²}; centered:
 * {@code a = ρ·a + (1−ρ)·g}, {@code d = v − a² + ε}, else {@code d = v + ε};
 * {@code Δ = lr·g/√d}; with momentum {@code μ·buf + Δ} is applied. ρ = 0.9, ε = 1e-7 inside the root.
 * PyTorch ({@link #pytorchStyle()}): ε = 1e-8 added outside the root, {@code Δ = lr·g/(√(v − a²) + ε)}.
 */
public final class RMSprop extends Optimizer {
    private double rho;
    private final double momentum;
    private final boolean centered;
    private double epsilon;
    private boolean pytorch;

    public RMSprop(double learningRate, double rho, double momentum, double epsilon, boolean centered) {
        super("rmsprop", learningRate);
        if (!(rho >= 0 && rho < 1)) {
            throw new IllegalArgumentException("Received an invalid value for rho, expected a float in [0, 1). "
                    + "Received: rho=" + rho);
        }
        this.rho = rho;
        this.momentum = momentum;
        this.epsilon = epsilon;
        this.centered = centered;
    }

    /** PyTorch's RMSprop: epsilon 1e-8 outside the square root and its default alpha (rho) 0.99. */
    public RMSprop pytorchStyle() {
        pytorch = true;
        epsilon = 1e-8;
        rho = 0.99;
        return this;
    }

    @Override
    protected void build(Weight w, Map<String, Tensor> slots) {
        slots.put("velocity", zerosLike(w));
        if (centered) {
            slots.put("average_gradient", zerosLike(w));
        }
        if (momentum > 0) {
            slots.put("momentum", zerosLike(w));
        }
    }

    @Override
    protected void updateStep(Tensor g, Tensor w, double lr, Map<String, Tensor> slots) {
        Tensor v = slots.get("velocity");
        v.mulInPlace(rho).addInPlace(g.square().mul(1 - rho));
        Tensor spread = v;
        if (centered) {
            Tensor a = slots.get("average_gradient");
            a.mulInPlace(rho).addInPlace(g.mul(1 - rho));
            spread = v.sub(a.square());
        }
        Tensor increment = pytorch
                ? g.div(spread.sqrt().add(epsilon)).mul(lr)
                : g.div(spread.add(epsilon).sqrt()).mul(lr);
        if (momentum > 0) {
            Tensor buf = slots.get("momentum");
            buf.mulInPlace(momentum).addInPlace(increment);
            w.subInPlace(buf);
        } else {
            w.subInPlace(increment);
        }
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("rho", rho);
        c.put("momentum", momentum);
        c.put("epsilon", epsilon);
        c.put("centered", centered);
        c.put("pytorch_style", pytorch);
        return c;
    }

    /** Rebuilds from config. */
    public static RMSprop fromConfig(Map<String, Object> c) {
        RMSprop o = new RMSprop(0.001, Adam.num(c, "rho", 0.9), Adam.num(c, "momentum", 0), Adam.num(c, "epsilon", 1e-7),
                Boolean.TRUE.equals(c.get("centered")));
        if (Boolean.TRUE.equals(c.get("pytorch_style"))) {
            o.pytorchStyle();
            o.epsilon = Adam.num(c, "epsilon", 1e-8);
            o.rho = Adam.num(c, "rho", 0.99);
        }
        return withBaseConfig(o, c);
    }
}
