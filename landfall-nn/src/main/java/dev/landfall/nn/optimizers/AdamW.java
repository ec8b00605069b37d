package dev.landfall.nn.optimizers;

import dev.landfall.data.config.ConfigMap;
import java.util.Map;

/**
 * Adam with decoupled weight decay (Loshchilov &amp; Hutter 2019): {@code w −= w·wd·lr} before each Adam
 * update. Keras's default decay is 0.004; PyTorch's ({@link #pytorchStyle()}) is 0.01 with ε = 1e-8.
 */
public final class AdamW extends Adam {
    public AdamW(double learningRate, double weightDecay, double beta1, double beta2, double epsilon, boolean amsgrad) {
        super("adamw", learningRate, beta1, beta2, epsilon, amsgrad);
        weightDecay(weightDecay);
    }

    /** PyTorch's defaults: ε = 1e-8 after bias correction and weight decay 0.01 (set another with {@link #weightDecay}). */
    @Override
    public AdamW pytorchStyle() {
        super.pytorchStyle();
        weightDecay(0.01);
        return this;
    }

    /** Rebuilds from config. */
    public static AdamW fromConfig(Map<String, Object> c) {
        AdamW o = new AdamW(0.001, num(c, "weight_decay", 0.004), num(c, "beta_1", 0.9), num(c, "beta_2", 0.999),
                num(c, "epsilon", 1e-7), ConfigMap.bool(c, "amsgrad", false));
        if (Boolean.TRUE.equals(c.get("pytorch_style"))) {
            o.pytorchStyle();
        }
        return withBaseConfig(o, c); // restores the saved weight_decay
    }
}
