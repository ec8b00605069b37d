package dev.landfall.data.augment;

import dev.landfall.tensor.Rng;
import dev.landfall.tensor.Tensor;

/**
 * Adds one uniform offset in {@code [-maxDelta, maxDelta]} to every pixel, then clips to
 * {@code [min, max]} (the image's value range, like Keras {@code RandomBrightness}'s value_range).
 */
public record RandomBrightness(double maxDelta, double min, double max) implements Augmentation {
    public RandomBrightness {
        if (!(maxDelta >= 0) || !(min < max)) {
            throw new IllegalArgumentException("RandomBrightness: expected maxDelta >= 0 and min < max. Received: maxDelta="
                    + maxDelta + ", min=" + min + ", max=" + max);
        }
    }

    @Override
    public Tensor apply(Tensor x, Rng rng) {
        Augmentation.imageDims(x, "RandomBrightness");
        double delta = (2 * rng.uniform(0) - 1) * maxDelta;
        float[] v = x.toFloatArray();
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) Math.min(max, Math.max(min, v[i] + delta));
        }
        return Tensor.wrap(v, x.shape().toArray());
    }
}
