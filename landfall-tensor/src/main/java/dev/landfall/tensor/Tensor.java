package dev.landfall.tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An n-dimensional array with a {@link Shape}, a {@link DType} and a {@link Device}, that records the
 * operations applied to it for reverse-mode differentiation (define-by-run, like PyTorch).
 *
 * <p>Storage is a plain Java array, dense and row-major; views (reshape of a contiguous tensor,
 * permute, transpose, slice, expand) share it, and {@link #contiguous()} copies when needed.
 * Binary operations broadcast like NumPy. Arithmetic needs a floating-point dtype.
 *
 * <pre>{@code
 * Tensor w = Tensor.randn(3, 2).requiresGrad(true);
 * Tensor loss = Tensor.ones(4, 3).matmul(w).relu().sum();
 * loss.backward();
 * Tensor dw = w.grad();   // shape [3, 2]
 * }</pre>
 */
public final class Tensor {
    final Storage storage;
    final int offset;
    final Shape shape;
    final int[] strides;
    boolean requiresGrad;
    Tensor grad;
    Node gradFn;

    Tensor(Storage storage, int offset, Shape shape, int[] strides) {
        this.storage = storage;
        this.offset = offset;
        this.shape = shape;
        this.strides = strides;
    }

    /** A new contiguous tensor of zeros. */
    static Tensor empty(Shape shape, DType dtype) {
        return new Tensor(Storage.allocate(dtype, shape.size()), 0, shape, shape.contiguousStrides());
    }

    /** A new contiguous tensor for an operation that writes every element before anyone reads it. */
    static Tensor uninitialized(Shape shape, DType dtype) {
        return new Tensor(Storage.allocateUninitialized(dtype, shape.size()), 0, shape, shape.contiguousStrides());
    }

    // ---------------------------------------------------------------- creation

    /** Zeros of FLOAT32. */
    public static Tensor zeros(int... dims) {
        return zeros(Shape.of(dims), DType.FLOAT32);
    }

    /** Zeros of the given shape and type. */
    public static Tensor zeros(Shape shape, DType dtype) {
        return empty(shape, dtype);
    }

    /** Ones of FLOAT32. */
    public static Tensor ones(int... dims) {
        return full(Shape.of(dims), 1.0, DType.FLOAT32);
    }

    /** Ones of the given shape and type. */
    public static Tensor ones(Shape shape, DType dtype) {
        return full(shape, 1.0, dtype);
    }

    /** Every element {@code value}, FLOAT32. */
    public static Tensor full(double value, int... dims) {
        return full(Shape.of(dims), value, DType.FLOAT32);
    }

    /** Every element {@code value} (converted to {@code dtype}). */
    public static Tensor full(Shape shape, double value, DType dtype) {
        Tensor t = empty(shape, dtype);
        Layout.fill(t.storage.data(), 0, shape.size(), value);
        return t;
    }

    /** A rank-0 FLOAT32 tensor. */
    public static Tensor scalar(double value) {
        return full(Shape.scalar(), value, DType.FLOAT32);
    }

    /** A rank-0 tensor of the given type. */
    public static Tensor scalar(double value, DType dtype) {
        return full(Shape.scalar(), value, dtype);
    }

    /** {@code 0, 1, …, end-1} as INT32, like {@code keras.ops.arange(end)}. */
    public static Tensor arange(int end) {
        return arange(0, end, 1, DType.INT32);
    }

    /**
     * {@code start, start+step, …} while below {@code end} (above, for a negative step), in {@code dtype}.
     *
     * @throws IllegalArgumentException if {@code step} is 0
     */
    public static Tensor arange(double start, double end, double step, DType dtype) {
        if (step == 0 || Double.isNaN(step)) {
            throw new IllegalArgumentException("arange: step must be non-zero. Received: step=" + step);
        }
        int n = (int) Math.max(0, Math.ceil((end - start) / step));
        Tensor t = empty(Shape.of(n), dtype);
        for (int i = 0; i < n; i++) {
            Layout.set(t.storage.data(), i, start + i * step);
        }
        return t;
    }

    /** A FLOAT32 tensor holding a copy of {@code data}; no shape means 1-D. */
    public static Tensor fromArray(float[] data, int... shape) {
        return fromJavaArray(DType.FLOAT32, data.clone(), data.length, shape);
    }

    /** A FLOAT64 tensor holding a copy of {@code data}; no shape means 1-D. */
    public static Tensor fromArray(double[] data, int... shape) {
        return fromJavaArray(DType.FLOAT64, data.clone(), data.length, shape);
    }

    /** An INT32 tensor holding a copy of {@code data}; no shape means 1-D. */
    public static Tensor fromArray(int[] data, int... shape) {
        return fromJavaArray(DType.INT32, data.clone(), data.length, shape);
    }

    /** An INT8 tensor holding a copy of {@code data}; no shape means 1-D. */
    public static Tensor fromArray(byte[] data, int... shape) {
        return fromJavaArray(DType.INT8, data.clone(), data.length, shape);
    }

    /** A BOOL tensor holding a copy of {@code data}; no shape means 1-D. */
    public static Tensor fromArray(boolean[] data, int... shape) {
        return fromJavaArray(DType.BOOL, data.clone(), data.length, shape);
    }

    /**
     * A FLOAT32 tensor that uses {@code data} as its storage, without copying: for readers that fill
     * a fresh array. The caller must not touch the array afterwards.
     */
    public static Tensor wrap(float[] data, int... shape) {
        return fromJavaArray(DType.FLOAT32, data, data.length, shape);
    }

    /** An INT32 tensor that uses {@code data} as its storage, without copying (see {@link #wrap(float[], int...)}). */
    public static Tensor wrap(int[] data, int... shape) {
        return fromJavaArray(DType.INT32, data, data.length, shape);
    }

    private static Tensor fromJavaArray(DType dtype, Object data, int length, int[] dims) {
        Shape s = dims.length == 0 ? Shape.of(length) : Shape.of(dims);
        if (s.size() != length) {
            throw new IllegalArgumentException("fromArray: " + length + " values do not fill shape " + s
                    + " (" + s.size() + " elements)");
        }
        return new Tensor(new Storage(dtype, data), 0, s, s.contiguousStrides());
    }

    /** Uniform in [0, 1), FLOAT32, from a fresh stream of the global seed. */
    public static Tensor rand(int... dims) {
        return uniform(Shape.of(dims), 0, 1, DType.FLOAT32, Rng.next());
    }

    /** Standard normal, FLOAT32, from a fresh stream of the global seed. */
    public static Tensor randn(int... dims) {
        return normal(Shape.of(dims), 0, 1, DType.FLOAT32, Rng.next());
    }

    /** Uniform in [lo, hi), FLOAT32, from a fresh stream of the global seed. */
    public static Tensor uniform(double lo, double hi, int... dims) {
        return uniform(Shape.of(dims), lo, hi, DType.FLOAT32, Rng.next());
    }

    /** Uniform in [lo, hi): element i is {@code lo + (hi-lo)·rng.uniform(i)}. */
    public static Tensor uniform(Shape shape, double lo, double hi, DType dtype, Rng rng) {
        requireFloatingType("uniform", dtype);
        Tensor t = empty(shape, dtype);
        Object d = t.storage.data();
        dev.landfall.tensor.spi.Parallel.forRange(shape.size(), 1 << 14, (from, to) -> {
            for (int i = from; i < to; i++) {
                Layout.set(d, i, lo + (hi - lo) * rng.uniform(i));
            }
        });
        return t;
    }

    /** Normal with the given mean and standard deviation: element i is {@code mean + std·rng.normal(i)}. */
    public static Tensor normal(Shape shape, double mean, double std, DType dtype, Rng rng) {
        requireFloatingType("normal", dtype);
        Tensor t = empty(shape, dtype);
        Object d = t.storage.data();
        dev.landfall.tensor.spi.Parallel.forRange(shape.size(), 1 << 14, (from, to) -> {
            for (int i = from; i < to; i++) {
                Layout.set(d, i, mean + std * rng.normal(i));
            }
        });
        return t;
    }

    private static void requireFloatingType(String op, DType dtype) {
        if (!dtype.isFloating()) {
            throw new IllegalArgumentException(op + ": expected a floating-point dtype (FLOAT32 or FLOAT64). Received: " + dtype);
        }
    }

    /**
     * One-hot encoding of INT32 class indices: shape {@code indices.shape + [numClasses]}, FLOAT32.
     *
     * @throws IllegalArgumentException if an index is outside {@code [0, numClasses)}
     */
    public static Tensor oneHot(Tensor indices, int numClasses) {
        return Ops.oneHot(indices, numClasses);
    }

    // ---------------------------------------------------------------- properties

    /** The shape. */
    public Shape shape() {
        return shape;
    }

    /** The element type. */
    public DType dtype() {
        return storage.dtype;
    }

    /** Where the storage lives. */
    public Device device() {
        return Device.CPU;
    }

    /** Number of dimensions. */
    public int rank() {
        return shape.rank();
    }

    /** Size of one dimension; negative axes count from the end. */
    public int dim(int axis) {
        return shape.dim(axis);
    }

    /** Number of elements. */
    public int size() {
        return shape.size();
    }

    /** Whether the elements lie in row-major order without gaps. */
    public boolean isContiguous() {
        return Layout.isContiguous(shape.dimsUnsafe(), strides);
    }

    /** The value of a one-element tensor. */
    public double item() {
        if (size() != 1) {
            throw new IllegalArgumentException("item() needs a tensor with one element; this one has shape " + shape);
        }
        return Layout.get(storage.data(), offset);
    }

    /** The element at the given indices, as a double. */
    public double getDouble(int... indices) {
        return Layout.get(storage.data(), elementOffset(indices));
    }

    /** The element at the given indices of an INT32, INT8 or BOOL tensor. */
    public int getInt(int... indices) {
        return (int) Layout.get(storage.data(), elementOffset(indices));
    }

    private int elementOffset(int[] idx) {
        if (idx.length != rank()) {
            throw new IllegalArgumentException("expected " + rank() + " indices for a tensor of shape " + shape
                    + ". Received: " + Arrays.toString(idx));
        }
        int o = offset;
        for (int i = 0; i < idx.length; i++) {
            int d = shape.dimsUnsafe()[i];
            int j = idx[i] < 0 ? idx[i] + d : idx[i];
            if (j < 0 || j >= d) {
                throw new IndexOutOfBoundsException("index " + idx[i] + " is out of range for axis " + i
                        + " of size " + d + " (shape " + shape + ")");
            }
            o += j * strides[i];
        }
        return o;
    }

    /** The elements in row-major order, converted to float. */
    public float[] toFloatArray() {
        return (float[]) to(DType.FLOAT32).contiguousRaw().copyData();
    }

    /** The elements in row-major order, converted to double. */
    public double[] toDoubleArray() {
        return (double[]) to(DType.FLOAT64).contiguousRaw().copyData();
    }

    /** The elements of an INT32, INT8 or BOOL tensor in row-major order. */
    public int[] toIntArray() {
        if (dtype().isFloating()) {
            throw new IllegalArgumentException("toIntArray: the tensor is " + dtype()
                    + "; round or cast it explicitly with .to(DType.INT32)");
        }
        return (int[]) to(DType.INT32).contiguousRaw().copyData();
    }

    /** The elements of a BOOL tensor in row-major order. */
    public boolean[] toBooleanArray() {
        return (boolean[]) to(DType.BOOL).contiguousRaw().copyData();
    }

    private Object copyData() {
        Object out = dtype().newArray(size());
        System.arraycopy(storage.data(), offset, out, 0, size());
        return out;
    }

    // ---------------------------------------------------------------- autodiff

    /**
     * Marks this leaf tensor as a parameter whose gradient {@link #backward()} accumulates into
     * {@link #grad()}. Returns this tensor.
     *
     * @throws IllegalArgumentException for non-floating tensors or non-leaf tensors
     */
    public Tensor requiresGrad(boolean requires) {
        if (requires && !dtype().isFloating()) {
            throw new IllegalArgumentException("Only floating-point tensors can require gradients; this one is " + dtype());
        }
        if (gradFn != null) {
            throw new IllegalArgumentException("requiresGrad can only be changed on leaf tensors; this tensor was "
                    + "computed by " + gradFn.op + ". Use detach() to get a leaf.");
        }
        this.requiresGrad = requires;
        return this;
    }

    /** Whether gradients flow to or through this tensor. */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** Whether this tensor was created by the user rather than computed by a recorded operation. */
    public boolean isLeaf() {
        return gradFn == null;
    }

    /** The accumulated gradient of a leaf (or a tensor that called {@link #retainGrad()}), or null. */
    public Tensor grad() {
        return grad;
    }

    /** Replaces the gradient (null clears it). */
    public void setGrad(Tensor g) {
        if (g != null && !g.shape.equals(shape)) {
            throw new IllegalArgumentException("setGrad: gradient shape " + g.shape + " differs from tensor shape " + shape);
        }
        this.grad = g;
    }

    /** Clears the accumulated gradient, as optimizers do before each step. */
    public void zeroGrad() {
        this.grad = null;
    }

    /** Keeps the gradient of this computed tensor in {@link #grad()} during backward. */
    public Tensor retainGrad() {
        if (gradFn != null) {
            gradFn.retained = this;
        }
        return this;
    }

    /** The name of the primitive that computed this tensor, or null for a leaf. */
    public String gradFnName() {
        return gradFn == null ? null : gradFn.op.name();
    }

    /**
     * Backpropagates from this scalar: adds d(this)/d(leaf) to the {@code grad} of every leaf that
     * requires grad, then frees the graph's saved tensors. One graph is walked by one thread at a time
     * (its nodes hold the walk's partial sums); separate graphs may run backward concurrently.
     *
     * @throws IllegalArgumentException if this tensor is not a scalar (pass a gradient instead)
     * @throws IllegalStateException if this tensor does not require grad, or a saved tensor was modified in place
     */
    public void backward() {
        Autograd.backward(this, null, false);
    }

    /** Backpropagates {@code gradient} (same shape as this tensor); keeps the graph when {@code retainGraph}. */
    public void backward(Tensor gradient, boolean retainGraph) {
        Autograd.backward(this, gradient, retainGraph);
    }

    /** The same data, cut from the graph: a leaf that does not require grad. Shares storage. */
    public Tensor detach() {
        return new Tensor(storage, offset, shape, strides);
    }

    /** Opens a scope in which operations record nothing: {@code try (var g = Tensor.noGrad()) {...}}. */
    public static GradMode noGrad() {
        return GradMode.set(false);
    }

    /** Opens a scope in which operations record again, inside a {@code noGrad} scope. */
    public static GradMode enableGrad() {
        return GradMode.set(true);
    }

    // ---------------------------------------------------------------- casts and copies

    /** This tensor converted to {@code dtype} (this tensor itself when it already has it). */
    public Tensor to(DType dtype) {
        return dtype == dtype() ? this : Ops.cast(this, dtype);
    }

    /** This tensor, or a contiguous copy when the layout is not row-major without gaps. */
    public Tensor contiguous() {
        return isContiguous() ? this : Ops.copy(this);
    }

    /** A contiguous copy that gradients flow through. */
    public Tensor copy() {
        return Ops.copy(this);
    }

    /** Contiguous data for a kernel, without recording anything. */
    Tensor contiguousRaw() {
        if (isContiguous()) {
            return this;
        }
        Tensor out = uninitialized(shape, dtype());
        Layout.copy(shape.dimsUnsafe(), storage.data(), offset, strides, out.storage.data(), 0, out.strides);
        return out;
    }

    // ---------------------------------------------------------------- views and layout

    /**
     * The same elements in a new shape (one size may be -1 and is inferred). A view when this tensor
     * is contiguous, a copy otherwise.
     */
    public Tensor reshape(int... dims) {
        return Ops.reshape(this, inferShape(dims));
    }

    private Shape inferShape(int[] dims) {
        int infer = -1;
        long known = 1;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] == -1) {
                if (infer >= 0) {
                    throw new IllegalArgumentException("reshape: only one size may be -1. Received: " + Arrays.toString(dims));
                }
                infer = i;
            } else if (dims[i] < 0) {
                throw new IllegalArgumentException("reshape: sizes must be non-negative or -1. Received: " + Arrays.toString(dims));
            } else {
                known *= dims[i];
            }
        }
        int[] d = dims.clone();
        if (infer >= 0) {
            if (known == 0 || size() % known != 0) {
                throw new IllegalArgumentException("cannot reshape " + shape + " (" + size() + " elements) to "
                        + Arrays.toString(dims) + ": " + size() + " is not a multiple of " + known);
            }
            d[infer] = (int) (size() / known);
        } else if (known != size()) {
            throw new IllegalArgumentException("cannot reshape " + shape + " (" + size() + " elements) to "
                    + Arrays.toString(dims) + " (" + known + " elements)");
        }
        return Shape.of(d);
    }

    /** Collapses all dimensions into one. */
    public Tensor flatten() {
        return reshape(size());
    }

    /** Removes dimension {@code axis}, which must have size 1. */
    public Tensor squeeze(int axis) {
        int a = Shape.normalizeAxis(axis, rank(), "squeeze");
        if (shape.dim(a) != 1) {
            throw new IllegalArgumentException("squeeze: axis " + axis + " of shape " + shape + " has size "
                    + shape.dim(a) + ", not 1");
        }
        int[] d = new int[rank() - 1];
        for (int i = 0, j = 0; i < rank(); i++) {
            if (i != a) {
                d[j++] = shape.dim(i);
            }
        }
        return reshape(d);
    }

    /** Inserts a dimension of size 1 at {@code axis} (in {@code [-rank-1, rank]}). */
    public Tensor unsqueeze(int axis) {
        int a = Shape.normalizeAxis(axis, rank() + 1, "unsqueeze");
        int[] d = new int[rank() + 1];
        for (int i = 0, j = 0; i < d.length; i++) {
            d[i] = i == a ? 1 : shape.dim(j++);
        }
        return reshape(d);
    }

    /** Reorders the dimensions: output dimension i is input dimension {@code perm[i]}. A view. */
    public Tensor permute(int... perm) {
        return Ops.permute(this, perm);
    }

    /** Swaps two dimensions. A view. */
    public Tensor transpose(int axis0, int axis1) {
        int a = Shape.normalizeAxis(axis0, rank(), "transpose");
        int b = Shape.normalizeAxis(axis1, rank(), "transpose");
        if (rank() == 2 && a != b) {
            return Ops.permute(this, Ops.SWAP);
        }
        int[] perm = new int[rank()];
        for (int i = 0; i < perm.length; i++) {
            perm[i] = i;
        }
        perm[a] = b;
        perm[b] = a;
        return permute(perm);
    }

    /** Swaps the last two dimensions (the matrix transpose, batched). A view; matmul reads it without copying. */
    public Tensor transpose() {
        if (rank() < 2) {
            throw new IllegalArgumentException("transpose() needs rank 2 or more; shape is " + shape);
        }
        return transpose(-2, -1);
    }

    /** Elements {@code start, start+1, …, end-1} along {@code axis}; negative bounds count from the end. A view. */
    public Tensor slice(int axis, int start, int end) {
        return slice(axis, start, end, 1);
    }

    /** Elements {@code start, start+step, …} below {@code end} along {@code axis} (step ≥ 1). A view. */
    public Tensor slice(int axis, int start, int end, int step) {
        return Ops.slice(this, axis, start, end, step);
    }

    /** The sub-tensor at {@code index} along {@code axis}, with that dimension removed. A view. */
    public Tensor select(int axis, int index) {
        int a = Shape.normalizeAxis(axis, rank(), "select");
        int d = shape.dim(a);
        int i = index < 0 ? index + d : index;
        if (i < 0 || i >= d) {
            throw new IndexOutOfBoundsException("select: index " + index + " is out of range for axis " + axis
                    + " of size " + d + " (shape " + shape + ")");
        }
        return slice(a, i, i + 1).squeeze(a);
    }

    /** This tensor broadcast to a larger shape (size-1 dimensions repeat, new dimensions lead). A view. */
    public Tensor expand(int... dims) {
        return Ops.expand(this, Shape.of(dims));
    }

    /** This tensor broadcast to {@code target}. A view. */
    public Tensor broadcastTo(Shape target) {
        return Ops.expand(this, target);
    }

    /** Pads each dimension with {@code pads[i][0]} values before and {@code pads[i][1]} after. */
    public Tensor pad(int[][] pads, double value) {
        return Ops.pad(this, pads, value);
    }

    /**
     * Joins tensors along an existing axis; all other sizes must agree.
     *
     * @throws IllegalArgumentException naming the first shape that does not fit
     */
    public static Tensor concat(int axis, Tensor... tensors) {
        return Ops.concat(axis, tensors);
    }

    /** Joins same-shape tensors along a new axis. */
    public static Tensor stack(int axis, Tensor... tensors) {
        if (tensors.length == 0) {
            throw new IllegalArgumentException("stack: needs at least one tensor");
        }
        Tensor[] parts = new Tensor[tensors.length];
        for (int i = 0; i < tensors.length; i++) {
            if (!tensors[i].shape.equals(tensors[0].shape)) {
                throw new IllegalArgumentException("stack: all tensors need the same shape; tensor 0 has "
                        + tensors[0].shape + " and tensor " + i + " has " + tensors[i].shape);
            }
            parts[i] = tensors[i].unsqueeze(axis);
        }
        return concat(axis, parts);
    }

    /**
     * Cuts this tensor along {@code axis} into pieces of the given sizes (views).
     *
     * @throws IllegalArgumentException if the sizes do not add up to the axis size
     */
    public List<Tensor> split(int axis, int... sizes) {
        int a = Shape.normalizeAxis(axis, rank(), "split");
        int total = 0;
        for (int s : sizes) {
            if (s < 0) {
                throw new IllegalArgumentException("split: sizes must be non-negative. Received: " + Arrays.toString(sizes));
            }
            total += s;
        }
        if (total != shape.dim(a)) {
            throw new IllegalArgumentException("split: sizes " + Arrays.toString(sizes) + " add up to " + total
                    + " but axis " + axis + " of shape " + shape + " has " + shape.dim(a));
        }
        List<Tensor> out = new ArrayList<>(sizes.length);
        int at = 0;
        for (int s : sizes) {
            out.add(slice(a, at, at + s));
            at += s;
        }
        return out;
    }

    /** Cuts this tensor along {@code axis} into {@code chunks} pieces of equal size (the last may be smaller). */
    public List<Tensor> chunk(int chunks, int axis) {
        int a = Shape.normalizeAxis(axis, rank(), "chunk");
        if (chunks < 1) {
            throw new IllegalArgumentException("chunk: chunks must be positive. Received: " + chunks);
        }
        int d = shape.dim(a);
        int each = (d + chunks - 1) / chunks;
        List<Integer> sizes = new ArrayList<>();
        for (int at = 0; at < d; at += each) {
            sizes.add(Math.min(each, d - at));
        }
        return split(a, sizes.stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * Picks slices along {@code axis} by INT32 indices of any shape, like {@code tf.gather} /
     * {@code numpy.take}: the result has shape {@code shape[:axis] + indices.shape + shape[axis+1:]}.
     *
     * @throws IllegalArgumentException if an index is outside {@code [0, dim(axis))} or indices are not INT32
     */
    public Tensor gather(int axis, Tensor indices) {
        return Ops.gather(this, axis, indices);
    }

    /** {@link #gather} with 1-D indices, like {@code torch.index_select}. */
    public Tensor indexSelect(int axis, Tensor indices) {
        if (indices.rank() != 1) {
            throw new IllegalArgumentException("indexSelect: indices must be 1-D; got shape " + indices.shape);
        }
        return gather(axis, indices);
    }

    // ---------------------------------------------------------------- comparisons

    /** Elementwise {@code ==}, BOOL. */
    public Tensor eq(Tensor other) {
        return Ops.compare(Layout.Compare.EQ, this, other);
    }

    /** Elementwise {@code ==} against a scalar, BOOL. */
    public Tensor eq(double v) {
        return eq(scalarLike(v));
    }

    /** Elementwise {@code !=}, BOOL. */
    public Tensor ne(Tensor other) {
        return Ops.compare(Layout.Compare.NE, this, other);
    }

    /** Elementwise {@code <}, BOOL. */
    public Tensor lt(Tensor other) {
        return Ops.compare(Layout.Compare.LT, this, other);
    }

    /** Elementwise {@code <} against a scalar, BOOL. */
    public Tensor lt(double v) {
        return lt(scalarLike(v));
    }

    /** Elementwise {@code <=}, BOOL. */
    public Tensor le(Tensor other) {
        return Ops.compare(Layout.Compare.LE, this, other);
    }

    /** Elementwise {@code >}, BOOL. */
    public Tensor gt(Tensor other) {
        return Ops.compare(Layout.Compare.GT, this, other);
    }

    /** Elementwise {@code >} against a scalar, BOOL. */
    public Tensor gt(double v) {
        return gt(scalarLike(v));
    }

    /** Elementwise {@code >=}, BOOL. */
    public Tensor ge(Tensor other) {
        return Ops.compare(Layout.Compare.GE, this, other);
    }

    /** Elementwise {@code >=} against a scalar, BOOL. */
    public Tensor ge(double v) {
        return ge(scalarLike(v));
    }

    /** Elementwise NaN test, BOOL. */
    public Tensor isNaN() {
        return ne(this);
    }

    /** Elementwise test for a value that is neither infinite nor NaN, BOOL. */
    public Tensor isFinite() {
        return Ops.compare(Layout.Compare.LT, abs().detach(), scalarLike(Double.POSITIVE_INFINITY));
    }

    /** Elementwise logical and of two BOOL tensors. */
    public Tensor logicalAnd(Tensor other) {
        return where(this, other.to(DType.BOOL), Tensor.scalar(0, DType.BOOL));
    }

    /** Elementwise logical or of two BOOL tensors. */
    public Tensor logicalOr(Tensor other) {
        return where(this, Tensor.scalar(1, DType.BOOL), other.to(DType.BOOL));
    }

    /** Elementwise logical not of a BOOL tensor. */
    public Tensor logicalNot() {
        return eq(Tensor.scalar(0, dtype()));
    }

    /**
     * {@code cond ? a : b} elementwise, broadcasting all three; {@code cond} must be BOOL. Gradients
     * flow to {@code a} where cond holds and to {@code b} elsewhere.
     */
    public static Tensor where(Tensor cond, Tensor a, Tensor b) {
        return Ops.where(cond, a, b);
    }

    /** {@code cond ? a : value} elementwise. */
    public static Tensor where(Tensor cond, Tensor a, double value) {
        return Ops.where(cond, a, a.scalarLike(value));
    }

    /** {@code cond ? value : b} elementwise. */
    public static Tensor where(Tensor cond, double value, Tensor b) {
        return Ops.where(cond, b.scalarLike(value), b);
    }

    /** A scalar of this tensor's dtype (FLOAT32 for integer tensors used in arithmetic). */
    Tensor scalarLike(double v) {
        return scalar(v, dtype());
    }

    // ---------------------------------------------------------------- arithmetic

    /** {@code this + other}, broadcasting. */
    public Tensor add(Tensor other) {
        return Ops.binary(Op.ADD, this, other);
    }

    /** {@code this + v}. */
    public Tensor add(double v) {
        return add(arith(v, "add"));
    }

    /** {@code this - other}, broadcasting. */
    public Tensor sub(Tensor other) {
        return Ops.binary(Op.SUB, this, other);
    }

    /** {@code this - v}. */
    public Tensor sub(double v) {
        return sub(arith(v, "sub"));
    }

    /** {@code this * other}, broadcasting. */
    public Tensor mul(Tensor other) {
        return Ops.binary(Op.MUL, this, other);
    }

    /** {@code this * v}. */
    public Tensor mul(double v) {
        return mul(arith(v, "mul"));
    }

    /** {@code this / other}, broadcasting; IEEE for division by zero. */
    public Tensor div(Tensor other) {
        return Ops.binary(Op.DIV, this, other);
    }

    /** {@code this / v}. */
    public Tensor div(double v) {
        return div(arith(v, "div"));
    }

    /** {@code this ^ exponent}, broadcasting; NaN for a negative base with a fractional exponent. */
    public Tensor pow(Tensor exponent) {
        return Ops.binary(Op.POW, this, exponent);
    }

    /** {@code this ^ p}. */
    public Tensor pow(double p) {
        return pow(arith(p, "pow"));
    }

    /** {@code this²}. */
    public Tensor square() {
        return mul(this);
    }

    /** Elementwise maximum, broadcasting; where equal, each side gets half the gradient (as PyTorch). */
    public Tensor maximum(Tensor other) {
        return Ops.binary(Op.MAXIMUM, this, other);
    }

    /** Elementwise maximum with a scalar. */
    public Tensor maximum(double v) {
        return maximum(arith(v, "maximum"));
    }

    /** Elementwise minimum, broadcasting. */
    public Tensor minimum(Tensor other) {
        return Ops.binary(Op.MINIMUM, this, other);
    }

    /** Elementwise minimum with a scalar. */
    public Tensor minimum(double v) {
        return minimum(arith(v, "minimum"));
    }

    private Tensor arith(double v, String op) {
        Ops.requireFloating(op, this);
        return scalarLike(v);
    }

    /** {@code -this}. */
    public Tensor neg() {
        return Ops.unary(Op.NEG, this);
    }

    /** {@code e^this}. */
    public Tensor exp() {
        return Ops.unary(Op.EXP, this);
    }

    /** Natural logarithm; -inf at 0 and NaN below, as IEEE says. */
    public Tensor log() {
        return Ops.unary(Op.LOG, this);
    }

    /** Square root; NaN below 0. */
    public Tensor sqrt() {
        return Ops.unary(Op.SQRT, this);
    }

    /** {@code 1 / this}. */
    public Tensor reciprocal() {
        return Ops.unary(Op.RECIPROCAL, this);
    }

    /** Absolute value (gradient {@code sign(x)}, 0 at 0). */
    public Tensor abs() {
        return Ops.unary(Op.ABS, this);
    }

    /** The error function. */
    public Tensor erf() {
        return Ops.unary(Op.ERF, this);
    }

    /** Clamps into {@code [min, max]}; the gradient is 1 inside and 0 outside. */
    public Tensor clamp(double min, double max) {
        if (min > max) {
            throw new IllegalArgumentException("clamp: min " + min + " is greater than max " + max);
        }
        Tensor lo = where(lt(min), min, this);
        return where(gt(max), max, lo);
    }

    // ---------------------------------------------------------------- activations

    /** {@code max(0, x)}; gradient 1 where x &gt; 0, else 0; NaN stays NaN (as PyTorch). */
    public Tensor relu() {
        return Ops.unary(Op.RELU, this);
    }

    /** {@code 1 / (1 + e^-x)}, computed without overflow. */
    public Tensor sigmoid() {
        return Ops.unary(Op.SIGMOID, this);
    }

    /** Hyperbolic tangent. */
    public Tensor tanh() {
        return Ops.unary(Op.TANH, this);
    }

    /** GELU, exact form {@code x·Φ(x) = 0.5·x·(1 + erf(x/√2))} (Hendrycks &amp; Gimpel 2016). */
    public Tensor gelu() {
        return gelu(false);
    }

    /**
     * GELU; with {@code approximate} the tanh form
     * {@code 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))}, as Keras's {@code approximate=True}.
     */
    public Tensor gelu(boolean approximate) {
        if (approximate) {
            Tensor inner = add(pow(3.0).mul(0.044715)).mul(Math.sqrt(2.0 / Math.PI));
            return mul(inner.tanh().add(1.0)).mul(0.5);
        }
        return mul(div(Math.sqrt(2.0)).erf().add(1.0)).mul(0.5);
    }

    /** Softmax along {@code axis}: {@code e^(x - max) / Σ e^(x - max)}, finite for any finite input. */
    public Tensor softmax(int axis) {
        Tensor shifted = sub(max(new int[] {axis}, true).detach());
        Tensor e = shifted.exp();
        return e.div(e.sum(new int[] {axis}, true));
    }

    /** Log-softmax along {@code axis}: {@code x - logsumexp(x)}, finite for any finite input. */
    public Tensor logSoftmax(int axis) {
        return sub(logsumexp(new int[] {axis}, true));
    }

    /** {@code log Σ e^x} over {@code axes}, computed as {@code m + log Σ e^(x - m)} with m the maximum. */
    public Tensor logsumexp(int[] axes, boolean keepDims) {
        Tensor m = max(axes, true).detach();
        Tensor safeM = where(m.isFinite(), m, 0.0);
        Tensor out = sub(safeM).exp().sum(axes, true).log().add(safeM);
        return keepDims ? out : out.squeezeAxes(axes);
    }

    /** {@link #logsumexp(int[], boolean)} over one axis, without keeping it. */
    public Tensor logsumexp(int axis) {
        return logsumexp(new int[] {axis}, false);
    }

    private Tensor squeezeAxes(int[] axes) {
        int[] norm = Ops.normalizeAxes(axes, rank(), "squeeze");
        int[] d = new int[rank() - norm.length];
        for (int i = 0, j = 0, k = 0; i < rank(); i++) {
            if (k < norm.length && norm[k] == i) {
                k++;
            } else {
                d[j++] = shape.dim(i);
            }
        }
        return reshape(d);
    }

    // ---------------------------------------------------------------- reductions

    /** Sum of all elements (a scalar). */
    public Tensor sum() {
        return Ops.reduce(Op.SUM, this, null, false);
    }

    /** Sum along one axis. */
    public Tensor sum(int axis) {
        return sum(new int[] {axis}, false);
    }

    /** Sum along the given axes (all when empty); {@code keepDims} leaves them as size 1. */
    public Tensor sum(int[] axes, boolean keepDims) {
        return Ops.reduce(Op.SUM, this, axes, keepDims);
    }

    /** Mean of all elements. */
    public Tensor mean() {
        return mean(new int[0], false);
    }

    /** Mean along one axis. */
    public Tensor mean(int axis) {
        return mean(new int[] {axis}, false);
    }

    /** Mean along the given axes (all when empty). */
    public Tensor mean(int[] axes, boolean keepDims) {
        Tensor s = sum(axes, keepDims);
        return s.div((double) size() / Math.max(1, s.size()));
    }

    /** Maximum of all elements. */
    public Tensor max() {
        return Ops.reduce(Op.AMAX, this, null, false);
    }

    /** Maximum along one axis. */
    public Tensor max(int axis) {
        return max(new int[] {axis}, false);
    }

    /** Maximum along the given axes; ties share the gradient equally. NaN propagates. */
    public Tensor max(int[] axes, boolean keepDims) {
        return Ops.reduce(Op.AMAX, this, axes, keepDims);
    }

    /** Minimum of all elements. */
    public Tensor min() {
        return Ops.reduce(Op.AMIN, this, null, false);
    }

    /** Minimum along one axis. */
    public Tensor min(int axis) {
        return min(new int[] {axis}, false);
    }

    /** Minimum along the given axes; ties share the gradient equally. NaN propagates. */
    public Tensor min(int[] axes, boolean keepDims) {
        return Ops.reduce(Op.AMIN, this, axes, keepDims);
    }

    /** Population variance (divides by n, as {@code keras.ops.var} and NumPy). */
    public Tensor var(int[] axes, boolean keepDims) {
        return var(axes, keepDims, 0);
    }

    /**
     * Variance dividing by {@code n - correction}: 0 gives the population variance, 1 the unbiased
     * estimate (PyTorch's default). One element with correction 0 gives 0, never NaN.
     */
    public Tensor var(int[] axes, boolean keepDims, int correction) {
        Tensor mu = mean(axes, true).detach();
        Tensor centered = sub(mu);
        Tensor ss = centered.mul(centered).sum(axes, keepDims);
        double n = (double) size() / Math.max(1, ss.size());
        return ss.div(n - correction);
    }

    /** Population standard deviation. */
    public Tensor std(int[] axes, boolean keepDims) {
        return var(axes, keepDims).sqrt();
    }

    /** Index of the maximum along {@code axis} (the first on ties), INT32. */
    public Tensor argmax(int axis) {
        return Ops.argReduce(this, axis, true, false);
    }

    /** Index of the maximum along {@code axis}, optionally keeping the axis as size 1. */
    public Tensor argmax(int axis, boolean keepDims) {
        return Ops.argReduce(this, axis, true, keepDims);
    }

    /** Index of the minimum along {@code axis} (the first on ties), INT32. */
    public Tensor argmin(int axis) {
        return Ops.argReduce(this, axis, false, false);
    }

    // ---------------------------------------------------------------- products

    /**
     * Matrix product with NumPy's rules: 2-D × 2-D, batched over leading dimensions that broadcast,
     * 1-D operands promoted and the added dimension removed. Transposed views are read in place.
     *
     * @throws IllegalArgumentException e.g. {@code cannot matmul [2, 3] and [4, 5]: inner dimensions 3 and 4 differ}
     */
    public Tensor matmul(Tensor other) {
        if (rank() == 0 || other.rank() == 0) {
            throw new IllegalArgumentException("cannot matmul " + shape + " and " + other.shape
                    + ": both operands need at least one dimension");
        }
        Tensor a = rank() == 1 ? unsqueeze(0) : this;
        Tensor b = other.rank() == 1 ? other.unsqueeze(1) : other;
        if (a.dim(-1) != b.dim(-2)) {
            throw new IllegalArgumentException("cannot matmul " + shape + " and " + other.shape + ": inner dimensions "
                    + a.dim(-1) + " and " + b.dim(-2) + " differ");
        }
        Tensor out = Ops.matmul(a, b, shape, other.shape);
        if (other.rank() == 1) {
            out = out.squeeze(-1);
        }
        if (rank() == 1) {
            out = out.squeeze(other.rank() == 1 ? -1 : -2);
        }
        return out;
    }

    // ---------------------------------------------------------------- in place

    /**
     * {@code this += other} in place (broadcasting {@code other}); bumps the version counter.
     *
     * @throws IllegalStateException when gradients are being recorded for either tensor (use
     *         {@code noGrad}, as optimizers do)
     */
    public Tensor addInPlace(Tensor other) {
        return assignInPlace("addInPlace", add(other.detach()), other);
    }

    /** {@code this -= other} in place. */
    public Tensor subInPlace(Tensor other) {
        return assignInPlace("subInPlace", sub(other.detach()), other);
    }

    /** {@code this *= other} in place. */
    public Tensor mulInPlace(Tensor other) {
        return assignInPlace("mulInPlace", mul(other.detach()), other);
    }

    /** {@code this *= v} in place. */
    public Tensor mulInPlace(double v) {
        return assignInPlace("mulInPlace", mul(v), null);
    }

    /** Copies {@code src} (broadcast and converted to this dtype) into this tensor in place. */
    public Tensor copyFrom(Tensor src) {
        return assignInPlace("copyFrom", src, src);
    }

    /** Sets every element to {@code v} in place. */
    public Tensor fill(double v) {
        return assignInPlace("fill", scalarLike(v), null);
    }

    private Tensor assignInPlace(String op, Tensor value, Tensor other) {
        if (GradMode.isEnabled() && (requiresGrad || (other != null && other.requiresGrad))) {
            throw new IllegalStateException(op + " on a tensor that requires grad would not be recorded for backward; "
                    + "run it inside try (var g = Tensor.noGrad()) { ... } (as optimizers do) or use the out-of-place op");
        }
        Tensor v;
        try (var g = noGrad()) {
            v = value.to(dtype());
            v = Ops.expand(v, shape);
        }
        Layout.copy(shape.dimsUnsafe(), v.storage.data(), v.offset, v.strides, storage.data(), offset, strides);
        storage.version++;
        return this;
    }

    /**
     * Lets the matrix-product kernel keep this tensor in its own packed layout across calls, as ONNX
     * Runtime pre-packs constant weights: later products that take it as their right operand (a Dense
     * kernel, a convolution's filters) reuse the packed copy for as long as {@link #version()} stays the
     * same; an in-place update is packed again on next use. For the weights of a model that predicts
     * ({@code Predictor} calls it); it costs one more copy of the tensor. Results are bit-identical to
     * unpacked products.
     *
     * @return this tensor
     */
    public Tensor prepack() {
        storage.prepack = true;
        return this;
    }

    /** How many times this tensor's storage was modified in place. */
    public int version() {
        return storage.version;
    }

    // ---------------------------------------------------------------- printing

    /**
     * NumPy-like text: nested brackets, 4 decimals (scientific for very large or small magnitudes),
     * at most 3 leading and 3 trailing entries per dimension when the tensor has more than 1000
     * elements; then shape and dtype.
     */
    @Override
    public String toString() {
        return TensorFormat.format(this);
    }
}
