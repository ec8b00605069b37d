package dev.landfall.data.augment;

import dev.landfall.tensor.Rng;
import dev.landfall.tensor.Tensor;

/**
 * A random change to one (unbatched) example's features, for training only: an image
 * {@code [H, W, C]} (channels-last), a feature vector {@code [F]} or a token-id sequence {@code [L]}.
 * All randomness comes from the given counter-based stream, so results depend only on the seed,
 * the epoch and the example's index ({@link dev.landfall.data.Dataset#augment}).
 *
 * <pre>{@code
 * Augmentation aug = Augmentation.sequence(RandomFlip.horizontal(), RandomCrop.withPadding(4),
 *         GaussianNoise.of(0.05));
 * Dataset train = Datasets.fromTensors(x, y).augment(42, aug).shuffle(42).batch(64);
 * }</pre>
 */
@FunctionalInterface
public interface Augmentation {
    /** The augmented example; {@code rng} is this example's private stream. */
    Tensor apply(Tensor x, Rng rng);

    /** Applies the augmentations in order, the i-th with the child stream {@code rng.derive(i)}. */
    static Augmentation sequence(Augmentation... steps) {
        Augmentation[] copy = steps.clone();
        return (x, rng) -> {
            Tensor out = x;
            for (int i = 0; i < copy.length; i++) {
                out = copy[i].apply(out, rng.derive(i));
            }
            return out;
        };
    }

    /** Checks for a channels-last image and returns {@code {H, W, C}}. */
    static int[] imageDims(Tensor x, String op) {
        if (x.rank() != 3) {
            throw new IllegalArgumentException(op + " expects one image of shape [height, width, channels] "
                    + "(apply it before batching). Received: shape " + x.shape());
        }
        return x.shape().toArray();
    }
}
