package dev.landfall.nn;

import dev.landfall.data.config.ConfigMap;
import dev.landfall.nn.optimizers.Adagrad;
import dev.landfall.nn.optimizers.Adam;
import dev.landfall.nn.optimizers.AdamW;
import dev.landfall.nn.optimizers.Optimizer;
import dev.landfall.nn.optimizers.RMSprop;
import dev.landfall.nn.optimizers.SGD;

import java.util.Map;
import java.util.function.Function;

/** Factories for the optimizers with Keras 3's defaults; by name through {@link #get}. */
public final class Optimizers {
    private static final Registry<Function<Map<String, Object>, Optimizer>> REGISTRY = new Registry<>("optimizer");

    static {
        REGISTRY.register("SGD", SGD::fromConfig);
        REGISTRY.register("sgd", SGD::fromConfig);
        REGISTRY.register("adam", Adam::fromConfig);
        REGISTRY.register("adamw", AdamW::fromConfig);
        REGISTRY.register("rmsprop", RMSprop::fromConfig);
        REGISTRY.register("adagrad", Adagrad::fromConfig);
    }

    private Optimizers() {
    }

    /** SGD, learning rate 0.01, no momentum. */
    public static SGD sgd() {
        return new SGD(0.01, 0, false);
    }

    /** SGD with a rate. */
    public static SGD sgd(double lr) {
        return new SGD(lr, 0, false);
    }

    /** SGD with momentum, optionally Nesterov. */
    public static SGD sgd(double lr, double momentum, boolean nesterov) {
        return new SGD(lr, momentum, nesterov);
    }

    /** Adam with rate 0.001, β = (0.9, 0.999), ε = 1e-7. */
    public static Adam adam() {
        return adam(1e-3);
    }

    /** Adam with a rate and Keras's other defaults. */
    public static Adam adam(double lr) {
        return new Adam(lr, 0.9, 0.999, 1e-7, false);
    }

    /** AdamW with rate 0.001 and weight decay 0.004 (Keras). */
    public static AdamW adamw(double lr) {
        return new AdamW(lr, 0.004, 0.9, 0.999, 1e-7, false);
    }

    /** RMSprop with rate 0.001, ρ = 0.9, ε = 1e-7. */
    public static RMSprop rmsprop(double lr) {
        return new RMSprop(lr, 0.9, 0, 1e-7, false);
    }

    /** Adagrad with rate 0.001, initial accumulator 0.1, ε = 1e-7. */
    public static Adagrad adagrad(double lr) {
        return new Adagrad(lr, 0.1, 1e-7);
    }

    /**
     * Registers an optimizer under a name (adding or replacing), so that pipeline files and saved
     * models that name it build it, as {@code Layers.register} does for layers. The factory receives
     * the optimizer's config ({@code getConfig()}).
     */
    public static void register(String name, Function<Map<String, Object>, Optimizer> factory) {
        REGISTRY.register(name, factory);
    }

    /** The registered optimizer names. */
    public static java.util.Set<String> names() {
        return REGISTRY.all().keySet();
    }

    /** The optimizer with this Keras name and default arguments. */
    public static Optimizer get(String name) {
        return REGISTRY.get(name).apply(Map.of());
    }

    /** Rebuilds an optimizer from {@link Optimizer#getConfig()}. */
    public static Optimizer fromConfig(Map<String, Object> config) {
        return REGISTRY.get(ConfigMap.requiredString(config, "name")).apply(config);
    }
}
