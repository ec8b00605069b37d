package dev.landfall.data.augment;

import dev.landfall.tensor.Rng;
import dev.landfall.tensor.Tensor;

/**
 * Rotates an image about its centre by a uniform angle in {@code [-maxDegrees, maxDegrees]}, with
 * bilinear interpolation and zeros outside the source (Keras {@code RandomRotation}, fill "constant").
 */
public record RandomRotation(double maxDegrees) implements Augmentation {
    public RandomRotation {
        if (!(maxDegrees >= 0 && maxDegrees <= 180)) {
            throw new IllegalArgumentException("RandomRotation: maxDegrees must be in [0, 180]. Received: " + maxDegrees);
        }
    }

    @Override
    public Tensor apply(Tensor x, Rng rng) {
        int[] d = Augmentation.imageDims(x, "RandomRotation");
        double angle = Math.toRadians((2 * rng.uniform(0) - 1) * maxDegrees);
        return rotate(x, d[0], d[1], d[2], angle);
    }

    static Tensor rotate(Tensor x, int h, int w, int c, double angle) {
        float[] in = x.toFloatArray();
        float[] out = new float[in.length];
        double cy = (h - 1) / 2.0, cx = (w - 1) / 2.0;
        double cos = Math.cos(angle), sin = Math.sin(angle);
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                // inverse mapping: the source point that lands on (i, j)
                double sy = cos * (i - cy) + sin * (j - cx) + cy;
                double sx = -sin * (i - cy) + cos * (j - cx) + cx;
                int y0 = (int) Math.floor(sy), x0 = (int) Math.floor(sx);
                double fy = sy - y0, fx = sx - x0;
                for (int k = 0; k < c; k++) {
                    double v = (1 - fy) * ((1 - fx) * at(in, h, w, c, y0, x0, k) + fx * at(in, h, w, c, y0, x0 + 1, k))
                            + fy * ((1 - fx) * at(in, h, w, c, y0 + 1, x0, k) + fx * at(in, h, w, c, y0 + 1, x0 + 1, k));
                    out[(i * w + j) * c + k] = (float) v;
                }
            }
        }
        return Tensor.wrap(out, h, w, c);
    }

    private static float at(float[] in, int h, int w, int c, int y, int x, int k) {
        return y < 0 || y >= h || x < 0 || x >= w ? 0f : in[(y * w + x) * c + k];
    }
}
