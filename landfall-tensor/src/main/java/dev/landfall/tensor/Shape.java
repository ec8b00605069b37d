package dev.landfall.tensor;

import java.util.Arrays;

/**
 * An immutable list of dimension sizes, row-major. A rank-0 shape is a scalar.
 *
 * <pre>{@code Shape s = Shape.of(2, 3); s.size() == 6; s.toString().equals("[2, 3]")}</pre>
 */
public final class Shape {
    private static final Shape SCALAR = new Shape(new int[0]);
    /**
     * Recently made shapes, by a hash of their sizes: a training step makes the same few shapes over
     * and over, and this lets it reuse them (and their strides) instead of allocating. Slots are
     * overwritten freely; a Shape is immutable, so any thread may read any slot.
     */
    private static final Shape[] RECENT = new Shape[1024];
    private final int[] dims;
    /** Row-major strides: every new contiguous tensor of this shape shares them (never mutated). */
    private final int[] strides;

    private Shape(int[] dims) {
        this.dims = dims;
        int[] s = new int[dims.length];
        int acc = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= dims[i];
        }
        this.strides = s;
    }

    /** The shape with these (already checked) sizes: a recent one when it matches, else a new one owning a copy. */
    private static Shape intern(int[] dims, boolean copy) {
        int h = 1;
        for (int d : dims) {
            h = 31 * h + d;
        }
        int slot = (h ^ (h >>> 16)) & (RECENT.length - 1);
        Shape s = RECENT[slot];
        if (s != null && Arrays.equals(s.dims, dims)) {
            return s;
        }
        s = new Shape(copy ? dims.clone() : dims);
        RECENT[slot] = s;
        return s;
    }

    /**
     * A shape with the given sizes.
     *
     * @throws IllegalArgumentException if a size is negative or the element count overflows an int
     */
    public static Shape of(int... dims) {
        if (dims.length == 0) {
            return SCALAR;
        }
        long n = 1;
        for (int d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException(
                        "Shape sizes must be non-negative. Received: " + Arrays.toString(dims));
            }
            n *= d;
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("Shape " + Arrays.toString(dims)
                        + " has more than 2^31-1 elements, which one tensor cannot hold");
            }
        }
        return intern(dims, true);
    }

    /** The rank-0 shape of a scalar. */
    public static Shape scalar() {
        return SCALAR;
    }

    /** Number of dimensions. */
    public int rank() {
        return dims.length;
    }

    /** Size of dimension {@code axis}; negative axes count from the end. */
    public int dim(int axis) {
        return dims[normalizeAxis(axis, dims.length, "dim")];
    }

    /** Number of elements (1 for a scalar). */
    public int size() {
        int n = 1;
        for (int d : dims) {
            n *= d;
        }
        return n;
    }

    /** A copy of the sizes. */
    public int[] toArray() {
        return dims.clone();
    }

    /** Row-major (C-order) strides for this shape, in elements. Shared: callers must not modify the array. */
    int[] contiguousStrides() {
        return strides;
    }

    int[] dimsUnsafe() {
        return dims;
    }

    /**
     * The NumPy broadcast of two shapes: aligned at the right, each pair equal or one of them 1.
     *
     * @throws IllegalArgumentException naming the operation and both shapes when they do not broadcast
     */
    public static Shape broadcast(String op, Shape a, Shape b) {
        if (fitsInto(b, a)) {
            return a; // the common cases (same shape, a bias row, a scalar) allocate nothing
        }
        if (fitsInto(a, b)) {
            return b;
        }
        int rank = Math.max(a.rank(), b.rank());
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.rank() ? 1 : a.dims[i - (rank - a.rank())];
            int db = i < rank - b.rank() ? 1 : b.dims[i - (rank - b.rank())];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException("cannot " + op + " " + a + " and " + b
                        + ": shapes do not broadcast (dimension " + i + " of the result: " + da + " vs " + db + ")");
            }
            out[i] = da == 1 ? db : da;
        }
        return intern(out, false);
    }

    /** Whether {@code small} broadcasts to {@code big} unchanged (each aligned size equal or 1). */
    private static boolean fitsInto(Shape small, Shape big) {
        int lead = big.rank() - small.rank();
        if (lead < 0) {
            return false;
        }
        for (int i = 0; i < small.rank(); i++) {
            int d = small.dims[i];
            if (d != 1 && d != big.dims[lead + i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Resolves a possibly negative axis against a rank.
     *
     * @throws IllegalArgumentException naming the operation, the axis and the valid range
     */
    public static int normalizeAxis(int axis, int rank, String op) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new IllegalArgumentException(op + ": axis " + axis + " is out of range for a tensor of rank "
                    + rank + " (valid: " + (rank == 0 ? "none" : -rank + " to " + (rank - 1)) + ")");
        }
        return a;
    }

    @Override
    public boolean equals(Object o) {
        return o == this || (o instanceof Shape s && Arrays.equals(dims, s.dims));
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** {@code [2, 3]}; a scalar prints as {@code []}. */
    @Override
    public String toString() {
        return Arrays.toString(dims);
    }
}
