package dev.landfall.tensor;

/**
 * Element types. FLOAT32 is the working type; FLOAT64 serves gradient checks and tests; INT32 holds
 * indices and class labels; INT8 holds quantized values; BOOL holds comparison results and masks.
 */
public enum DType {
    BOOL(1, false),
    INT8(1, false),
    INT32(4, false),
    FLOAT32(4, true),
    FLOAT64(8, true);

    private final int byteSize;
    private final boolean floating;

    DType(int byteSize, boolean floating) {
        this.byteSize = byteSize;
        this.floating = floating;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }

    /** Whether this is FLOAT32 or FLOAT64, the types that arithmetic and gradients work on. */
    public boolean isFloating() {
        return floating;
    }

    /** The type that holds both operands of a binary operation (BOOL &lt; INT8 &lt; INT32 &lt; FLOAT32 &lt; FLOAT64). */
    public static DType promote(DType a, DType b) {
        return a.ordinal() >= b.ordinal() ? a : b;
    }

    /** A new zero-filled Java array for {@code n} elements of this type. */
    Object newArray(int n) {
        return switch (this) {
            case BOOL -> new boolean[n];
            case INT8 -> new byte[n];
            case INT32 -> new int[n];
            case FLOAT32 -> new float[n];
            case FLOAT64 -> new double[n];
        };
    }

    /** Lower-case name as NumPy and PyTorch print it ({@code float32}). */
    public String displayName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
