package dev.landfall.nn;

import dev.landfall.tensor.Tensor;

/**
 * A stateful metric, Keras-style: {@link #update} accumulates a batch, {@link #result} reads the
 * value over everything since {@link #reset}.
 */
public abstract class Metric {
    private final String name;

    protected Metric(String name) {
        this.name = name;
    }

    /** The name used in logs and History ({@code accuracy}, {@code val_accuracy}). */
    public String name() {
        return name;
    }

    /** Adds a batch; {@code sampleWeight} (shape {@code [batch]}) may be null. Inputs are not differentiated. */
    public abstract void update(Tensor yTrue, Tensor yPred, Tensor sampleWeight);

    /** The value over the batches seen since the last reset. */
    public abstract double result();

    /** Forgets the batches seen. */
    public abstract void reset();

    /**
     * A fresh metric of the same kind, for a second output or the validation pass. Metrics resolve
     * lazily (e.g. "accuracy"), so copies start unresolved too.
     */
    public abstract Metric copy();

    /** Called by compile with the loss of the output this metric watches (for "accuracy"). */
    public void bindLoss(Loss loss) {
    }

    @Override
    public String toString() {
        return name;
    }
}
