package dev.landfall.tensor;

/**
 * The primitive operations that carry gradients; their backward rules are all in {@link Gradients}.
 * Every other differentiable function (sub-compositions such as softmax, relu, mean, var, gelu,
 * conv, pooling) is built from these and has no backward code of its own.
 */
enum Op {
    // elementwise, one input
    NEG, EXP, LOG, SQRT, RECIPROCAL, ABS, TANH, SIGMOID, ERF,
    // elementwise, two inputs (broadcasting)
    ADD, SUB, MUL, DIV, POW, MAXIMUM, MINIMUM,
    // where(cond, a, b)
    WHERE,
    // reductions over axes
    SUM, AMAX, AMIN,
    // layout
    RESHAPE, EXPAND, PERMUTE, SLICE, PAD, CONCAT, GATHER, CAST, COPY,
    // products and windows
    MATMUL, IM2COL
}
