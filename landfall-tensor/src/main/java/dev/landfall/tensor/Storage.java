package dev.landfall.tensor;

/**
 * The flat Java array behind one or more tensors (views share it), and the version counter that
 * in-place operations bump so that backward can tell a saved tensor was changed.
 */
final class Storage {
    final Object data;
    final DType dtype;
    int version;

    Storage(DType dtype, Object data) {
        this.dtype = dtype;
        this.data = data;
    }

    static Storage allocate(DType dtype, int n) {
        return new Storage(dtype, dtype.newArray(n));
    }
}
