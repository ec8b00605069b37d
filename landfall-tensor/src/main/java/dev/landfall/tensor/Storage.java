package dev.landfall.tensor;

/**
 * The flat Java array behind one or more tensors (views share it), and the version counter that
 * in-place operations bump so that backward can tell a saved tensor was changed. A storage lent by
 * a {@link BufferPool} scope gives its array back when the scope closes; from then on it has none.
 */
final class Storage {
    private Object data;
    final DType dtype;
    int version;
    /** Set by {@link BufferPool#keep}: the array stays with this storage. */
    boolean pinned;
    /** Set by {@link Tensor#prepack()}: kernels may keep a re-laid-out copy of this array. */
    boolean prepack;
    /** The kernel's packed copy and what it was made from (null until a product asks for it). */
    volatile Packed packed;

    /** A kernel's packed form of this storage as a product's right operand, valid while nothing changes. */
    record Packed(int version, int offset, int ld, boolean transposed, int k, int n, Object data) {
        boolean matches(int version, int offset, int ld, boolean transposed, int k, int n) {
            return this.version == version && this.offset == offset && this.ld == ld && this.transposed == transposed
                    && this.k == k && this.n == n;
        }
    }

    Storage(DType dtype, Object data) {
        this.dtype = dtype;
        this.data = data;
    }

    /** A zero-filled storage of {@code n} elements (drawn from the thread's open pool scope, if any). */
    static Storage allocate(DType dtype, int n) {
        return BufferPool.allocate(dtype, n, true);
    }

    /** A storage whose contents the caller overwrites completely before anyone reads them. */
    static Storage allocateUninitialized(DType dtype, int n) {
        return BufferPool.allocate(dtype, n, false);
    }

    /** The array. */
    Object data() {
        Object d = data;
        if (d == null) {
            throw new IllegalStateException("This tensor was made inside a training or inference step and its buffer "
                    + "went back to the step's BufferPool when the step ended. Read the values you need during the step "
                    + "(item(), toFloatArray()) or keep the tensor with BufferPool.keep(...)");
        }
        return d;
    }

    /** Hands the array back to the pool; this storage has none afterwards. */
    Object detach() {
        Object d = data;
        data = null;
        return d;
    }
}
