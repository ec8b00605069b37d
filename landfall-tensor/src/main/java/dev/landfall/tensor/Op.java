package dev.landfall.tensor;

/**
 * The primitive operations that carry gradients; their backward rules are all in {@link Gradients}.
 * Every other differentiable function (sub-compositions such as softmax, relu, mean, var, gelu,
 * conv, pooling) is built from these and has no backward code of its own.
 */
enum Op {
    // elementwise, one input
    NEG, EXP, LOG, SQRT, RECIPROCAL, ABS, TANH, SIGMOID, ERF,
    // max(x, 0): a fused primitive (one pass, no mask tensor) because every hidden layer uses it
    RELU,
    // elementwise, two inputs (broadcasting)
    ADD, SUB, MUL, DIV, POW, MAXIMUM, MINIMUM,
    // where(cond, a, b)
    WHERE,
    // reductions over axes
    SUM, AMAX, AMIN,
    // layout
    RESHAPE, EXPAND, PERMUTE, SLICE, PAD, CONCAT, GATHER, CAST, COPY,
    // products and windows
    MATMUL, IM2COL,
    // max pooling with the argmax kept for backward: two passes instead of im2col + reduce + a mask
    MAXPOOL2D;

    /** The lower-case name that messages use, made once rather than per call. */
    final String lower = name().toLowerCase(java.util.Locale.ROOT);
}
