package dev.landfall.kernels.vector;

import dev.landfall.tensor.spi.BinaryOp;
import dev.landfall.tensor.spi.BroadcastPattern;
import dev.landfall.tensor.spi.Conv2dGeometry;
import dev.landfall.tensor.spi.AdamStep;
import dev.landfall.tensor.spi.Kernels;
import dev.landfall.tensor.spi.KernelsProvider;
import dev.landfall.tensor.spi.Parallel;
import dev.landfall.tensor.spi.ReduceOp;
import dev.landfall.tensor.spi.StridedLoop;
import dev.landfall.tensor.spi.UnaryOp;

import java.util.ServiceLoader;

/**
 * The fast kernels: FLOAT32 through the Vector API and {@link Parallel}; FLOAT64 (gradient checks
 * and tests only, DESIGN.md §3) goes to the reference kernels. Created by
 * {@link VectorKernelsProvider} only after its start-up checks passed.
 */
final class VectorKernels implements Kernels {
    /** Elements per parallel task for the memory-bound kernels. */
    static final int GRAIN = 1 << 15;

    private final Kernels reference;

    public VectorKernels() {
        this.reference = ServiceLoader.load(KernelsProvider.class, VectorKernels.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("reference"))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("the reference kernels provider is not on the class path"))
                .create();
    }

    @Override
    public String name() {
        return "fast";
    }

    @Override
    public void unary(UnaryOp op, Object src, int srcOff, Object dst, int dstOff, int n) {
        if (src instanceof float[] s) {
            float[] d = (float[]) dst;
            Parallel.forRange(n, GRAIN, (from, to) -> VectorElementwise.unary(op, s, srcOff, d, dstOff, from, to));
        } else {
            reference.unary(op, src, srcOff, dst, dstOff, n);
        }
    }

    @Override
    public void binary(BinaryOp op, int[] shape, Object a, int aOff, int[] aStrides,
                       Object b, int bOff, int[] bStrides, Object out) {
        if (!(a instanceof float[] fa)) {
            reference.binary(op, shape, a, aOff, aStrides, b, bOff, bStrides, out);
            return;
        }
        float[] fb = (float[]) b;
        float[] fo = (float[]) out;
        long pa = BroadcastPattern.of(shape, aStrides);
        long pb = BroadcastPattern.of(shape, bStrides);
        if (pa >= 0 && pb >= 0 && binaryByRows(op, shape, fa, aOff, pa, fb, bOff, pb, fo)) {
            return;
        }
        int[] outStrides = new int[shape.length];
        for (int i = shape.length - 1, acc = 1; i >= 0; i--) {
            outStrides[i] = acc;
            acc *= shape[i];
        }
        StridedLoop loop = StridedLoop.of(shape, aStrides, bStrides, outStrides);
        int sa = loop.innerStride(0);
        int sb = loop.innerStride(1);
        loop.forEachRowParallel(new int[] {aOff, bOff, 0}, GRAIN, (offs, len) ->
                VectorElementwise.binaryRow(op, fa, offs[0], sa, fb, offs[1], sb, fo, offs[2], len));
    }

    /** The common broadcasts as rows × block, without a strided walk; false when the operands' blocks differ. */
    private static boolean binaryByRows(BinaryOp op, int[] shape, float[] a, int aOff, long pa, float[] b, int bOff, long pb,
                                        float[] out) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        int ka = BroadcastPattern.kind(pa);
        int kb = BroadcastPattern.kind(pb);
        int block = 0;
        if (ka >= BroadcastPattern.ROW) {
            block = BroadcastPattern.block(pa);
        }
        if (kb >= BroadcastPattern.ROW) {
            if (block != 0 && block != BroadcastPattern.block(pb)) {
                return false;
            }
            block = BroadcastPattern.block(pb);
        }
        if (n == 0) {
            return true;
        }
        if (block == 0) { // same-shape and scalar operands: one flat range
            int sa = ka == BroadcastPattern.FULL ? 1 : 0;
            int sb = kb == BroadcastPattern.FULL ? 1 : 0;
            if (n <= GRAIN) {
                VectorElementwise.binaryRow(op, a, aOff, sa, b, bOff, sb, out, 0, n);
            } else {
                Parallel.forRange(n, GRAIN, (from, to) ->
                        VectorElementwise.binaryRow(op, a, aOff + from * sa, sa, b, bOff + from * sb, sb, out, from, to - from));
            }
            return true;
        }
        int len = block;
        int aStep = ka == BroadcastPattern.FULL ? len : ka == BroadcastPattern.COLUMN ? 1 : 0;
        int aInner = ka == BroadcastPattern.FULL || ka == BroadcastPattern.ROW ? 1 : 0;
        int bStep = kb == BroadcastPattern.FULL ? len : kb == BroadcastPattern.COLUMN ? 1 : 0;
        int bInner = kb == BroadcastPattern.FULL || kb == BroadcastPattern.ROW ? 1 : 0;
        int rows = n / len;
        if ((long) n <= GRAIN) {
            binaryRows(op, a, aOff, aStep, aInner, b, bOff, bStep, bInner, out, len, 0, rows);
        } else {
            Parallel.forRange(rows, Math.max(1, GRAIN / len), (from, to) ->
                    binaryRows(op, a, aOff, aStep, aInner, b, bOff, bStep, bInner, out, len, from, to));
        }
        return true;
    }

    private static void binaryRows(BinaryOp op, float[] a, int aOff, int aStep, int aInner, float[] b, int bOff, int bStep,
                                   int bInner, float[] out, int len, int from, int to) {
        for (int r = from; r < to; r++) {
            VectorElementwise.binaryRow(op, a, aOff + r * aStep, aInner, b, bOff + r * bStep, bInner, out, r * len, len);
        }
    }

    @Override
    public void reduceRows(ReduceOp op, Object src, int srcOff, int rows, int len, Object out, int outOff) {
        if (!(src instanceof float[] s)) {
            reference.reduceRows(op, src, srcOff, rows, len, out, outOff);
            return;
        }
        float[] o = (float[]) out;
        Parallel.forRange(rows, Math.max(1, GRAIN / Math.max(1, len)), (from, to) -> {
            for (int r = from; r < to; r++) {
                o[outOff + r] = len == 0 ? 0f : VectorElementwise.reduce(op, s, srcOff + r * len, len);
            }
        });
    }

    @Override
    public void argReduceRows(boolean max, Object src, int srcOff, int rows, int len, int[] out, int outOff) {
        if (!(src instanceof float[] s)) {
            reference.argReduceRows(max, src, srcOff, rows, len, out, outOff);
            return;
        }
        Parallel.forRange(rows, Math.max(1, GRAIN / Math.max(1, len)), (from, to) -> {
            for (int r = from; r < to; r++) {
                out[outOff + r] = VectorElementwise.argExtreme(max, s, srcOff + r * len, len);
            }
        });
    }

    @Override
    public void gemm(int batch, int m, int n, int k,
                     Object a, int[] aOffsets, int lda, boolean transA,
                     Object b, int[] bOffsets, int ldb, boolean transB,
                     Object c, int cOff) {
        if (a instanceof float[] fa) {
            VectorGemm.gemm(batch, m, n, k, fa, aOffsets, lda, transA, (float[]) b, bOffsets, ldb, transB, (float[]) c, cOff);
        } else {
            reference.gemm(batch, m, n, k, a, aOffsets, lda, transA, b, bOffsets, ldb, transB, c, cOff);
        }
    }

    @Override
    public Object prepackB(int k, int n, Object b, int bOff, int ldb, boolean transB) {
        return b instanceof float[] fb ? VectorGemm.prepackB(k, n, fb, bOff, ldb, transB) : null;
    }

    @Override
    public void gemmPrepacked(int m, int n, int k, Object a, int aOff, int lda, boolean transA,
                              Object b, int bOff, int ldb, boolean transB, Object packedB, Object c, int cOff) {
        VectorGemm.gemmPrepacked(m, n, k, (float[]) a, aOff, lda, transA, (float[]) b, bOff, ldb, transB,
                (float[]) packedB, (float[]) c, cOff);
    }

    @Override
    public void im2col(Object x, Conv2dGeometry g, double padValue, Object cols) {
        if (x instanceof float[] fx) {
            VectorIm2col.im2col(fx, g, (float) padValue, (float[]) cols);
        } else {
            reference.im2col(x, g, padValue, cols);
        }
    }

    @Override
    public void col2im(Object cols, Conv2dGeometry g, Object dx) {
        if (cols instanceof float[] fc) {
            VectorIm2col.col2im(fc, g, (float[]) dx);
        } else {
            reference.col2im(cols, g, dx);
        }
    }

    @Override
    public void adam(Object w, Object g, Object m, Object v, Object vMax, int n, AdamStep s) {
        if (!(w instanceof float[] fw)) {
            reference.adam(w, g, m, v, vMax, n, s);
            return;
        }
        Parallel.forRange(n, GRAIN, (from, to) -> VectorUpdates.adam(fw, (float[]) g, (float[]) m, (float[]) v,
                (float[]) vMax, from, to, s));
    }

    @Override
    public void reduceMiddle(ReduceOp op, Object src, int srcOff, int outer, int len, int inner, Object out, int outOff) {
        if (!(src instanceof float[] s)) {
            reference.reduceMiddle(op, src, srcOff, outer, len, inner, out, outOff);
            return;
        }
        float[] o = (float[]) out;
        int grain = Math.max(1, GRAIN / Math.max(1, len * inner));
        Parallel.forRange(outer, grain, (from, to) -> {
            for (int b = from; b < to; b++) {
                VectorElementwise.reduceMiddle(op, s, srcOff + b * len * inner, len, inner, o, outOff + b * inner);
            }
        });
    }

    @Override
    public void maxPool2d(Object x, Conv2dGeometry g, Object out, int[] argmax) {
        if (!(x instanceof float[] fx)) {
            reference.maxPool2d(x, g, out, argmax);
            return;
        }
        float[] fo = (float[]) out;
        Parallel.forRange(g.n() * g.oh(), Math.max(1, GRAIN / Math.max(1, g.ow() * g.c() * g.kh() * g.kw())),
                (from, to) -> VectorIm2col.maxPoolRows(fx, g, fo, argmax, from, to));
    }
}
