package dev.landfall.tensor.spi;

/** Elementwise functions of two arguments that kernels implement, with NumPy broadcasting. */
public enum BinaryOp {
    ADD, SUB, MUL, DIV, POW,
    /** Elementwise maximum; NaN if either operand is NaN (as PyTorch's {@code maximum}). */
    MAXIMUM,
    /** Elementwise minimum; NaN if either operand is NaN. */
    MINIMUM,
    /** {@code b > 0 ? a : 0}: the ReLU backward in one pass (the gradient where the output was positive). */
    MASK_POSITIVE
}
