package dev.landfall.tensor.spi;

/** Elementwise functions of one argument that kernels implement (IEEE semantics outside the domain). */
public enum UnaryOp {
    NEG, EXP, LOG, SQRT, RECIPROCAL, ABS, TANH, SIGMOID, ERF,
    /** {@code max(x, 0)}; NaN stays NaN. */
    RELU
}
