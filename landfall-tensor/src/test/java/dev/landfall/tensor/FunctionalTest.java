package dev.landfall.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Convolution and pooling against TensorFlow's semantics and a direct-loop oracle. */
class FunctionalTest {
    @Test
    void samePaddingWithStrideTwoPadsTheExtraRowAtTheEndLikeTensorFlow() {
        // tf.nn.conv2d(arange(16).reshape(1,4,4,1), ones(3,3,1,1), strides=2, padding="SAME")
        Tensor x = Tensor.arange(0, 16, 1, DType.FLOAT32).reshape(1, 4, 4, 1);
        Tensor k = Tensor.ones(3, 3, 1, 1);
        Tensor y = Functional.conv2d(x, k, new int[] {2, 2}, Padding.SAME, new int[] {1, 1});
        assertEquals(Shape.of(1, 2, 2, 1), y.shape());
        assertArrayEquals(new float[] {45, 39, 66, 50}, y.toFloatArray());
    }

    @Test
    void conv2dMatchesDirectLoopsWithStrideDilationAndPadding() {
        Tensor x = Tensor.normal(Shape.of(2, 7, 6, 3), 0, 1, DType.FLOAT64, Rng.of(1));
        Tensor k = Tensor.normal(Shape.of(3, 2, 3, 4), 0, 1, DType.FLOAT64, Rng.of(2));
        for (Padding p : Padding.values()) {
            for (int s = 1; s <= 2; s++) {
                for (int d = 1; d <= 2; d++) {
                    Tensor y = Functional.conv2d(x, k, new int[] {s, s}, p, new int[] {d, d});
                    double[] expected = directConv(x, k, s, d, p, y.shape());
                    assertArrayEquals(expected, y.toDoubleArray(), 1e-12, p + " stride " + s + " dilation " + d);
                }
            }
        }
    }

    private static double[] directConv(Tensor x, Tensor k, int s, int d, Padding p, Shape out) {
        int h = x.dim(1);
        int w = x.dim(2);
        int oh = out.dim(1);
        int ow = out.dim(2);
        int ekh = (k.dim(0) - 1) * d + 1;
        int ekw = (k.dim(1) - 1) * d + 1;
        int top = p == Padding.SAME ? Math.max((oh - 1) * s + ekh - h, 0) / 2 : 0;
        int left = p == Padding.SAME ? Math.max((ow - 1) * s + ekw - w, 0) / 2 : 0;
        double[] r = new double[out.size()];
        int i = 0;
        for (int n = 0; n < x.dim(0); n++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    for (int f = 0; f < k.dim(3); f++) {
                        double acc = 0;
                        for (int ky = 0; ky < k.dim(0); ky++) {
                            for (int kx = 0; kx < k.dim(1); kx++) {
                                int iy = oy * s - top + ky * d;
                                int ix = ox * s - left + kx * d;
                                if (iy < 0 || iy >= h || ix < 0 || ix >= w) {
                                    continue;
                                }
                                for (int c = 0; c < x.dim(3); c++) {
                                    acc += x.getDouble(n, iy, ix, c) * k.getDouble(ky, kx, c, f);
                                }
                            }
                        }
                        r[i++] = acc;
                    }
                }
            }
        }
        return r;
    }

    @Test
    void poolingFollowsTensorFlow() {
        Tensor x = Tensor.arange(0, 25, 1, DType.FLOAT32).reshape(1, 5, 5, 1);
        // tf.nn.max_pool2d(x, 2, 2, "VALID") and "SAME"
        assertArrayEquals(new float[] {6, 8, 16, 18},
                Functional.maxPool2d(x, new int[] {2, 2}, null, Padding.VALID).toFloatArray());
        assertArrayEquals(new float[] {6, 8, 9, 16, 18, 19, 21, 23, 24},
                Functional.maxPool2d(x, new int[] {2, 2}, null, Padding.SAME).toFloatArray());
        // average pooling with SAME counts only real positions at the border
        assertArrayEquals(new float[] {3, 5, 6.5f, 13, 15, 16.5f, 20.5f, 22.5f, 24},
                Functional.avgPool2d(x, new int[] {2, 2}, null, Padding.SAME).toFloatArray());
        Tensor seq = Tensor.fromArray(new float[] {1, 3, 2, 5, 4}, 1, 5, 1);
        assertArrayEquals(new float[] {3, 5, 4}, Functional.maxPool1d(seq, 2, 2, Padding.SAME).toFloatArray());
        assertArrayEquals(new float[] {2, 10f / 3, 11f / 3}, Functional.avgPool1d(seq, 3, 1, Padding.VALID).toFloatArray(), 1e-6f);
    }

    @Test
    void conv1dSlidesAlongTheLength() {
        Tensor x = Tensor.fromArray(new float[] {1, 2, 3, 4, 5}, 1, 5, 1);
        Tensor k = Tensor.fromArray(new float[] {1, 0, -1}, 3, 1, 1);
        assertArrayEquals(new float[] {-2, -2, -2}, Functional.conv1d(x, k, 1, Padding.VALID, 1).toFloatArray());
        assertArrayEquals(new float[] {-2, -2, 4}, Functional.conv1d(x, k, 2, Padding.SAME, 1).toFloatArray());
    }

    @Test
    void dropoutMaskIsSeededAndScaled() {
        Tensor m1 = Functional.dropoutMask(Shape.of(10_000), 0.3, DType.FLOAT32, Rng.of(5));
        Tensor m2 = Functional.dropoutMask(Shape.of(10_000), 0.3, DType.FLOAT32, Rng.of(5));
        assertArrayEquals(m1.toFloatArray(), m2.toFloatArray());
        float keep = (float) (1 / 0.7);
        int zeros = 0;
        for (float v : m1.toFloatArray()) {
            assertTrue(v == 0f || v == keep, "mask value " + v);
            zeros += v == 0f ? 1 : 0;
        }
        assertEquals(0.3, zeros / 10_000.0, 0.02);
        assertEquals(1.0, m1.mean().item(), 0.03);
    }
}
