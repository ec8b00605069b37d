package dev.landfall.kernels.vector;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static dev.landfall.kernels.vector.KernelPair.FAST;
import static dev.landfall.kernels.vector.KernelPair.REFERENCE;
import static dev.landfall.kernels.vector.KernelPair.uniform;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Fast vs reference GEMM (DESIGN.md §4): every element within {@code 1e-5 · K · max_p |a_ip · b_pj|},
 * for the named shapes and ~50 seeded random ones with M·N·K ≤ 2^24, each with all four
 * transA/transB combinations, padded leading dimensions, a batch with offsets and a C offset.
 */
class VectorGemmTest {

    static Stream<Arguments> named() {
        // plus matrix-vector shapes (batch-1 inference: B is streamed, not packed), with column tails,
        // and one whose A is too big to pack once for all tasks (each task packs its rows)
        int[][] shapes = {{1, 1, 1}, {7, 13, 5}, {127, 129, 65}, {128, 512, 784},
            {1, 512, 784}, {3, 100, 301}, {4, 77, 129}, {1000, 100, 1100}};
        List<Arguments> out = new ArrayList<>();
        for (int[] s : shapes) {
            for (int t = 0; t < 4; t++) {
                out.add(Arguments.of(s[0], s[1], s[2], (t & 1) != 0, (t & 2) != 0, 1));
            }
        }
        return out.stream();
    }

    /** 52 shapes, log-uniform sides with M·N·K ≤ 2^24, cycling through the transposes and batch sizes. */
    static Stream<Arguments> random() {
        SplittableRandom rnd = new SplittableRandom(20240611);
        List<Arguments> out = new ArrayList<>();
        while (out.size() < 52) {
            int m = side(rnd);
            int n = side(rnd);
            int k = side(rnd);
            int batch = 1 + (out.size() % 3 == 2 ? rnd.nextInt(3) : 0);
            if ((long) m * n * k * batch > (1 << 24)) {
                continue;
            }
            int t = out.size() % 4;
            out.add(Arguments.of(m, n, k, (t & 1) != 0, (t & 2) != 0, batch));
        }
        return out.stream();
    }

    private static int side(SplittableRandom rnd) {
        return (int) Math.round(Math.exp(rnd.nextDouble() * Math.log(700)));
    }

    @ParameterizedTest(name = "{0}x{1}x{2} transA={3} transB={4} batch={5}")
    @MethodSource("named")
    void namedShapesMatchReference(int m, int n, int k, boolean transA, boolean transB, int batch) {
        checkAgainstReference(m, n, k, transA, transB, batch, 7L * m + n + k);
    }

    @ParameterizedTest(name = "{0}x{1}x{2} transA={3} transB={4} batch={5}")
    @MethodSource("random")
    void randomShapesMatchReference(int m, int n, int k, boolean transA, boolean transB, int batch) {
        checkAgainstReference(m, n, k, transA, transB, batch, 31L * m + 7L * n + k);
    }

    @Test
    void batchWithSharedAndSeparateOffsetsMatchesReference() {
        // B broadcast over the batch (every offset the same), A with three separate offsets.
        checkAgainstReference(37, 53, 41, false, true, 3, 5);
        checkAgainstReference(200, 70, 300, true, false, 4, 6);
    }

    @Test
    void emptyInnerDimensionWritesZeros() {
        float[] c = {9f, 9f, 9f, 9f};
        FAST.gemm(1, 2, 2, 0, new float[0], new int[] {0}, 1, false, new float[0], new int[] {0}, 2, false, c, 0);
        assertEquals(List.of(0f, 0f, 0f, 0f), List.of(c[0], c[1], c[2], c[3]));
    }

    static void checkAgainstReference(int m, int n, int k, boolean transA, boolean transB, int batch, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        // leading dimensions padded by a few elements so lda/ldb are not the tight ones
        int lda = (transA ? m : k) + rnd.nextInt(3);
        int ldb = (transB ? k : n) + rnd.nextInt(3);
        int aSize = (transA ? k : m) * lda;
        int bSize = (transB ? n : k) * ldb;
        int[] aOffsets = new int[batch];
        int[] bOffsets = new int[batch];
        for (int i = 0; i < batch; i++) {
            aOffsets[i] = 3 + i * (aSize + 5);
            bOffsets[i] = 1 + (batch > 1 && seed % 2 == 1 ? 0 : i * (bSize + 2));
        }
        float[] a = uniform(rnd, aOffsets[batch - 1] + aSize + 4, -1, 1);
        float[] b = uniform(rnd, bOffsets[batch - 1] + bSize + 4, -1, 1);
        int cOff = 2;
        float[] ref = new float[cOff + batch * m * n];
        float[] got = new float[cOff + batch * m * n];
        got[0] = 42f;
        got[1] = 43f;
        REFERENCE.gemm(batch, m, n, k, a, aOffsets, lda, transA, b, bOffsets, ldb, transB, ref, cOff);
        FAST.gemm(batch, m, n, k, a, aOffsets, lda, transA, b, bOffsets, ldb, transB, got, cOff);
        assertEquals(42f, got[0], "wrote before cOff");
        assertEquals(43f, got[1], "wrote before cOff");
        if (batch == 1) {
            // B packed once (a model's constant weights): the same bits as packing it in the call
            Object packed = FAST.prepackB(k, n, b, bOffsets[0], ldb, transB);
            assertNotNull(packed, "the fast kernels pack float B");
            float[] prepacked = new float[cOff + m * n];
            FAST.gemmPrepacked(m, n, k, a, aOffsets[0], lda, transA, b, bOffsets[0], ldb, transB, packed, prepacked, cOff);
            for (int i = cOff; i < got.length; i++) {
                if (Float.floatToRawIntBits(got[i]) != Float.floatToRawIntBits(prepacked[i])) {
                    fail(m + "x" + n + "x" + k + " transA=" + transA + " transB=" + transB + " C element " + (i - cOff)
                            + ": " + got[i] + " unpacked, " + prepacked[i] + " prepacked");
                }
            }
        }
        for (int bi = 0; bi < batch; bi++) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double maxTerm = 0;
                    for (int p = 0; p < k; p++) {
                        double x = a[transA ? aOffsets[bi] + p * lda + i : aOffsets[bi] + i * lda + p];
                        double y = b[transB ? bOffsets[bi] + j * ldb + p : bOffsets[bi] + p * ldb + j];
                        maxTerm = Math.max(maxTerm, Math.abs(x * y));
                    }
                    int idx = cOff + (bi * m + i) * n + j;
                    double tol = 1e-5 * k * maxTerm;
                    if (!(Math.abs(ref[idx] - got[idx]) <= tol)) {
                        fail(m + "x" + n + "x" + k + " transA=" + transA + " transB=" + transB + " batch " + bi
                                + " C[" + i + "][" + j + "]: reference " + ref[idx] + ", fast " + got[idx]
                                + " (tolerance " + tol + ")");
                    }
                }
            }
        }
    }
}
