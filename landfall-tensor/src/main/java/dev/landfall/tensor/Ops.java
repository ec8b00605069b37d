package dev.landfall.tensor;

import dev.landfall.tensor.internal.KernelRegistry;
import dev.landfall.tensor.spi.BinaryOp;
import dev.landfall.tensor.spi.Conv2dGeometry;
import dev.landfall.tensor.spi.Kernels;
import dev.landfall.tensor.spi.ReduceOp;
import dev.landfall.tensor.spi.UnaryOp;

import java.util.Arrays;

/**
 * The forward side of every primitive {@link Op}: validate, compute through the kernels or
 * {@link Layout}, and record a {@link Node} when gradients are wanted.
 */
final class Ops {
    private Ops() {
    }

    static Kernels kernels() {
        return KernelRegistry.get();
    }

    // ---------------------------------------------------------------- recording

    private static final Tensor[] NONE = new Tensor[0];

    /** True when no graph node is wanted for an op on {@code x}: the caller can skip building one. */
    private static boolean untracked(Tensor x) {
        return !(x.requiresGrad && GradMode.isEnabled()) && !Anomaly.enabled();
    }

    private static boolean untracked(Tensor a, Tensor b) {
        return !((a.requiresGrad || b.requiresGrad) && GradMode.isEnabled()) && !Anomaly.enabled();
    }

    private static Tensor record(Tensor out, Op op, Object attrs, Tensor[] inputs) {
        return record(out, op, attrs, inputs, NONE);
    }

    private static Tensor record(Tensor out, Op op, Object attrs, Tensor[] inputs, Tensor... saved) {
        if (Anomaly.enabled()) {
            Anomaly.checkForward(op, out, inputs);
        }
        if (!GradMode.isEnabled() || !out.dtype().isFloating()) {
            return out;
        }
        for (Tensor t : inputs) {
            if (t != null && t.requiresGrad) {
                out.gradFn = new Node(op, inputs, attrs, saved);
                out.requiresGrad = true;
                return out;
            }
        }
        return out;
    }

    static void requireFloating(String op, Tensor... ts) {
        for (Tensor t : ts) {
            if (!t.dtype().isFloating()) {
                throw new IllegalArgumentException(op + ": expected a floating-point tensor (FLOAT32 or FLOAT64), got "
                        + t.dtype() + " of shape " + t.shape() + "; convert it with .to(DType.FLOAT32)");
            }
        }
    }

    private static String name(Op op) {
        return op.lower;
    }

    private static final String[] BINARY_NAMES = lowerNames(BinaryOp.values());
    private static final String[] COMPARE_NAMES = lowerNames(Layout.Compare.values());
    private static final UnaryOp[] UNARY_OF = new UnaryOp[Op.values().length];
    private static final BinaryOp[] BINARY_OF = new BinaryOp[Op.values().length];

    static {
        for (Op op : Op.values()) {
            for (UnaryOp u : UnaryOp.values()) {
                if (u.name().equals(op.name())) {
                    UNARY_OF[op.ordinal()] = u;
                }
            }
            for (BinaryOp b : BinaryOp.values()) {
                if (b.name().equals(op.name())) {
                    BINARY_OF[op.ordinal()] = b;
                }
            }
        }
    }

    private static String[] lowerNames(Enum<?>[] values) {
        String[] n = new String[values.length];
        for (Enum<?> v : values) {
            n[v.ordinal()] = v.name().toLowerCase(java.util.Locale.ROOT);
        }
        return n;
    }

    // ---------------------------------------------------------------- elementwise

    static Tensor unary(Op op, Tensor x) {
        requireFloating(name(op), x);
        Tensor xc = x.contiguousRaw();
        Tensor out = Tensor.uninitialized(x.shape, x.dtype());
        kernels().unary(UNARY_OF[op.ordinal()], xc.storage.data(), xc.offset, out.storage.data(), 0, x.size());
        if (untracked(x)) {
            return out;
        }
        Tensor[] in = {x};
        return switch (op) {
            case NEG -> record(out, op, null, in);
            case LOG, ABS, ERF -> record(out, op, null, in, x);
            default -> record(out, op, null, in, out); // EXP, SQRT, RECIPROCAL, TANH, SIGMOID: rule uses the output
        };
    }

    static Tensor binary(Op op, Tensor a, Tensor b) {
        String opName = name(op);
        requireFloating(opName, a, b);
        DType dt = DType.promote(a.dtype(), b.dtype());
        a = a.to(dt);
        b = b.to(dt);
        Shape outShape = Shape.broadcast(opName, a.shape, b.shape);
        Tensor out = Tensor.uninitialized(outShape, dt);
        kernels().binary(BINARY_OF[op.ordinal()], outShape.dimsUnsafe(),
                a.storage.data(), a.offset, broadcastStrides(a, outShape),
                b.storage.data(), b.offset, broadcastStrides(b, outShape), out.storage.data());
        if (untracked(a, b)) {
            return out;
        }
        Tensor[] in = {a, b};
        return switch (op) {
            case ADD, SUB -> record(out, op, null, in);
            case DIV -> record(out, op, null, in, b, out);
            case POW -> record(out, op, null, in, a, b, out);
            default -> record(out, op, null, in, a, b); // MUL, MAXIMUM, MINIMUM
        };
    }

    /**
     * A kernel binary operation that records nothing (for backward rules, which run without
     * recording): same dtype, broadcasting.
     */
    static Tensor kernelBinary(BinaryOp op, Tensor a, Tensor b) {
        Shape outShape = Shape.broadcast(BINARY_NAMES[op.ordinal()], a.shape, b.shape);
        Tensor out = Tensor.uninitialized(outShape, a.dtype());
        kernels().binary(op, outShape.dimsUnsafe(), a.storage.data(), a.offset, broadcastStrides(a, outShape),
                b.storage.data(), b.offset, broadcastStrides(b, outShape), out.storage.data());
        return out;
    }

    /** Strides that read {@code t} as if it had shape {@code out} (0 along broadcast dimensions). */
    static int[] broadcastStrides(Tensor t, Shape out) {
        if (t.shape == out || t.shape.equals(out)) {
            return t.strides; // read only: a size-1 dim's stride never moves the index
        }
        int r = out.rank();
        int lead = r - t.rank();
        int[] s = new int[r];
        for (int i = 0; i < t.rank(); i++) {
            s[lead + i] = t.shape.dimsUnsafe()[i] == 1 ? 0 : t.strides[i];
        }
        return s;
    }

    static Tensor compare(Layout.Compare cmp, Tensor a, Tensor b) {
        String opName = COMPARE_NAMES[cmp.ordinal()];
        Shape outShape = Shape.broadcast(opName, a.shape, b.shape);
        Tensor out = Tensor.uninitialized(outShape, DType.BOOL);
        Layout.compare(cmp, outShape.dimsUnsafe(), a.storage.data(), a.offset, broadcastStrides(a, outShape),
                b.storage.data(), b.offset, broadcastStrides(b, outShape), (boolean[]) out.storage.data());
        return out;
    }

    static Tensor where(Tensor cond, Tensor a, Tensor b) {
        if (cond.dtype() != DType.BOOL) {
            throw new IllegalArgumentException("where: the condition must be BOOL, got " + cond.dtype() + " of shape "
                    + cond.shape + "; build it with a comparison such as x.gt(0)");
        }
        DType dt = DType.promote(a.dtype(), b.dtype());
        a = a.to(dt);
        b = b.to(dt);
        Shape outShape;
        try {
            outShape = Shape.broadcast("where", Shape.broadcast("where", cond.shape, a.shape), b.shape);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("where: condition " + cond.shape + ", x " + a.shape + " and y "
                    + b.shape + " do not broadcast together", e);
        }
        Tensor out = Tensor.uninitialized(outShape, dt);
        Layout.where(outShape.dimsUnsafe(), (boolean[]) cond.storage.data(), cond.offset, broadcastStrides(cond, outShape),
                a.storage.data(), a.offset, broadcastStrides(a, outShape),
                b.storage.data(), b.offset, broadcastStrides(b, outShape), out.storage.data());
        return record(out, Op.WHERE, null, new Tensor[] {null, a, b}, cond);
    }

    // ---------------------------------------------------------------- reductions

    record ReduceAttrs(int[] axes, boolean keepDims) {
    }

    static int[] normalizeAxes(int[] axes, int rank, String op) {
        if (axes == null || axes.length == 0) {
            int[] all = new int[rank];
            for (int i = 0; i < rank; i++) {
                all[i] = i;
            }
            return all;
        }
        int[] n = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
            n[i] = Shape.normalizeAxis(axes[i], rank, op);
        }
        Arrays.sort(n);
        for (int i = 1; i < n.length; i++) {
            if (n[i] == n[i - 1]) {
                throw new IllegalArgumentException(op + ": axis " + n[i] + " is repeated in " + Arrays.toString(axes));
            }
        }
        return n;
    }

    static Tensor reduce(Op op, Tensor x, int[] axesIn, boolean keepDims) {
        String opName = op == Op.SUM ? "sum" : op == Op.AMAX ? "max" : "min";
        requireFloating(opName, x);
        int rank = x.rank();
        int[] axes = normalizeAxes(axesIn, rank, opName);
        boolean[] reduced = new boolean[rank];
        for (int a : axes) {
            reduced[a] = true;
        }
        int[] perm = new int[rank];
        int k = 0;
        int rows = 1;
        int len = 1;
        for (int i = 0; i < rank; i++) {
            if (!reduced[i]) {
                perm[k++] = i;
                rows *= x.shape.dim(i);
            }
        }
        for (int a : axes) {
            perm[k++] = a;
            len *= x.shape.dim(a);
        }
        if (len == 0 && op != Op.SUM && rows > 0) {
            throw new IllegalArgumentException(opName + ": cannot reduce over an empty axis (shape " + x.shape + ", axes "
                    + Arrays.toString(axes) + ")");
        }
        int[] outDims = keptDims(x.shape, reduced, keepDims);
        Tensor out = Tensor.empty(Shape.of(outDims), x.dtype());
        ReduceOp rop = op == Op.SUM ? ReduceOp.SUM : op == Op.AMAX ? ReduceOp.MAX : ReduceOp.MIN;
        boolean consecutive = axes.length > 0 && axes[axes.length - 1] - axes[0] == axes.length - 1;
        if (consecutive && axes[axes.length - 1] < rank - 1 && x.isContiguous() && len > 0 && rows > 0) {
            // [outer, len, inner] with the reduced block in the middle: no transposing copy
            int outer = 1;
            for (int i = 0; i < axes[0]; i++) {
                outer *= x.shape.dim(i);
            }
            kernels().reduceMiddle(rop, x.storage.data(), x.offset, outer, len, rows / outer, out.storage.data(), 0);
        } else {
            Tensor xp = permuteRaw(x, perm).contiguousRaw();
            kernels().reduceRows(rop, xp.storage.data(), xp.offset, rows, len, out.storage.data(), 0);
        }
        if (untracked(x)) {
            return out;
        }
        ReduceAttrs attrs = new ReduceAttrs(axes, keepDims);
        Tensor[] in = {x};
        return op == Op.SUM ? record(out, op, attrs, in) : record(out, op, attrs, in, x, out);
    }

    static int[] keptDims(Shape s, boolean[] reduced, boolean keepDims) {
        int n = 0;
        for (int i = 0; i < s.rank(); i++) {
            if (keepDims || !reduced[i]) {
                n++;
            }
        }
        int[] d = new int[n];
        for (int i = 0, j = 0; i < s.rank(); i++) {
            if (!reduced[i]) {
                d[j++] = s.dim(i);
            } else if (keepDims) {
                d[j++] = 1;
            }
        }
        return d;
    }

    static Tensor argReduce(Tensor x, int axis, boolean max, boolean keepDims) {
        String opName = max ? "argmax" : "argmin";
        if (x.dtype() == DType.BOOL) {
            x = x.to(DType.INT32);
        }
        int a = Shape.normalizeAxis(axis, x.rank(), opName);
        if (x.shape.dim(a) == 0) {
            throw new IllegalArgumentException(opName + ": cannot reduce over an empty axis (shape " + x.shape + ")");
        }
        Tensor xf = x.dtype().isFloating() ? x : x.to(DType.FLOAT64);
        int[] perm = new int[x.rank()];
        for (int i = 0, j = 0; i < x.rank(); i++) {
            if (i != a) {
                perm[j++] = i;
            }
        }
        perm[x.rank() - 1] = a;
        Tensor xp = permuteRaw(xf, perm).contiguousRaw();
        boolean[] reduced = new boolean[x.rank()];
        reduced[a] = true;
        Tensor out = Tensor.empty(Shape.of(keptDims(x.shape, reduced, keepDims)), DType.INT32);
        int len = x.shape.dim(a);
        kernels().argReduceRows(max, xp.storage.data(), xp.offset, x.size() / len, len, (int[]) out.storage.data(), 0);
        return out;
    }

    // ---------------------------------------------------------------- layout

    static Tensor permuteRaw(Tensor x, int[] perm) {
        int[] d = new int[perm.length];
        int[] s = new int[perm.length];
        for (int i = 0; i < perm.length; i++) {
            d[i] = x.shape.dim(perm[i]);
            s[i] = x.strides[perm[i]];
        }
        return new Tensor(x.storage, x.offset, Shape.of(d), s);
    }

    static Tensor reshape(Tensor x, Shape target) {
        if (target.equals(x.shape)) {
            return x;
        }
        Tensor src = x.contiguousRaw();
        Tensor out = new Tensor(src.storage, src.offset, target, target.contiguousStrides());
        if (untracked(x)) {
            return out;
        }
        return record(out, Op.RESHAPE, null, new Tensor[] {x});
    }

    static Tensor expand(Tensor x, Shape target) {
        if (target.equals(x.shape)) {
            return x;
        }
        int r = target.rank();
        int lead = r - x.rank();
        if (lead < 0) {
            throw new IllegalArgumentException("cannot expand " + x.shape + " to " + target + ": the target has fewer dimensions");
        }
        int[] s = new int[r];
        int[] d = target.toArray();
        for (int i = 0; i < r; i++) {
            if (d[i] == -1) {
                if (i < lead) {
                    throw new IllegalArgumentException("cannot expand " + x.shape + " to " + target + ": -1 is only allowed for existing dimensions");
                }
                d[i] = x.shape.dim(i - lead);
            }
        }
        for (int i = 0; i < x.rank(); i++) {
            int xd = x.shape.dim(i);
            int td = d[lead + i];
            if (xd == td) {
                s[lead + i] = x.strides[i];
            } else if (xd == 1) {
                s[lead + i] = 0;
            } else {
                throw new IllegalArgumentException("cannot expand " + x.shape + " to " + target + ": dimension " + i
                        + " has size " + xd + ", which is neither " + td + " nor 1");
            }
        }
        Tensor out = new Tensor(x.storage, x.offset, Shape.of(d), s);
        if (untracked(x)) {
            return out;
        }
        return record(out, Op.EXPAND, null, new Tensor[] {x});
    }

    /** The permutation of a matrix transpose (shared, never modified). */
    static final int[] SWAP = {1, 0};

    static Tensor permute(Tensor x, int[] perm) {
        if (x.rank() == 2 && perm.length == 2 && perm[0] == 1 && perm[1] == 0) {
            // the matrix transpose every Dense backward takes: no checks or index arrays to build
            Tensor out = new Tensor(x.storage, x.offset, Shape.of(x.shape.dim(1), x.shape.dim(0)),
                    new int[] {x.strides[1], x.strides[0]});
            return untracked(x) ? out : record(out, Op.PERMUTE, SWAP, new Tensor[] {x});
        }
        if (perm.length != x.rank()) {
            throw new IllegalArgumentException("permute: " + Arrays.toString(perm) + " does not list the " + x.rank()
                    + " axes of a tensor of shape " + x.shape);
        }
        int[] p = new int[perm.length];
        boolean[] seen = new boolean[perm.length];
        for (int i = 0; i < perm.length; i++) {
            p[i] = Shape.normalizeAxis(perm[i], x.rank(), "permute");
            if (seen[p[i]]) {
                throw new IllegalArgumentException("permute: axis " + p[i] + " is repeated in " + Arrays.toString(perm));
            }
            seen[p[i]] = true;
        }
        Tensor out = permuteRaw(x, p);
        if (untracked(x)) {
            return out;
        }
        return record(out, Op.PERMUTE, p, new Tensor[] {x});
    }

    record SliceAttrs(int axis, int start, int step) {
    }

    static Tensor slice(Tensor x, int axis, int start, int end, int step) {
        int a = Shape.normalizeAxis(axis, x.rank(), "slice");
        if (step < 1) {
            throw new IllegalArgumentException("slice: step must be positive. Received: step=" + step);
        }
        int d = x.shape.dim(a);
        int s = Math.min(Math.max(start < 0 ? start + d : start, 0), d);
        int e = Math.min(Math.max(end < 0 ? end + d : end, 0), d);
        int count = e > s ? (e - s + step - 1) / step : 0;
        int[] dims = x.shape.toArray();
        dims[a] = count;
        int[] st = x.strides.clone();
        st[a] = x.strides[a] * step;
        Tensor out = new Tensor(x.storage, x.offset + s * x.strides[a], Shape.of(dims), st);
        if (untracked(x)) {
            return out;
        }
        return record(out, Op.SLICE, new SliceAttrs(a, s, step), new Tensor[] {x});
    }

    static Tensor pad(Tensor x, int[][] pads, double value) {
        if (pads.length != x.rank()) {
            throw new IllegalArgumentException("pad: expected " + x.rank() + " [before, after] pairs for shape " + x.shape
                    + ", got " + pads.length);
        }
        int[] dims = x.shape.toArray();
        int off = 0;
        int[] outDims = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            if (pads[i].length != 2 || pads[i][0] < 0 || pads[i][1] < 0) {
                throw new IllegalArgumentException("pad: each entry must be a non-negative [before, after] pair. Received: "
                        + Arrays.deepToString(pads));
            }
            outDims[i] = dims[i] + pads[i][0] + pads[i][1];
        }
        Tensor out = Tensor.full(Shape.of(outDims), value, x.dtype());
        for (int i = 0; i < dims.length; i++) {
            off += pads[i][0] * out.strides[i];
        }
        Layout.copy(dims, x.storage.data(), x.offset, x.strides, out.storage.data(), off, out.strides);
        return record(out, Op.PAD, pads, new Tensor[] {x});
    }

    static Tensor concat(int axis, Tensor[] ts) {
        if (ts.length == 0) {
            throw new IllegalArgumentException("concat: needs at least one tensor");
        }
        Tensor first = ts[0];
        int a = Shape.normalizeAxis(axis, first.rank(), "concat");
        int total = 0;
        int[] sizes = new int[ts.length];
        for (int i = 0; i < ts.length; i++) {
            Tensor t = ts[i];
            if (t.dtype() != first.dtype()) {
                throw new IllegalArgumentException("concat: tensor " + i + " is " + t.dtype() + " but tensor 0 is "
                        + first.dtype() + "; convert with .to(...) first");
            }
            boolean fits = t.rank() == first.rank();
            for (int d = 0; fits && d < t.rank(); d++) {
                fits = d == a || t.shape.dim(d) == first.shape.dim(d);
            }
            if (!fits) {
                throw new IllegalArgumentException("cannot concat " + first.shape + " and " + t.shape + " along axis "
                        + axis + ": all other dimensions must match (tensor " + i + ")");
            }
            sizes[i] = t.shape.dim(a);
            total += sizes[i];
        }
        int[] dims = first.shape.toArray();
        dims[a] = total;
        Tensor out = Tensor.uninitialized(Shape.of(dims), first.dtype());
        int at = 0;
        for (Tensor t : ts) {
            Layout.copy(t.shape.dimsUnsafe(), t.storage.data(), t.offset, t.strides,
                    out.storage.data(), at * out.strides[a], out.strides);
            at += t.shape.dim(a);
        }
        return record(out, Op.CONCAT, new int[] {a}, ts.clone());
    }

    record GatherAttrs(int axis, int[] indices, Shape indexShape) {
    }

    static Tensor gather(Tensor x, int axis, Tensor indices) {
        int a = Shape.normalizeAxis(axis, x.rank(), "gather");
        if (indices.dtype() != DType.INT32) {
            throw new IllegalArgumentException("gather: indices must be INT32, got " + indices.dtype() + " of shape "
                    + indices.shape);
        }
        int[] idx = indices.toIntArray();
        int d = x.shape.dim(a);
        for (int v : idx) {
            if (v < 0 || v >= d) {
                throw new IndexOutOfBoundsException("gather: index " + v + " is out of range for axis " + a + " of size "
                        + d + " (tensor shape " + x.shape + ", indices shape " + indices.shape + ")");
            }
        }
        Tensor xc = x.contiguousRaw();
        int outer = 1;
        int inner = 1;
        for (int i = 0; i < a; i++) {
            outer *= x.shape.dim(i);
        }
        for (int i = a + 1; i < x.rank(); i++) {
            inner *= x.shape.dim(i);
        }
        int[] dims = new int[x.rank() - 1 + indices.rank()];
        int j = 0;
        for (int i = 0; i < a; i++) {
            dims[j++] = x.shape.dim(i);
        }
        for (int i = 0; i < indices.rank(); i++) {
            dims[j++] = indices.shape.dim(i);
        }
        for (int i = a + 1; i < x.rank(); i++) {
            dims[j++] = x.shape.dim(i);
        }
        Tensor out = Tensor.uninitialized(Shape.of(dims), x.dtype());
        Layout.gather(xc.storage.data(), xc.offset, outer, d, inner, idx, out.storage.data());
        return record(out, Op.GATHER, new GatherAttrs(a, idx, indices.shape), new Tensor[] {x});
    }

    static Tensor oneHot(Tensor indices, int numClasses) {
        if (indices.dtype() != DType.INT32) {
            throw new IllegalArgumentException("oneHot: indices must be INT32, got " + indices.dtype());
        }
        if (numClasses < 1) {
            throw new IllegalArgumentException("Received an invalid value for numClasses, expected a positive integer. Received: numClasses=" + numClasses);
        }
        int[] idx = indices.toIntArray();
        int[] dims = Arrays.copyOf(indices.shape.toArray(), indices.rank() + 1);
        dims[indices.rank()] = numClasses;
        Tensor out = Tensor.empty(Shape.of(dims), DType.FLOAT32);
        float[] o = (float[]) out.storage.data();
        for (int i = 0; i < idx.length; i++) {
            if (idx[i] < 0 || idx[i] >= numClasses) {
                throw new IndexOutOfBoundsException("oneHot: class index " + idx[i] + " at position " + i
                        + " is outside [0, " + numClasses + ")");
            }
            o[i * numClasses + idx[i]] = 1f;
        }
        return out;
    }

    static Tensor cast(Tensor x, DType dtype) {
        Tensor out = Tensor.uninitialized(x.shape, dtype);
        Layout.copy(x.shape.dimsUnsafe(), x.storage.data(), x.offset, x.strides, out.storage.data(), 0, out.strides);
        return x.dtype().isFloating() ? record(out, Op.CAST, null, new Tensor[] {x}) : out;
    }

    static Tensor copy(Tensor x) {
        Tensor out = Tensor.uninitialized(x.shape, x.dtype());
        Layout.copy(x.shape.dimsUnsafe(), x.storage.data(), x.offset, x.strides, out.storage.data(), 0, out.strides);
        if (untracked(x)) {
            return out;
        }
        return record(out, Op.COPY, null, new Tensor[] {x});
    }

    // ---------------------------------------------------------------- products and windows

    /** One operand of a batched product, as the kernel reads it. */
    private record MatrixOperand(Object data, int[] offsets, int ld, boolean transposed) {
    }

    static Tensor matmul(Tensor a, Tensor b, Shape origA, Shape origB) {
        requireFloating("matmul", a, b);
        DType dt = DType.promote(a.dtype(), b.dtype());
        a = a.to(dt);
        b = b.to(dt);
        int m = a.dim(-2);
        int k = a.dim(-1);
        int n = b.dim(-1);
        Shape batch = Shape.scalar();
        if (a.rank() > 2 || b.rank() > 2) {
            Shape batchA = Shape.of(Arrays.copyOf(a.shape.toArray(), a.rank() - 2));
            Shape batchB = Shape.of(Arrays.copyOf(b.shape.toArray(), b.rank() - 2));
            try {
                batch = Shape.broadcast("matmul", batchA, batchB);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("cannot matmul " + origA + " and " + origB + ": batch dimensions "
                        + batchA + " and " + batchB + " do not broadcast", e);
            }
        }
        int nb = batch.size();
        MatrixOperand pa = operand(a, batch, m, k);
        MatrixOperand pb = operand(b, batch, k, n);
        int[] outDims = Arrays.copyOf(batch.dimsUnsafe(), batch.rank() + 2);
        outDims[batch.rank()] = m;
        outDims[batch.rank() + 1] = n;
        Tensor out = Tensor.uninitialized(Shape.of(outDims), dt);
        Object packed = nb == 1 && b.storage.prepack && pb.data == b.storage.data() ? packedB(b.storage, pb, k, n) : null;
        if (packed != null) {
            kernels().gemmPrepacked(m, n, k, pa.data, pa.offsets[0], pa.ld, pa.transposed,
                    pb.data, pb.offsets[0], pb.ld, pb.transposed, packed, out.storage.data(), 0);
        } else {
            kernels().gemm(nb, m, n, k, pa.data, pa.offsets, pa.ld, pa.transposed,
                    pb.data, pb.offsets, pb.ld, pb.transposed, out.storage.data(), 0);
        }
        if (untracked(a, b)) {
            return out;
        }
        return record(out, Op.MATMUL, null, new Tensor[] {a, b}, a, b);
    }

    /**
     * The kernel's packed copy of a {@link Tensor#prepack() prepacked} right operand, made on first use
     * and again after the storage changed; null when the kernel packs nothing. Threads that race here
     * may each pack once; the copy they publish is the same.
     */
    private static Object packedB(Storage s, MatrixOperand pb, int k, int n) {
        int offset = pb.offsets[0];
        Storage.Packed p = s.packed;
        if (p == null || !p.matches(s.version, offset, pb.ld, pb.transposed, k, n)) {
            Object data = kernels().prepackB(k, n, pb.data, offset, pb.ld, pb.transposed);
            if (data == null) {
                return null;
            }
            p = new Storage.Packed(s.version, offset, pb.ld, pb.transposed, k, n, data);
            s.packed = p;
        }
        return p.data();
    }

    /** Reads the last two dims in place when they are row- or column-major, else copies. */
    private static MatrixOperand operand(Tensor t, Shape batch, int rows, int cols) {
        int r = t.rank();
        int sr = t.strides[r - 2];
        int sc = t.strides[r - 1];
        Tensor src = t;
        boolean transposed;
        int ld;
        if ((cols == 1 || sc == 1) && (rows == 1 || sr >= cols)) {
            transposed = false;          // element (i, p) at i*ld + p
            ld = rows == 1 ? cols : sr;
        } else if ((rows == 1 || sr == 1) && (cols == 1 || sc >= rows)) {
            transposed = true;           // element (i, p) at p*ld + i
            ld = cols == 1 ? rows : sc;
        } else {
            src = t.contiguousRaw();
            transposed = false;
            ld = cols;
        }
        ld = Math.max(1, ld);
        if (batch.rank() == 0) {
            return new MatrixOperand(src.storage.data(), new int[] {src.offset}, ld, transposed);
        }
        int[] bs = broadcastStrides(batchPart(src), batch);
        int nb = batch.size();
        int[] offsets = new int[nb];
        int[] idx = new int[batch.rank()];
        for (int i = 0; i < nb; i++) {
            int o = src.offset;
            for (int d = 0; d < idx.length; d++) {
                o += idx[d] * bs[d];
            }
            offsets[i] = o;
            for (int d = idx.length - 1; d >= 0; d--) {
                if (++idx[d] < batch.dim(d)) {
                    break;
                }
                idx[d] = 0;
            }
        }
        return new MatrixOperand(src.storage.data(), offsets, ld, transposed);
    }

    /** A strides-only view of the batch dimensions (the last two dropped). */
    private static Tensor batchPart(Tensor t) {
        int r = t.rank() - 2;
        return new Tensor(t.storage, t.offset, Shape.of(Arrays.copyOf(t.shape.toArray(), r)), Arrays.copyOf(t.strides, r));
    }

    record Im2colAttrs(Conv2dGeometry geometry, double padValue) {
    }

    /** {@code x[n, h, w, c]} to windows {@code [n, oh, ow, kh·kw·c]}. */
    static Tensor im2col(Tensor x, Conv2dGeometry g, double padValue) {
        requireFloating("im2col", x);
        Tensor xc = x.contiguousRaw();
        Tensor src = xc;
        if (xc.offset != 0) {
            src = Tensor.uninitialized(x.shape, x.dtype());
            System.arraycopy(xc.storage.data(), xc.offset, src.storage.data(), 0, x.size());
        }
        Tensor out = Tensor.uninitialized(Shape.of(g.n(), g.oh(), g.ow(), g.kh() * g.kw() * g.c()), x.dtype());
        kernels().im2col(src.storage.data(), g, padValue, out.storage.data());
        return record(out, Op.IM2COL, new Im2colAttrs(g, padValue), new Tensor[] {x});
    }

    record PoolAttrs(Conv2dGeometry geometry, int[] argmax) {
    }

    /** Channels-last max pooling {@code x[n, h, w, c] -> [n, oh, ow, c]}, keeping each maximum's position for backward. */
    static Tensor maxPool2d(Tensor x, Conv2dGeometry g) {
        requireFloating("maxPool2d", x);
        Tensor xc = x.contiguousRaw();
        if (xc.offset != 0) {
            xc = xc.copy();
        }
        Tensor out = Tensor.uninitialized(Shape.of(g.n(), g.oh(), g.ow(), g.c()), x.dtype());
        // the maxima's positions only when the backward pass will need them (record() keeps a node)
        int[] argmax = GradMode.isEnabled() && x.requiresGrad ? new int[out.size()] : null;
        kernels().maxPool2d(xc.storage.data(), g, out.storage.data(), argmax);
        return record(out, Op.MAXPOOL2D, new PoolAttrs(g, argmax), new Tensor[] {x});
    }
}
