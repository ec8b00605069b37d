package dev.landfall.data.augment;

import dev.landfall.tensor.Rng;
import dev.landfall.tensor.Tensor;

/** Adds independent {@code N(0, stddev²)} noise to every element: images or tabular features. */
public record GaussianNoise(double stddev) implements Augmentation {
    public GaussianNoise {
        if (!(stddev >= 0)) {
            throw new IllegalArgumentException("GaussianNoise: stddev must be non-negative. Received: " + stddev);
        }
    }

    public static GaussianNoise of(double stddev) {
        return new GaussianNoise(stddev);
    }

    @Override
    public Tensor apply(Tensor x, Rng rng) {
        if (!x.dtype().isFloating()) {
            throw new IllegalArgumentException("GaussianNoise needs floating-point features. Received: "
                    + x.dtype().displayName());
        }
        float[] v = x.toFloatArray();
        for (int i = 0; i < v.length; i++) {
            v[i] += (float) (stddev * rng.normal(i));
        }
        return Tensor.wrap(v, x.shape().toArray());
    }
}
