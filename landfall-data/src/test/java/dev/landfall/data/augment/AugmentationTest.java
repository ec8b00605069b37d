package dev.landfall.data.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.landfall.data.Dataset;
import dev.landfall.data.Datasets;
import dev.landfall.tensor.Rng;
import dev.landfall.tensor.Tensor;
import org.junit.jupiter.api.Test;

class AugmentationTest {
    /** A 2x3 single-channel image 0..5. */
    static Tensor image() {
        return Tensor.fromArray(new float[] {0, 1, 2, 3, 4, 5}, 2, 3, 1);
    }

    /** A stream whose first uniform draw is below (flip) or above 1/2. */
    static Rng rngWith(boolean low) {
        for (long s = 0; ; s++) {
            Rng r = Rng.of(s);
            if ((r.uniform(0) < 0.5) == low && (r.uniform(1) < 0.5) == low) {
                return r;
            }
        }
    }

    @Test
    void flipMirrorsOrLeavesAlone() {
        assertArrayEquals(new float[] {2, 1, 0, 5, 4, 3}, RandomFlip.horizontal().apply(image(), rngWith(true))
                .toFloatArray());
        assertArrayEquals(image().toFloatArray(), RandomFlip.horizontal().apply(image(), rngWith(false)).toFloatArray());
        assertArrayEquals(new float[] {5, 4, 3, 2, 1, 0}, RandomFlip.horizontalAndVertical().apply(image(),
                rngWith(true)).toFloatArray());
    }

    @Test
    void cropWithPaddingKeepsSizeAndShiftsContent() {
        Tensor x = Tensor.ones(4, 4, 1);
        int differing = 0;
        for (int s = 0; s < 20; s++) {
            Tensor y = RandomCrop.withPadding(1).apply(x, Rng.of(s));
            assertArrayEquals(new int[] {4, 4, 1}, y.shape().toArray());
            float sum = y.sum().toFloatArray()[0];
            // a shift of (dy, dx) in {-1,0,1}² keeps (4-|dy|)(4-|dx|) ones
            assertEquals(0, java.util.List.of(16f, 12f, 9f).indexOf(sum) < 0 ? 1 : 0, "sum " + sum);
            differing += sum < 16 ? 1 : 0;
        }
        assertNotEquals(0, differing);
        assertArrayEquals(new int[] {2, 2, 1}, new RandomCrop(2, 2, 0).apply(x, Rng.of(1)).shape().toArray());
    }

    @Test
    void rotationByZeroIsIdentityAndBy90Rotates() {
        assertArrayEquals(image().toFloatArray(), new RandomRotation(0).apply(image(), Rng.of(3)).toFloatArray());
        Tensor sq = Tensor.fromArray(new float[] {1, 2, 3, 4}, 2, 2, 1);
        float[] r = RandomRotation.rotate(sq, 2, 2, 1, Math.PI / 2).toFloatArray();
        assertArrayEquals(new float[] {2, 4, 1, 3}, r, 1e-5f);
    }

    @Test
    void brightnessContrastAndNoise() {
        Tensor x = Tensor.fromArray(new float[] {10, 20, 30, 40}, 2, 2, 1);
        Rng rng = Rng.of(4);
        double delta = (2 * rng.uniform(0) - 1) * 5;
        assertEquals((float) (10 + delta), new RandomBrightness(5, 0, 255).apply(x, rng).toFloatArray()[0], 1e-4);
        double k = 1 + (2 * rng.uniform(0) - 1) * 0.5;
        assertEquals((float) ((10 - 25) * k + 25), new RandomContrast(0.5).apply(x, rng).toFloatArray()[0], 1e-4);
        float[] noise = GaussianNoise.of(2).apply(Tensor.zeros(20_000), Rng.of(9)).toFloatArray();
        double m = 0, sq = 0;
        for (float v : noise) {
            m += v;
            sq += v * v;
        }
        assertEquals(0, m / noise.length, 0.05);
        assertEquals(4, sq / noise.length, 0.15);
    }

    @Test
    void tokenDropoutKeepsLengthAndOrder() {
        Tensor ids = Tensor.wrap(new int[] {5, 6, 7, 8, 0, 0}, 6);
        int[] out = new TokenDropout(0.5).apply(ids, Rng.of(2)).toIntArray();
        assertEquals(6, out.length);
        int kept = 0;
        int last = 4;
        for (int v : out) {
            if (v != 0) {
                kept++;
                assertEquals(true, v > last, "survivors keep their order");
                last = v;
            }
        }
        assertEquals(true, kept >= 1 && kept <= 4);
        assertArrayEquals(new int[] {5, 6, 7, 8, 0, 0}, new TokenDropout(0).apply(ids, Rng.of(2)).toIntArray());
        assertThrows(IllegalArgumentException.class, () -> new TokenDropout(0.1).apply(Tensor.zeros(3), Rng.of(1)));
    }

    @Test
    void datasetAugmentationDependsOnSeedEpochAndIndex() {
        Dataset d = Datasets.fromTensors(Tensor.zeros(3, 4), Tensor.zeros(3)).augment(1, GaussianNoise.of(1));
        float[] a = d.iterator(0).next().features().single().toFloatArray();
        assertArrayEquals(a, d.prefetch(1).iterator(0).next().features().single().toFloatArray());
        assertNotEquals(a[0], d.iterator(1).next().features().single().toFloatArray()[0]);
        assertThrows(IllegalStateException.class, () -> Datasets.fromTensors(Tensor.zeros(3, 4), null).batch(2)
                .augment(1, GaussianNoise.of(1)));
    }
}
