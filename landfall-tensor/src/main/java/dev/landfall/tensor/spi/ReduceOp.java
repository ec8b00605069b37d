package dev.landfall.tensor.spi;

/** Reductions over the contiguous rows of a matrix. MAX and MIN propagate NaN. */
public enum ReduceOp {
    SUM, MAX, MIN
}
