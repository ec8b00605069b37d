package dev.landfall.data;

import dev.landfall.tensor.Tensor;
import java.util.Objects;

/**
 * One element of a {@link Dataset}: features, an optional target and an optional sample weight
 * (DESIGN.md §7). A batched example has a leading batch dimension on every tensor; its sample
 * weight then has shape {@code [B]}.
 *
 * @param features the model's inputs; never null
 * @param target what the model should predict, or null (e.g. for prediction)
 * @param sampleWeight a per-example loss weight, or null
 */
public record Example(Tensors features, Tensors target, Tensor sampleWeight) {
    public Example {
        Objects.requireNonNull(features, "Example: features must not be null");
    }

    /** Single-tensor features and target (the target may be null). */
    public static Example of(Tensor features, Tensor target) {
        return new Example(Tensors.of(features), target == null ? null : Tensors.of(target), null);
    }

    /** The same example with other features. */
    public Example withFeatures(Tensors f) {
        return new Example(f, target, sampleWeight);
    }

    /** The same example with other features (one tensor). */
    public Example withFeatures(Tensor f) {
        return new Example(Tensors.of(f), target, sampleWeight);
    }

    /** The same example with another target. */
    public Example withTarget(Tensors t) {
        return new Example(features, t, sampleWeight);
    }
}
