package dev.landfall.nn.optimizers;

import dev.landfall.data.config.ConfigMap;
import dev.landfall.nn.Weight;
import dev.landfall.tensor.Tensor;
import dev.landfall.tensor.Updates;
import dev.landfall.tensor.spi.AdamStep;

import java.util.Map;

/**
 * Adam (Kingma &amp; Ba 2015), with AMSGrad (Reddi et al. 2018) as an option, and AdamW's decoupled
 * weight decay through {@link Optimizer#weightDecay}. Keras's form, with t the step (from 1):
 * <pre>
 *   m += (g − m)·(1 − β1);  v += (g² − v)·(1 − β2)
 *   α = lr·√(1 − β2^t) / (1 − β1^t)
 *   w −= α·m / (√v + ε)          (ε = 1e-7, added before bias correction)
 * </pre>
 * PyTorch's ({@link #pytorchStyle()}): ε = 1e-8 added after bias correction,
 * {@code w −= lr·m̂ / (√v̂ + ε)} with {@code m̂ = m/(1−β1^t)}, {@code v̂ = v/(1−β2^t)}.
 */
public class Adam extends Optimizer {
    private final double beta1;
    private final double beta2;
    private double epsilon;
    private final boolean amsgrad;
    private boolean pytorch;
    private long step;

    public Adam(double learningRate, double beta1, double beta2, double epsilon, boolean amsgrad) {
        this("adam", learningRate, beta1, beta2, epsilon, amsgrad);
    }

    protected Adam(String name, double learningRate, double beta1, double beta2, double epsilon, boolean amsgrad) {
        super(name, learningRate);
        this.beta1 = checkBeta("beta_1", beta1);
        this.beta2 = checkBeta("beta_2", beta2);
        this.epsilon = epsilon;
        this.amsgrad = amsgrad;
    }

    private static double checkBeta(String what, double b) {
        if (!(b >= 0 && b < 1)) {
            throw new IllegalArgumentException("Received an invalid value for " + what + ", expected a float in [0, 1). "
                    + "Received: " + what + "=" + b);
        }
        return b;
    }

    /** PyTorch's epsilon (1e-8) and its placement after bias correction. */
    public Adam pytorchStyle() {
        pytorch = true;
        epsilon = 1e-8;
        return this;
    }

    @Override
    protected void build(Weight w, Map<String, Tensor> slots) {
        slots.put("m", zerosLike(w));
        slots.put("v", zerosLike(w));
        if (amsgrad) {
            slots.put("v_hat", zerosLike(w));
        }
    }

    @Override
    protected void updateStep(Tensor g, Tensor w, double lr, Map<String, Tensor> slots) {
        // One fused pass (Updates.adam) instead of a dozen temporaries; the math is in its javadoc.
        Updates.adam(w, g, slots.get("m"), slots.get("v"), amsgrad ? slots.get("v_hat") : null,
                AdamStep.at(iterations() + 1, lr, beta1, beta2, epsilon, pytorch));
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("beta_1", beta1);
        c.put("beta_2", beta2);
        c.put("epsilon", epsilon);
        c.put("amsgrad", amsgrad);
        c.put("pytorch_style", pytorch);
        return c;
    }

    /** Rebuilds from config. */
    public static Adam fromConfig(Map<String, Object> c) {
        Adam o = new Adam(0.001, num(c, "beta_1", 0.9), num(c, "beta_2", 0.999), num(c, "epsilon", 1e-7),
                Boolean.TRUE.equals(c.get("amsgrad")));
        if (Boolean.TRUE.equals(c.get("pytorch_style"))) {
            o.pytorchStyle();
            o.epsilon = num(c, "epsilon", 1e-8);
        }
        return withBaseConfig(o, c);
    }

    static double num(Map<String, Object> c, String k, double d) {
        return ConfigMap.number(c, k, d);
    }
}
