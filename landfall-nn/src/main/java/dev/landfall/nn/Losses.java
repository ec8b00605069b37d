package dev.landfall.nn;

import dev.landfall.data.config.ConfigMap;
import dev.landfall.nn.losses.CrossEntropy;
import dev.landfall.nn.losses.Regression;

import java.util.Map;
import java.util.function.Function;

/** Factories for the losses, by Keras name through {@link #get} and {@link #fromConfig}. */
public final class Losses {
    private static final Registry<Function<Map<String, Object>, Loss>> REGISTRY = new Registry<>("loss");

    static {
        REGISTRY.register("binary_crossentropy", c -> binaryCrossentropy(bool(c, "from_logits"), num(c, "label_smoothing", 0)));
        REGISTRY.register("categorical_crossentropy",
                c -> categoricalCrossentropy(bool(c, "from_logits"), num(c, "label_smoothing", 0)));
        REGISTRY.register("sparse_categorical_crossentropy",
                c -> sparseCategoricalCrossentropy(bool(c, "from_logits"), num(c, "label_smoothing", 0)));
        REGISTRY.register("mean_squared_error", c -> meanSquaredError());
        REGISTRY.register("mse", c -> meanSquaredError());
        REGISTRY.register("mean_absolute_error", c -> meanAbsoluteError());
        REGISTRY.register("mae", c -> meanAbsoluteError());
        REGISTRY.register("huber", c -> huber(num(c, "delta", 1.0)));
        REGISTRY.register("kl_divergence", c -> klDivergence());
        REGISTRY.register("kld", c -> klDivergence());
    }

    private Losses() {
    }

    /** Binary cross-entropy on probabilities. */
    public static Loss binaryCrossentropy() {
        return binaryCrossentropy(false, 0);
    }

    /** Binary cross-entropy; {@code labelSmoothing} moves targets toward 0.5. */
    public static Loss binaryCrossentropy(boolean fromLogits, double labelSmoothing) {
        return new CrossEntropy(CrossEntropy.Kind.BINARY, fromLogits, labelSmoothing);
    }

    /** Categorical cross-entropy on one-hot targets and probabilities. */
    public static Loss categoricalCrossentropy() {
        return categoricalCrossentropy(false, 0);
    }

    /** Categorical cross-entropy; {@code labelSmoothing} mixes targets with the uniform distribution. */
    public static Loss categoricalCrossentropy(boolean fromLogits, double labelSmoothing) {
        return new CrossEntropy(CrossEntropy.Kind.CATEGORICAL, fromLogits, labelSmoothing);
    }

    /** Categorical cross-entropy on integer class ids. */
    public static Loss sparseCategoricalCrossentropy() {
        return sparseCategoricalCrossentropy(false, 0);
    }

    /** Sparse categorical cross-entropy; label smoothing applies to the one-hot form of the ids. */
    public static Loss sparseCategoricalCrossentropy(boolean fromLogits, double labelSmoothing) {
        return new CrossEntropy(CrossEntropy.Kind.SPARSE_CATEGORICAL, fromLogits, labelSmoothing);
    }

    /** {@code mean((y − ŷ)²)} over the last axis. */
    public static Loss meanSquaredError() {
        return new Regression(Regression.Kind.MEAN_SQUARED_ERROR, 0);
    }

    /** {@code mean(|y − ŷ|)} over the last axis. */
    public static Loss meanAbsoluteError() {
        return new Regression(Regression.Kind.MEAN_ABSOLUTE_ERROR, 0);
    }

    /** Huber loss with threshold {@code delta} (Keras default 1.0). */
    public static Loss huber(double delta) {
        return new Regression(Regression.Kind.HUBER, delta);
    }

    /** {@code Σ y·log(y/ŷ)} over the last axis, both clipped to [1e-7, 1]. */
    public static Loss klDivergence() {
        return new Regression(Regression.Kind.KL_DIVERGENCE, 0);
    }

    /** The loss with this Keras name and default arguments. */
    public static Loss get(String name) {
        return REGISTRY.get(name).apply(Map.of());
    }

    /** Rebuilds a loss from {@link Loss#getConfig()}. */
    public static Loss fromConfig(Map<String, Object> config) {
        return REGISTRY.get(ConfigMap.requiredString(config, "name")).apply(config);
    }

    /** Registers a custom loss under a name. */
    public static void register(String name, Function<Map<String, Object>, Loss> factory) {
        REGISTRY.register(name, factory);
    }

    private static boolean bool(Map<String, Object> c, String k) {
        return Boolean.TRUE.equals(c.get(k));
    }

    private static double num(Map<String, Object> c, String k, double d) {
        Object v = c.get(k);
        return ConfigMap.number(c, k, d);
    }
}
