package dev.landfall.kernels.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register tile of the GEMM: {@code MR × NR} outputs held in {@code MR · NV} vector accumulators
 * ({@code NR = NV · lanes}) while one packed A micro-panel and one packed B micro-panel are swept
 * along k. Each k step loads NV vectors of B, broadcasts MR scalars of A and issues MR·NV
 * independent FMAs: with 8 rows × 3 vectors that is 24 accumulators + 3 B vectors + 1 broadcast,
 * which fits AVX-512's 32 registers without spills and keeps both FMA pipes busy (latency 4 × 2 pipes
 * needs at least 8 chains in flight).
 */
final class GemmMicroKernel {
    /** The widest species the CPU runs natively (512 bits with AVX-512, 256 with AVX2). */
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    /** Rows of the register tile. */
    static final int MR = 8;
    /** Vectors per row of the register tile. */
    static final int NV = 3;
    /** Columns of the register tile. */
    static final int NR = NV * L;

    private GemmMicroKernel() {
    }

    /**
     * {@code C[0:MR, 0:NR] += Ap · Bp} (or {@code =} when not {@code add}) over {@code kc} steps: {@code ap} holds MR values per k step
     * from {@code aOff}, {@code bp} NR values per k step from {@code bOff}; C row r starts at
     * {@code cOff + r·ldc}. Each output is one FMA chain that starts from C's value and runs in k
     * order. Written out by hand (no helper calls, no arrays of vectors) so that C2 keeps every
     * accumulator in a register: a helper that is not inlined would box the vectors.
     */
    static void tile(int kc, float[] ap, int aOff, float[] bp, int bOff, float[] c, int cOff, int ldc, boolean add) {
        final int o0 = cOff;
        final int o1 = cOff + 1 * ldc;
        final int o2 = cOff + 2 * ldc;
        final int o3 = cOff + 3 * ldc;
        final int o4 = cOff + 4 * ldc;
        final int o5 = cOff + 5 * ldc;
        final int o6 = cOff + 6 * ldc;
        final int o7 = cOff + 7 * ldc;
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = add ? FloatVector.fromArray(S, c, o0) : z;
        FloatVector c01 = add ? FloatVector.fromArray(S, c, o0 + L) : z;
        FloatVector c02 = add ? FloatVector.fromArray(S, c, o0 + 2 * L) : z;
        FloatVector c10 = add ? FloatVector.fromArray(S, c, o1) : z;
        FloatVector c11 = add ? FloatVector.fromArray(S, c, o1 + L) : z;
        FloatVector c12 = add ? FloatVector.fromArray(S, c, o1 + 2 * L) : z;
        FloatVector c20 = add ? FloatVector.fromArray(S, c, o2) : z;
        FloatVector c21 = add ? FloatVector.fromArray(S, c, o2 + L) : z;
        FloatVector c22 = add ? FloatVector.fromArray(S, c, o2 + 2 * L) : z;
        FloatVector c30 = add ? FloatVector.fromArray(S, c, o3) : z;
        FloatVector c31 = add ? FloatVector.fromArray(S, c, o3 + L) : z;
        FloatVector c32 = add ? FloatVector.fromArray(S, c, o3 + 2 * L) : z;
        FloatVector c40 = add ? FloatVector.fromArray(S, c, o4) : z;
        FloatVector c41 = add ? FloatVector.fromArray(S, c, o4 + L) : z;
        FloatVector c42 = add ? FloatVector.fromArray(S, c, o4 + 2 * L) : z;
        FloatVector c50 = add ? FloatVector.fromArray(S, c, o5) : z;
        FloatVector c51 = add ? FloatVector.fromArray(S, c, o5 + L) : z;
        FloatVector c52 = add ? FloatVector.fromArray(S, c, o5 + 2 * L) : z;
        FloatVector c60 = add ? FloatVector.fromArray(S, c, o6) : z;
        FloatVector c61 = add ? FloatVector.fromArray(S, c, o6 + L) : z;
        FloatVector c62 = add ? FloatVector.fromArray(S, c, o6 + 2 * L) : z;
        FloatVector c70 = add ? FloatVector.fromArray(S, c, o7) : z;
        FloatVector c71 = add ? FloatVector.fromArray(S, c, o7 + L) : z;
        FloatVector c72 = add ? FloatVector.fromArray(S, c, o7 + 2 * L) : z;
        for (int p = 0; p < kc; p++) {
            // indices linear in p, so that C2 can hoist the bounds checks out of the loop
            int ai = aOff + p * MR;
            int bi = bOff + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector b2 = FloatVector.fromArray(S, bp, bi + 2 * L);
            FloatVector a0 = FloatVector.broadcast(S, ap[ai]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            c02 = a0.fma(b2, c02);
            FloatVector a1 = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            c12 = a1.fma(b2, c12);
            FloatVector a2 = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            c22 = a2.fma(b2, c22);
            FloatVector a3 = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            c32 = a3.fma(b2, c32);
            FloatVector a4 = FloatVector.broadcast(S, ap[ai + 4]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            c42 = a4.fma(b2, c42);
            FloatVector a5 = FloatVector.broadcast(S, ap[ai + 5]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
            c52 = a5.fma(b2, c52);
            FloatVector a6 = FloatVector.broadcast(S, ap[ai + 6]);
            c60 = a6.fma(b0, c60);
            c61 = a6.fma(b1, c61);
            c62 = a6.fma(b2, c62);
            FloatVector a7 = FloatVector.broadcast(S, ap[ai + 7]);
            c70 = a7.fma(b0, c70);
            c71 = a7.fma(b1, c71);
            c72 = a7.fma(b2, c72);
        }
        c00.intoArray(c, o0);
        c01.intoArray(c, o0 + L);
        c02.intoArray(c, o0 + 2 * L);
        c10.intoArray(c, o1);
        c11.intoArray(c, o1 + L);
        c12.intoArray(c, o1 + 2 * L);
        c20.intoArray(c, o2);
        c21.intoArray(c, o2 + L);
        c22.intoArray(c, o2 + 2 * L);
        c30.intoArray(c, o3);
        c31.intoArray(c, o3 + L);
        c32.intoArray(c, o3 + 2 * L);
        c40.intoArray(c, o4);
        c41.intoArray(c, o4 + L);
        c42.intoArray(c, o4 + 2 * L);
        c50.intoArray(c, o5);
        c51.intoArray(c, o5 + L);
        c52.intoArray(c, o5 + 2 * L);
        c60.intoArray(c, o6);
        c61.intoArray(c, o6 + L);
        c62.intoArray(c, o6 + 2 * L);
        c70.intoArray(c, o7);
        c71.intoArray(c, o7 + L);
        c72.intoArray(c, o7 + 2 * L);
    }
}
