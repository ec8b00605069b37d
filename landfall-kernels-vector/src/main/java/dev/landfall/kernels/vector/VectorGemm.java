package dev.landfall.kernels.vector;

import dev.landfall.tensor.spi.Parallel;
import jdk.incubator.vector.FloatVector;

import static dev.landfall.kernels.vector.GemmMicroKernel.L;
import static dev.landfall.kernels.vector.GemmMicroKernel.MR;
import static dev.landfall.kernels.vector.GemmMicroKernel.NR;
import static dev.landfall.kernels.vector.GemmMicroKernel.S;

/**
 * Single-precision GEMM in the GotoBLAS/BLIS scheme. B is packed once per matrix into column panels
 * NR wide (k-major inside a panel), so the micro-kernel reads it with unit stride whatever B's
 * layout; each task packs its rows of A into MR-high row panels, one KC-deep slab at a time, in a
 * buffer of its thread. A transposed operand is read transposed during packing and never copied as a
 * matrix.
 *
 * <p>Blocking: a KC-deep slab of an A block ({@code MC × KC} floats, at most 120 KB) stays in the
 * 1 MB L2; one B micro-panel ({@code KC × NR}, 36 KB with 16 lanes) stays in the 48 KB L1 while the
 * micro-kernel walks down the A block. The packed B of the whole product ({@code K × N} rounded up to
 * NR columns) lives in a buffer of the calling thread and is reused by the next call. Work is split into (row block, column block) tasks; every
 * output element is summed by one task in the same k order whatever the thread count, so results
 * are bit-identical for any number of threads.
 */
final class VectorGemm {
    /** Depth of a packed slab (k). */
    static final int KC = 192;
    /** Most rows of A per task: an MC × KC slab (120 KB) stays in L2 next to the B panels streaming through. */
    static final int MC_MAX = 20 * MR;
    /** Below this many multiply-adds the packing costs more than it saves. */
    private static final long SMALL = 8 * 1024;
    /** Tasks to aim for, so two or more threads have work to balance. */
    private static final int TASKS = 8;
    /** Most B panels per task: their KC-deep slab (≤ 512 KB) stays in L2 while a task sweeps its rows. */
    private static final int MAX_PANELS_PER_TASK = Math.max(1, (128 * 1024) / (KC * NR));

    /** Up to this many rows of A, the product streams B directly instead of packing it (matrix-vector products). */
    static final int GEMV_MAX_ROWS = 4;
    /** Products with fewer multiply-adds than this run on one thread. */
    private static final long MIN_PARALLEL_WORK = 1 << 20;
    /** The most elements of A packed once for all tasks (4 MB); larger products pack per task. */
    private static final long MAX_SHARED_A = 1 << 20;
    /** Output columns per task of the matrix-vector path. */
    private static final int GEMV_GRAIN = 128;

    private static final ThreadLocal<float[][]> BUFFERS = ThreadLocal.withInitial(() -> new float[6][0]);

    private VectorGemm() {
    }

    static void gemm(int batch, int m, int n, int k,
                     float[] a, int[] aOffsets, int lda, boolean transA,
                     float[] b, int[] bOffsets, int ldb, boolean transB,
                     float[] c, int cOff) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            java.util.Arrays.fill(c, cOff, cOff + batch * m * n, 0f);
            return;
        }
        long work = (long) m * n * k;
        if (work <= SMALL) {
            Parallel.forRange(batch, Math.max(1, (int) ((1 << 16) / work)), (from, to) -> {
                for (int bi = from; bi < to; bi++) {
                    small(m, n, k, a, aOffsets[bi], lda, transA, b, bOffsets[bi], ldb, transB, c, cOff + bi * m * n);
                }
            });
            return;
        }
        for (int bi = 0; bi < batch; bi++) {
            if (m <= GEMV_MAX_ROWS) {
                gemv(m, n, k, a, aOffsets[bi], lda, transA, b, bOffsets[bi], ldb, transB, c, cOff + bi * m * n);
            } else {
                one(m, n, k, a, aOffsets[bi], lda, transA, b, bOffsets[bi], ldb, transB, c, cOff + bi * m * n, null);
            }
        }
    }

    /**
     * A few rows of A times B without packing: batch-1 inference would otherwise copy the whole
     * weight matrix on every call. Each row of C is computed column tile by column tile with the
     * accumulators in registers, so B streams through once per row; every element is one FMA chain
     * in k order, and tasks split the columns, so the thread count does not change the result.
     */
    private static void gemv(int m, int n, int k, float[] a, int ao, int lda, boolean transA,
                             float[] b, int bo, int ldb, boolean transB, float[] c, int co) {
        float[] rows = buffer(5, m * k);
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < k; p++) {
                rows[i * k + p] = a[transA ? ao + p * lda + i : ao + i * lda + p];
            }
        }
        // One column block per thread, so that each thread streams the same part of B on every call
        // and finds it in its own L2 (batch-1 inference reads all of B for little arithmetic).
        int grain = Math.max(GEMV_GRAIN, roundUp((n + Parallel.threads() - 1) / Parallel.threads(), 4 * L));
        Parallel.forRange(n, grain, (j0, j1) -> {
            for (int i = 0; i < m; i++) {
                if (transB) {
                    dotColumns(rows, i * k, k, b, bo, ldb, c, co + i * n, j0, j1);
                } else {
                    axpyColumns(rows, i * k, k, b, bo, ldb, c, co + i * n, j0, j1);
                }
            }
        });
    }

    /** {@code c[j] = Σ_p x[p]·B[p][j]} for j in [j0, j1), B row-major: four vectors of columns at a time. */
    private static void axpyColumns(float[] x, int xo, int k, float[] b, int bo, int ldb, float[] c, int co, int j0, int j1) {
        int j = j0;
        for (; j + 4 * L <= j1; j += 4 * L) {
            FloatVector c0 = FloatVector.zero(S);
            FloatVector c1 = c0;
            FloatVector c2 = c0;
            FloatVector c3 = c0;
            for (int p = 0, bp = bo + j; p < k; p++, bp += ldb) {
                FloatVector xv = FloatVector.broadcast(S, x[xo + p]);
                c0 = FloatVector.fromArray(S, b, bp).fma(xv, c0);
                c1 = FloatVector.fromArray(S, b, bp + L).fma(xv, c1);
                c2 = FloatVector.fromArray(S, b, bp + 2 * L).fma(xv, c2);
                c3 = FloatVector.fromArray(S, b, bp + 3 * L).fma(xv, c3);
            }
            c0.intoArray(c, co + j);
            c1.intoArray(c, co + j + L);
            c2.intoArray(c, co + j + 2 * L);
            c3.intoArray(c, co + j + 3 * L);
        }
        for (; j + L <= j1; j += L) {
            FloatVector c0 = FloatVector.zero(S);
            for (int p = 0, bp = bo + j; p < k; p++, bp += ldb) {
                c0 = FloatVector.fromArray(S, b, bp).fma(FloatVector.broadcast(S, x[xo + p]), c0);
            }
            c0.intoArray(c, co + j);
        }
        for (; j < j1; j++) {
            float s = 0f;
            for (int p = 0, bp = bo + j; p < k; p++, bp += ldb) {
                s = Math.fma(x[xo + p], b[bp], s);
            }
            c[co + j] = s;
        }
    }

    /** {@code c[j] = x · B_j} for j in [j0, j1), B stored transposed (row j holds column j): lane-wise dots, lanes added in order. */
    private static void dotColumns(float[] x, int xo, int k, float[] b, int bo, int ldb, float[] c, int co, int j0, int j1) {
        int kv = S.loopBound(k);
        float[] lanes = buffer(3, L);
        for (int j = j0; j < j1; j++) {
            int bj = bo + j * ldb;
            FloatVector acc = FloatVector.zero(S);
            for (int p = 0; p < kv; p += L) {
                acc = FloatVector.fromArray(S, b, bj + p).fma(FloatVector.fromArray(S, x, xo + p), acc);
            }
            acc.intoArray(lanes, 0);
            float s = 0f;
            for (int l = 0; l < L; l++) {
                s += lanes[l];
            }
            for (int p = kv; p < k; p++) {
                s = Math.fma(x[xo + p], b[bj + p], s);
            }
            c[co + j] = s;
        }
    }

    /** B packed once, as {@link #one} packs it on every call: the panels of the whole {@code k × n}. */
    static float[] prepackB(int k, int n, float[] b, int bo, int ldb, boolean transB) {
        int panels = (n + NR - 1) / NR;
        float[] bp = new float[panels * NR * k];
        packB(b, bo, ldb, transB, k, n, 0, panels, bp);
        return bp;
    }

    /** {@link #gemm} of one product whose B was packed by {@link #prepackB}: the same paths, without packing B. */
    static void gemmPrepacked(int m, int n, int k, float[] a, int ao, int lda, boolean transA,
                              float[] b, int bo, int ldb, boolean transB, float[] packedB, float[] c, int co) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            java.util.Arrays.fill(c, co, co + m * n, 0f);
        } else if ((long) m * n * k <= SMALL) {
            small(m, n, k, a, ao, lda, transA, b, bo, ldb, transB, c, co);
        } else if (m <= GEMV_MAX_ROWS) {
            gemv(m, n, k, a, ao, lda, transA, b, bo, ldb, transB, c, co);
        } else {
            one(m, n, k, a, ao, lda, transA, b, bo, ldb, transB, c, co, packedB);
        }
    }

    /** One product {@code C = A · B}, packed and parallel over blocks; B packed here unless {@code packedB} is given. */
    private static void one(int m, int n, int k, float[] a, int ao, int lda, boolean transA,
                            float[] b, int bo, int ldb, boolean transB, float[] c, int co, float[] packedB) {
        int panels = (n + NR - 1) / NR;
        boolean small = (long) m * n * k < MIN_PARALLEL_WORK; // W1's layers: a few µs, less than a thread hand-off
        float[] bp;
        if (packedB != null) {
            bp = packedB;
        } else {
            float[] fresh = buffer(0, panels * NR * k);
            Parallel.forRange(panels, small ? panels : Math.max(1, (1 << 16) / (NR * k) + 1),
                    (from, to) -> packB(b, bo, ldb, transB, k, n, from, to, fresh));
            bp = fresh;
        }

        int mBlocks = (m + MC_MAX - 1) / MC_MAX;
        int nBlocks = Math.min(panels, Math.max(1, (TASKS + mBlocks - 1) / mBlocks));
        int mc = roundUp((m + mBlocks - 1) / mBlocks, MR);
        mBlocks = (m + mc - 1) / mc;
        int panelsPerBlock = Math.min(MAX_PANELS_PER_TASK, (panels + nBlocks - 1) / nBlocks);
        nBlocks = (panels + panelsPerBlock - 1) / panelsPerBlock;
        int tasks = mBlocks * nBlocks;
        int nBlocksF = nBlocks;
        int mcF = mc;
        // When several tasks share the same rows (a short, wide product such as a training batch times
        // a layer's weights), A is packed once up front instead of once per task.
        int mPad = roundUp(m, MR);
        float[] shared = nBlocks > 1 && (long) mPad * k <= MAX_SHARED_A ? buffer(1, mPad * k) : null;
        if (shared != null) {
            int microPanels = mPad / MR;
            Parallel.forRange(microPanels, small ? microPanels : Math.max(1, (1 << 14) / (MR * k) + 1), (from, to) -> {
                int rows = Math.min(m, to * MR) - from * MR;
                for (int pc = 0; pc < k; pc += KC) {
                    int kc = Math.min(KC, k - pc);
                    packA(a, ao, lda, transA, from * MR, rows, pc, kc, shared, pc * mPad + from * MR * kc);
                }
            });
        }
        Parallel.forRange(tasks, small ? tasks : 1, (from, to) -> {
            float[] ap = shared != null ? shared : buffer(4, mcF * KC);
            float[] edge = buffer(2, MR * NR);
            for (int t = from; t < to; t++) {
                int i0 = (t / nBlocksF) * mcF;
                int rows = Math.min(mcF, m - i0);
                int p0 = (t % nBlocksF) * panelsPerBlock;
                int p1 = Math.min(panels, p0 + panelsPerBlock);
                block(rows, i0, p0, p1, n, k, a, ao, lda, transA, ap, shared != null ? mPad : -1, bp, c, co, edge);
            }
        });
    }

    /**
     * Rows {@code [i0, i0+rows)} times column panels {@code [p0, p1)}, over all of k. With
     * {@code mPad >= 0}, {@code ap} already holds all of A packed (block pc at {@code pc·mPad});
     * otherwise this packs its rows into {@code ap} one k block at a time.
     */
    private static void block(int rows, int i0, int p0, int p1, int n, int k,
                              float[] a, int ao, int lda, boolean transA, float[] ap, int mPad, float[] bp,
                              float[] c, int co, float[] edge) {
        for (int pc = 0; pc < k; pc += KC) {
            int kc = Math.min(KC, k - pc);
            int aBase;
            if (mPad >= 0) {
                aBase = pc * mPad + i0 * kc;
            } else {
                packA(a, ao, lda, transA, i0, rows, pc, kc, ap, 0);
                aBase = 0;
            }
            boolean add = pc > 0; // the first k block starts every FMA chain from zero: C needs no clearing
            for (int jp = p0; jp < p1; jp++) {
                int jc = jp * NR;
                int cols = Math.min(NR, n - jc);
                int bOff = jp * NR * k + pc * NR;
                for (int ir = 0; ir < rows; ir += MR) {
                    int mr = Math.min(MR, rows - ir);
                    int cIdx = co + (i0 + ir) * n + jc;
                    if (mr == MR && cols == NR) {
                        GemmMicroKernel.tile(kc, ap, aBase + ir * kc, bp, bOff, c, cIdx, n, add);
                    } else {
                        // A partial tile runs the same kernel on a copy: same FMA chains, no masks.
                        if (add) {
                            for (int r = 0; r < mr; r++) {
                                System.arraycopy(c, cIdx + r * n, edge, r * NR, cols);
                            }
                        }
                        GemmMicroKernel.tile(kc, ap, aBase + ir * kc, bp, bOff, edge, 0, NR, add);
                        for (int r = 0; r < mr; r++) {
                            System.arraycopy(edge, r * NR, c, cIdx + r * n, cols);
                        }
                    }
                }
            }
        }
    }

    /**
     * Packs B's column panels {@code [from, to)}: panel q holds, for each p, the NR values
     * B(p, q·NR ...) (zeros past column n).
     */
    static void packB(float[] b, int bo, int ldb, boolean transB, int k, int n, int from, int to, float[] bp) {
        for (int q = from; q < to; q++) {
            int j0 = q * NR;
            int cols = Math.min(NR, n - j0);
            int dst = q * NR * k;
            if (!transB) {
                for (int p = 0; p < k; p++, dst += NR) {
                    int src = bo + p * ldb + j0;
                    if (cols == NR) {
                        for (int v = 0; v < NR; v += L) {
                            FloatVector.fromArray(S, b, src + v).intoArray(bp, dst + v);
                        }
                    } else {
                        System.arraycopy(b, src, bp, dst, cols);
                        java.util.Arrays.fill(bp, dst + cols, dst + NR, 0f);
                    }
                }
            } else {
                for (int jj = 0; jj < NR; jj++) {
                    int d = dst + jj;
                    if (jj < cols) {
                        int src = bo + (j0 + jj) * ldb;
                        for (int p = 0; p < k; p++, d += NR) {
                            bp[d] = b[src + p];
                        }
                    } else {
                        for (int p = 0; p < k; p++, d += NR) {
                            bp[d] = 0f;
                        }
                    }
                }
            }
        }
    }

    /**
     * Packs rows {@code [i0, i0+rows)} × k {@code [pc, pc+kc)} of A into MR-high panels: panel r
     * holds, for each p, the MR values A(i0 + r·MR ..., pc + p) (zeros past the last row).
     */
    static void packA(float[] a, int ao, int lda, boolean transA, int i0, int rows, int pc, int kc, float[] ap, int apOff) {
        for (int ir = 0; ir < rows; ir += MR) {
            int mr = Math.min(MR, rows - ir);
            int dst = apOff + ir * kc;
            if (transA) {
                for (int p = 0; p < kc; p++, dst += MR) {
                    int src = ao + (pc + p) * lda + i0 + ir;
                    System.arraycopy(a, src, ap, dst, mr);
                    for (int r = mr; r < MR; r++) {
                        ap[dst + r] = 0f;
                    }
                }
            } else {
                for (int r = 0; r < MR; r++) {
                    int d = dst + r;
                    if (r < mr) {
                        int src = ao + (i0 + ir + r) * lda + pc;
                        for (int p = 0; p < kc; p++, d += MR) {
                            ap[d] = a[src + p];
                        }
                    } else {
                        for (int p = 0; p < kc; p++, d += MR) {
                            ap[d] = 0f;
                        }
                    }
                }
            }
        }
    }

    /** Tiny products: a plain loop in float, k innermost in order. */
    private static void small(int m, int n, int k, float[] a, int ao, int lda, boolean transA,
                              float[] b, int bo, int ldb, boolean transB, float[] c, int co) {
        int as = transA ? lda : 1;
        int ar = transA ? 1 : lda;
        int bs = transB ? 1 : ldb;
        int bc = transB ? ldb : 1;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float s = 0f;
                int ai = ao + i * ar;
                int bj = bo + j * bc;
                for (int p = 0; p < k; p++, ai += as, bj += bs) {
                    s = Math.fma(a[ai], b[bj], s);
                }
                c[co + i * n + j] = s;
            }
        }
    }

    private static float[] buffer(int which, int size) {
        float[][] bufs = BUFFERS.get();
        if (bufs[which].length < size) {
            bufs[which] = new float[size];
        }
        return bufs[which];
    }

    private static int roundUp(int x, int to) {
        return (x + to - 1) / to * to;
    }
}
