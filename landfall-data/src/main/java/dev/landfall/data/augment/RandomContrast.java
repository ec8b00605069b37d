package dev.landfall.data.augment;

import dev.landfall.tensor.Rng;
import dev.landfall.tensor.Tensor;

/**
 * Scales each channel's distance from its mean by a uniform factor in {@code [1 - factor, 1 + factor]}:
 * {@code x' = (x - mean_c) · k + mean_c} (Keras {@code RandomContrast}).
 */
public record RandomContrast(double factor) implements Augmentation {
    public RandomContrast {
        if (!(factor >= 0 && factor <= 1)) {
            throw new IllegalArgumentException("RandomContrast: factor must be in [0, 1]. Received: " + factor);
        }
    }

    @Override
    public Tensor apply(Tensor x, Rng rng) {
        int[] d = Augmentation.imageDims(x, "RandomContrast");
        int c = d[2];
        double k = 1 + (2 * rng.uniform(0) - 1) * factor;
        float[] v = x.toFloatArray();
        double[] mean = new double[c];
        for (int i = 0; i < v.length; i++) {
            mean[i % c] += v[i];
        }
        int pixels = d[0] * d[1];
        for (int ch = 0; ch < c; ch++) {
            mean[ch] /= pixels;
        }
        for (int i = 0; i < v.length; i++) {
            double m = mean[i % c];
            v[i] = (float) ((v[i] - m) * k + m);
        }
        return Tensor.wrap(v, d);
    }
}
