package dev.landfall.data.augment;

import dev.landfall.tensor.Rng;
import dev.landfall.tensor.Tensor;

/** Flips an image left-right and/or top-bottom, each with probability 1/2 (Keras {@code RandomFlip}). */
public record RandomFlip(boolean flipLeftRight, boolean flipUpDown) implements Augmentation {
    public RandomFlip {
        if (!flipLeftRight && !flipUpDown) {
            throw new IllegalArgumentException("RandomFlip: choose horizontal, vertical or both");
        }
    }

    /** Left-right flips. */
    public static RandomFlip horizontal() {
        return new RandomFlip(true, false);
    }

    /** Flips along both axes. */
    public static RandomFlip horizontalAndVertical() {
        return new RandomFlip(true, true);
    }

    @Override
    public Tensor apply(Tensor x, Rng rng) {
        int[] d = Augmentation.imageDims(x, "RandomFlip");
        boolean flipW = flipLeftRight && rng.uniform(0) < 0.5;
        boolean flipH = flipUpDown && rng.uniform(1) < 0.5;
        if (!flipW && !flipH) {
            return x;
        }
        int h = d[0], w = d[1], c = d[2];
        float[] in = x.toFloatArray();
        float[] out = new float[in.length];
        for (int i = 0; i < h; i++) {
            int si = flipH ? h - 1 - i : i;
            for (int j = 0; j < w; j++) {
                int sj = flipW ? w - 1 - j : j;
                System.arraycopy(in, (si * w + sj) * c, out, (i * w + j) * c, c);
            }
        }
        return Tensor.wrap(out, h, w, c);
    }
}
