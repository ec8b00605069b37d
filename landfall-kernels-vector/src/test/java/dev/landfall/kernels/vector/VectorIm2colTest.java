package dev.landfall.kernels.vector;

import dev.landfall.tensor.spi.Conv2dGeometry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.SplittableRandom;

import static dev.landfall.kernels.vector.KernelPair.FAST;
import static dev.landfall.kernels.vector.KernelPair.REFERENCE;
import static dev.landfall.kernels.vector.KernelPair.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** im2col and col2im are copies and in-order sums: fast must equal reference bit for bit. */
class VectorIm2colTest {

    @ParameterizedTest(name = "n={0} {1}x{2}x{3} k={4}x{5} s={6},{7} d={8},{9} pad={10},{11}")
    @CsvSource({
            // n, h, w, c, kh, kw, sh, sw, dh, dw, padTop, padLeft
            "2, 28, 28, 1, 3, 3, 1, 1, 1, 1, 0, 0",    // first layer of the small CNN, valid
            "2, 13, 13, 32, 3, 3, 1, 1, 1, 1, 1, 1",   // same padding, 32 channels
            "1, 9, 7, 3, 2, 2, 2, 2, 1, 1, 0, 0",      // pooling-like windows
            "3, 10, 11, 5, 3, 3, 2, 2, 1, 1, 1, 1",    // stride 2 with padding (TensorFlow's asymmetric SAME)
            "1, 12, 12, 4, 3, 3, 1, 1, 2, 2, 2, 2",    // dilation 2
            "1, 6, 20, 17, 1, 5, 1, 3, 1, 2, 0, 4",    // 1-D style, dilated and strided along w
            "2, 4, 4, 2, 5, 5, 1, 1, 1, 1, 2, 2"       // window larger than the image: mostly padding
    })
    void im2colAndCol2imEqualReference(int n, int h, int w, int c, int kh, int kw, int sh, int sw, int dh, int dw,
                                       int padTop, int padLeft) {
        int ekh = (kh - 1) * dh + 1;
        int ekw = (kw - 1) * dw + 1;
        int oh = (h + 2 * padTop - ekh) / sh + 1;
        int ow = (w + 2 * padLeft - ekw) / sw + 1;
        Conv2dGeometry g = new Conv2dGeometry(n, h, w, c, kh, kw, sh, sw, dh, dw, padTop, padLeft, oh, ow);
        SplittableRandom rnd = new SplittableRandom(h * 31L + c);
        float[] x = uniform(rnd, n * h * w * c, -1, 1);
        int colsSize = (int) g.colsSize();
        for (double pad : new double[] {0.0, Double.NEGATIVE_INFINITY}) {
            float[] ref = new float[colsSize];
            float[] got = new float[colsSize];
            REFERENCE.im2col(x, g, pad, ref);
            FAST.im2col(x, g, pad, got);
            assertArrayEquals(ref, got, "im2col pad=" + pad);
        }
        float[] cols = uniform(rnd, colsSize, -1, 1);
        float[] dxRef = uniform(new SplittableRandom(7), n * h * w * c, -1, 1); // col2im accumulates into dx
        float[] dxGot = dxRef.clone();
        REFERENCE.col2im(cols, g, dxRef);
        FAST.col2im(cols, g, dxGot);
        assertArrayEquals(dxRef, dxGot, "col2im");
    }

    @ParameterizedTest(name = "n={0} {1}x{2}x{3} pool {4}x{5} s={6},{7} pad={8},{9}")
    @CsvSource({
            "2, 26, 26, 32, 2, 2, 2, 2, 0, 0",   // the small CNN's first pooling
            "1, 5, 6, 3, 3, 3, 2, 2, 1, 1",      // SAME with stride 2: windows hang over the border
            "2, 7, 7, 17, 2, 2, 1, 1, 0, 0",     // overlapping windows, odd channel count
            "2, 11, 11, 64, 2, 2, 2, 2, 0, 0",   // the small CNN's second pooling: whole vectors only
            "1, 6, 6, 37, 3, 3, 2, 2, 1, 1"      // vectors and a tail, windows over the border
    })
    void maxPoolEqualsReference(int n, int h, int w, int c, int kh, int kw, int sh, int sw, int pt, int pl) {
        int oh = pt > 0 ? (h + sh - 1) / sh : (h - kh) / sh + 1;
        int ow = pl > 0 ? (w + sw - 1) / sw : (w - kw) / sw + 1;
        Conv2dGeometry g = new Conv2dGeometry(n, h, w, c, kh, kw, sh, sw, 1, 1, pt, pl, oh, ow);
        float[] x = uniform(new SplittableRandom(7), n * h * w * c, -2, 2);
        x[5] = x[6]; // a tie: the first position must win in both
        for (int i = 0; i < c; i++) { // the first pixel's window: a NaN, and zeros of both signs in every channel
            x[i] = i % 3 == 0 ? Float.NaN : -0.0f;
            x[c + i] = i % 3 == 1 ? Float.NaN : 0.0f;
            x[w * c + i] = -0.0f;
        }
        float[] ref = new float[n * oh * ow * c];
        float[] got = new float[ref.length];
        int[] refIdx = new int[ref.length];
        int[] gotIdx = new int[ref.length];
        REFERENCE.maxPool2d(x, g, ref, refIdx);
        FAST.maxPool2d(x, g, got, gotIdx);
        assertArrayEquals(ref, got);
        org.junit.jupiter.api.Assertions.assertArrayEquals(refIdx, gotIdx);
        // without positions (inference): the same maxima, bit for bit, from the reference and the SIMD path
        float[] refValues = new float[ref.length];
        float[] gotValues = new float[ref.length];
        REFERENCE.maxPool2d(x, g, refValues, null);
        FAST.maxPool2d(x, g, gotValues, null);
        assertArrayEquals(ref, refValues);
        assertArrayEquals(ref, gotValues);
    }
}
