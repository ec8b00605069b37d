package dev.landfall.nn.optimizers;

import dev.landfall.nn.Weight;
import dev.landfall.tensor.Tensor;

import java.util.Map;

/**
 * Adagrad (Duchi et al. 2011). Keras: accumulator starts at 0.1, {@code acc += g²},
 * {@code w −= lr·g/√(acc + ε)} with ε = 1e-7. PyTorch ({@link #pytorchStyle()}): the accumulator
 * starts at 0 and {@code w −= lr·g/(√acc + ε)} with ε = 1e-10.
 */
public final class Adagrad extends Optimizer {
    private double initialAccumulator;
    private double epsilon;
    private boolean pytorch;

    public Adagrad(double learningRate, double initialAccumulator, double epsilon) {
        super("adagrad", learningRate);
        if (!(initialAccumulator >= 0)) {
            throw new IllegalArgumentException("Received an invalid value for initial_accumulator_value, expected a "
                    + "non-negative float. Received: initial_accumulator_value=" + initialAccumulator);
        }
        this.initialAccumulator = initialAccumulator;
        this.epsilon = epsilon;
    }

    /** PyTorch's form: accumulator from 0, ε = 1e-10 outside the root. */
    public Adagrad pytorchStyle() {
        pytorch = true;
        initialAccumulator = 0;
        epsilon = 1e-10;
        return this;
    }

    @Override
    protected void build(Weight w, Map<String, Tensor> slots) {
        slots.put("accumulator", Tensor.full(w.shape(), initialAccumulator, w.value().dtype()));
    }

    @Override
    protected void updateStep(Tensor g, Tensor w, double lr, Map<String, Tensor> slots) {
        Tensor acc = slots.get("accumulator");
        acc.addInPlace(g.square());
        Tensor denom = pytorch ? acc.sqrt().add(epsilon) : acc.add(epsilon).sqrt();
        w.subInPlace(g.div(denom).mul(lr));
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("initial_accumulator_value", initialAccumulator);
        c.put("epsilon", epsilon);
        c.put("pytorch_style", pytorch);
        return c;
    }

    /** Rebuilds from config. */
    public static Adagrad fromConfig(Map<String, Object> c) {
        Adagrad o = new Adagrad(0.001, Adam.num(c, "initial_accumulator_value", 0.1), Adam.num(c, "epsilon", 1e-7));
        if (Boolean.TRUE.equals(c.get("pytorch_style"))) {
            o.pytorch = true;
        }
        return withBaseConfig(o, c);
    }
}
