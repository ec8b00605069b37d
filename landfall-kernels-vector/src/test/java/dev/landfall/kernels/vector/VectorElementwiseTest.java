package dev.landfall.kernels.vector;

import dev.landfall.tensor.spi.BinaryOp;
import dev.landfall.tensor.spi.ReduceOp;
import dev.landfall.tensor.spi.UnaryOp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;
import java.util.SplittableRandom;

import static dev.landfall.kernels.vector.KernelPair.FAST;
import static dev.landfall.kernels.vector.KernelPair.REFERENCE;
import static dev.landfall.kernels.vector.KernelPair.SIZES;
import static dev.landfall.kernels.vector.KernelPair.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Fast vs reference for the 1-D kernels over the awkward sizes. */
class VectorElementwiseTest {
    private static final double REL = 1e-5;

    @ParameterizedTest
    @EnumSource(UnaryOp.class)
    void unaryMatchesReference(UnaryOp op) {
        SplittableRandom rnd = new SplittableRandom(op.ordinal());
        boolean positive = op == UnaryOp.LOG || op == UnaryOp.SQRT;
        for (int n : SIZES) {
            float[] x = uniform(rnd, n + 3, positive ? 0.01 : -6, 6);
            float[] ref = new float[n + 2];
            float[] got = new float[n + 2];
            REFERENCE.unary(op, x, 3, ref, 2, n);
            FAST.unary(op, x, 3, got, 2, n);
            assertElementsClose(ref, got, op + " n=" + n);
        }
    }

    @ParameterizedTest
    @EnumSource(BinaryOp.class)
    void binaryMatchesReferenceContiguousAndBroadcast(BinaryOp op) {
        SplittableRandom rnd = new SplittableRandom(100 + op.ordinal());
        double lo = op == BinaryOp.POW ? 0.1 : -4;
        for (int n : SIZES) {
            float[] a = uniform(rnd, 2 * n + 1, lo, 4);
            float[] b = uniform(rnd, 2 * n + 1, op == BinaryOp.POW ? -3 : -4, 4);
            // same shape, both contiguous (with offsets)
            check(op, new int[] {n}, a, 1, new int[] {1}, b, 0, new int[] {1}, "contiguous n=" + n);
            // a scalar broadcast against a row, and the other way round
            check(op, new int[] {n}, a, 5 % a.length, new int[] {0}, b, 1, new int[] {1}, "scalar a n=" + n);
            check(op, new int[] {n}, a, 0, new int[] {1}, b, 7 % b.length, new int[] {0}, "scalar b n=" + n);
            // [2, n] + [n]: a row broadcast down the rows; and a column [2, 1] across them
            check(op, new int[] {2, n}, a, 0, new int[] {n, 1}, b, 0, new int[] {0, 1}, "row broadcast n=" + n);
            check(op, new int[] {2, n}, a, 0, new int[] {n, 1}, b, 0, new int[] {1, 0}, "column broadcast n=" + n);
            // a strided (transposed-like) operand
            check(op, new int[] {n}, a, 0, new int[] {2}, b, 0, new int[] {1}, "stride 2 n=" + n);
        }
    }

    @ParameterizedTest
    @EnumSource(BinaryOp.class)
    void binaryBroadcastPatternsOfHigherRankMatchReference(BinaryOp op) {
        SplittableRandom rnd = new SplittableRandom(300 + op.ordinal());
        double lo = op == BinaryOp.POW ? 0.1 : -4;
        for (int n : new int[] {1, 7, 16, 33}) {
            float[] a = uniform(rnd, 2 * 3 * 4 * n + 3, lo, 4);
            float[] b = uniform(rnd, 2 * 3 * 4 * n + 3, op == BinaryOp.POW ? -3 : -4, 4);
            int[] full = {3 * 4 * n, 4 * n, n, 1};
            int[] shape = {2, 3, 4, n};
            // a [4, n] row block over [2, 3] leading dims; a [2, 3, 1, 1] column over [4, n]
            check(op, shape, a, 2, full, b, 1, new int[] {0, 0, n, 1}, "row block [4, n] n=" + n);
            check(op, shape, a, 0, full, b, 3, new int[] {3, 1, 0, 0}, "column [2, 3, 1, 1] n=" + n);
            // an outer product [2, 3, 1, 1] x [4, n]: both broadcast, the same block
            check(op, shape, a, 0, new int[] {3, 1, 0, 0}, b, 0, new int[] {0, 0, n, 1}, "outer product n=" + n);
            // blocks that differ ([n] row against a [2, 1, 1, 1] column): the general walk
            check(op, shape, a, 0, new int[] {0, 0, 0, 1}, b, 0, new int[] {1, 0, 0, 0}, "mixed blocks n=" + n);
            // broadcast in the middle ([2, 1, 4, n]): not one of the simple patterns
            check(op, shape, a, 0, full, b, 0, new int[] {4 * n, 0, n, 1}, "middle broadcast n=" + n);
        }
        // above the parallel grain: rows split over threads
        float[] a = uniform(rnd, 40 * 1024, lo, 4);
        float[] b = uniform(rnd, 40 * 1024, op == BinaryOp.POW ? -3 : -4, 4);
        check(op, new int[] {40, 1024}, a, 0, new int[] {1024, 1}, b, 0, new int[] {0, 1}, "large row broadcast");
        check(op, new int[] {40, 1024}, a, 0, new int[] {1024, 1}, b, 0, new int[] {1024, 1}, "large same shape");
        check(op, new int[] {40, 1024}, a, 0, new int[] {1024, 1}, b, 5, new int[] {1, 0}, "large column");
    }

    private static void check(BinaryOp op, int[] shape, float[] a, int aOff, int[] as, float[] b, int bOff, int[] bs,
                              String what) {
        int size = Arrays.stream(shape).reduce(1, (x, y) -> x * y);
        float[] ref = new float[size];
        float[] got = new float[size];
        REFERENCE.binary(op, shape, a, aOff, as, b, bOff, bs, ref);
        FAST.binary(op, shape, a, aOff, as, b, bOff, bs, got);
        assertElementsClose(ref, got, op + " " + what);
    }

    @ParameterizedTest
    @EnumSource(ReduceOp.class)
    void reduceRowsMatchesReference(ReduceOp op) {
        SplittableRandom rnd = new SplittableRandom(200 + op.ordinal());
        for (int n : SIZES) {
            int rows = 3;
            float[] x = uniform(rnd, rows * n + 1, -3, 3);
            float[] ref = new float[rows + 1];
            float[] got = new float[rows + 1];
            REFERENCE.reduceRows(op, x, 1, rows, n, ref, 1);
            FAST.reduceRows(op, x, 1, rows, n, got, 1);
            for (int r = 0; r < rows; r++) {
                double scale = 0;
                for (int i = 0; i < n; i++) {
                    scale += Math.abs(x[1 + r * n + i]);
                }
                // a float sum of n terms drifts by O(n·eps) of Σ|x|; max and min are exact
                double tol = op == ReduceOp.SUM ? REL * scale : 0;
                assertTrue(Math.abs(ref[1 + r] - got[1 + r]) <= tol,
                        op + " n=" + n + " row " + r + ": reference " + ref[1 + r] + ", fast " + got[1 + r]);
            }
            assertEquals(0f, got[0], "wrote before outOff");
        }
    }

    @ParameterizedTest
    @EnumSource(ReduceOp.class)
    void reduceMiddleMatchesReference(ReduceOp op) {
        SplittableRandom rnd = new SplittableRandom(250 + op.ordinal());
        for (int inner : SIZES) {
            for (int len : new int[] {1, 4, 9, 100}) {
                int outer = 2;
                float[] x = uniform(rnd, outer * len * inner + 1, -3, 3);
                float[] ref = new float[outer * inner + 1];
                float[] got = new float[outer * inner + 1];
                REFERENCE.reduceMiddle(op, x, 1, outer, len, inner, ref, 1);
                FAST.reduceMiddle(op, x, 1, outer, len, inner, got, 1);
                for (int k = 1; k < ref.length; k++) {
                    double tol = op == ReduceOp.SUM ? REL * 3 * len : 0;
                    assertTrue(Math.abs(ref[k] - got[k]) <= tol,
                            op + " inner=" + inner + " len=" + len + " at " + k + ": reference " + ref[k] + ", fast " + got[k]);
                }
                assertEquals(0f, got[0], "wrote before outOff");
            }
        }
    }

    @Test
    void argReduceRowsMatchesReferenceWithTies() {
        SplittableRandom rnd = new SplittableRandom(300);
        for (boolean max : new boolean[] {true, false}) {
            for (int n : SIZES) {
                int rows = 4;
                float[] x = new float[rows * n];
                for (int i = 0; i < x.length; i++) {
                    x[i] = rnd.nextInt(7) - 3; // few distinct values: many ties, the first must win
                }
                int[] ref = new int[rows];
                int[] got = new int[rows];
                REFERENCE.argReduceRows(max, x, 0, rows, n, ref, 0);
                FAST.argReduceRows(max, x, 0, rows, n, got, 0);
                assertArrayEquals(ref, got, (max ? "argmax" : "argmin") + " n=" + n);
            }
        }
    }

    @Test
    void nanPropagatesLikeTheReference() {
        for (int n : SIZES) {
            float[] x = uniform(new SplittableRandom(n), n, -1, 1);
            x[n / 2] = Float.NaN;
            if (n > 3) {
                x[n - 1] = Float.NaN;
            }
            float[] y = uniform(new SplittableRandom(n + 1), n, -1, 1);
            for (ReduceOp op : new ReduceOp[] {ReduceOp.MAX, ReduceOp.MIN, ReduceOp.SUM}) {
                float[] got = new float[1];
                FAST.reduceRows(op, x, 0, 1, n, got, 0);
                assertTrue(Float.isNaN(got[0]), op + " n=" + n + " lost the NaN: " + got[0]);
            }
            for (boolean max : new boolean[] {true, false}) {
                int[] ref = new int[1];
                int[] got = new int[1];
                REFERENCE.argReduceRows(max, x, 0, 1, n, ref, 0);
                FAST.argReduceRows(max, x, 0, 1, n, got, 0);
                assertEquals(ref[0], got[0], "arg with NaN n=" + n);
            }
            for (BinaryOp op : new BinaryOp[] {BinaryOp.MAXIMUM, BinaryOp.MINIMUM}) {
                float[] ref = new float[n];
                float[] got = new float[n];
                REFERENCE.binary(op, new int[] {n}, x, 0, new int[] {1}, y, 0, new int[] {1}, ref);
                FAST.binary(op, new int[] {n}, x, 0, new int[] {1}, y, 0, new int[] {1}, got);
                assertArrayEquals(ref, got, op + " with NaN n=" + n);
            }
        }
    }

    @Test
    void sigmoidAndExpStayFiniteAtTheEnds() {
        float[] x = new float[64];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i % 2 == 0 ? -1 : 1) * (float) (i * 3); // up to ±189: e^189 overflows a float
        }
        float[] ref = new float[64];
        float[] got = new float[64];
        REFERENCE.unary(UnaryOp.SIGMOID, x, 0, ref, 0, 64);
        FAST.unary(UnaryOp.SIGMOID, x, 0, got, 0, 64);
        for (int i = 0; i < 64; i++) {
            // below ~-87 the true value is subnormal or 0 in float: compare absolutely there
            assertEquals(ref[i], got[i], Math.max(1e-5 * Math.abs(ref[i]), 1e-37), "sigmoid(" + x[i] + ")");
        }
    }

    @Test
    void doublesGoToTheReferenceKernels() {
        double[] x = {1, 2, 3};
        double[] got = new double[3];
        FAST.unary(UnaryOp.EXP, x, 0, got, 0, 3);
        assertArrayEquals(new double[] {Math.exp(1), Math.exp(2), Math.exp(3)}, got, 0.0);
    }

    private static void assertElementsClose(float[] ref, float[] got, String what) {
        for (int i = 0; i < ref.length; i++) {
            double r = ref[i];
            double g = got[i];
            if (Double.isNaN(r) || Double.isNaN(g)) {
                if (Double.isNaN(r) != Double.isNaN(g)) {
                    fail(what + " at " + i + ": reference " + r + ", fast " + g);
                }
                continue;
            }
            if (Double.isInfinite(r) || Double.isInfinite(g)) {
                assertEquals(r, g, what + " at " + i);
                continue;
            }
            double tol = REL * Math.max(Math.abs(r), Float.MIN_NORMAL);
            if (Math.abs(r - g) > tol) {
                fail(what + " at " + i + ": reference " + r + ", fast " + g + " (tolerance " + tol + ")");
            }
        }
    }
}
