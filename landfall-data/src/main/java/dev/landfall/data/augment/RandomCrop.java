package dev.landfall.data.augment;

import dev.landfall.tensor.Rng;
import dev.landfall.tensor.Tensor;

/**
 * Pads an image with {@code padding} zero pixels on every side, then crops {@code height × width} at a
 * uniformly random offset (the CIFAR recipe; with padding 0 it is Keras {@code RandomCrop}).
 */
public record RandomCrop(int height, int width, int padding) implements Augmentation {
    public RandomCrop {
        if (height < 0 || width < 0 || padding < 0) {
            throw new IllegalArgumentException("RandomCrop: sizes and padding must be non-negative. Received: height="
                    + height + ", width=" + width + ", padding=" + padding);
        }
    }

    /** Crops back to the input size after padding: {@code height = width = 0} means "the input's". */
    public static RandomCrop withPadding(int padding) {
        return new RandomCrop(0, 0, padding);
    }

    @Override
    public Tensor apply(Tensor x, Rng rng) {
        int[] d = Augmentation.imageDims(x, "RandomCrop");
        int h = d[0], w = d[1], c = d[2];
        int oh = height == 0 ? h : height;
        int ow = width == 0 ? w : width;
        int ph = h + 2 * padding, pw = w + 2 * padding;
        if (oh > ph || ow > pw) {
            throw new IllegalArgumentException("RandomCrop: cannot crop " + oh + "x" + ow + " from a padded image of "
                    + ph + "x" + pw);
        }
        int top = rng.nextInt(0, ph - oh + 1) - padding;
        int left = rng.nextInt(1, pw - ow + 1) - padding;
        float[] in = x.toFloatArray();
        float[] out = new float[oh * ow * c];
        for (int i = 0; i < oh; i++) {
            int si = top + i;
            if (si < 0 || si >= h) {
                continue;
            }
            for (int j = 0; j < ow; j++) {
                int sj = left + j;
                if (sj >= 0 && sj < w) {
                    System.arraycopy(in, (si * w + sj) * c, out, (i * ow + j) * c, c);
                }
            }
        }
        return Tensor.wrap(out, oh, ow, c);
    }
}
