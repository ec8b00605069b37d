package dev.landfall.nn;

import dev.landfall.tensor.BufferPool;
import dev.landfall.tensor.Shape;
import dev.landfall.tensor.Tensor;

/**
 * A named variable of a layer: its value tensor, whether the optimizer trains it, and an optional
 * regularizer. Named {@code layerName.localName} ({@code dense_1.kernel}) — the key used by state
 * dicts, model files and pruning. Optimizers see weights, never layers.
 */
public final class Weight {
    private final String localName;
    private final Regularizer regularizer;
    private final boolean trainableByDesign;
    private java.util.function.Supplier<String> owner = () -> null;
    private Tensor value;
    private boolean frozen;

    /**
     * A weight holding {@code value}.
     *
     * @param trainableByDesign false for state such as BatchNormalization's moving statistics
     */
    public Weight(String localName, Tensor value, boolean trainableByDesign, Regularizer regularizer) {
        this.localName = localName;
        this.trainableByDesign = trainableByDesign;
        this.regularizer = regularizer;
        this.value = value;
        BufferPool.keep(value); // a weight made during a step (a layer built lazily) outlives it
        syncGrad();
    }

    /** Links this weight to its layer's (possibly later assigned) name. */
    public void setOwner(java.util.function.Supplier<String> ownerName) {
        this.owner = ownerName;
    }

    /** The name inside its layer ({@code kernel}). */
    public String localName() {
        return localName;
    }

    /** The full name {@code layer.localName}, or the local name while the layer has none. */
    public String name() {
        String o = owner.get();
        return o == null ? localName : o + "." + localName;
    }

    /** The current value; for a trainable weight it requires grad. */
    public Tensor value() {
        return value;
    }

    /** The shape of the value. */
    public Shape shape() {
        return value.shape();
    }

    /** Whether the optimizer updates this weight now (trainable by design and its layer not frozen). */
    public boolean trainable() {
        return trainableByDesign && !frozen;
    }

    /** Whether this weight is ever trainable (false for moving statistics). */
    public boolean trainableByDesign() {
        return trainableByDesign;
    }

    /** Called by the owning layer when its {@code trainable} flag changes. */
    public void setFrozen(boolean frozen) {
        this.frozen = frozen;
        syncGrad();
    }

    /** The regularizer, or null. */
    public Regularizer regularizer() {
        return regularizer;
    }

    /**
     * Copies {@code newValue} into the weight in place (the tensor identity stays, so optimizer
     * slots and graphs that hold it see the change).
     *
     * @throws IllegalArgumentException if the shapes differ
     */
    public void assign(Tensor newValue) {
        if (!newValue.shape().equals(value.shape())) {
            throw new IllegalArgumentException("cannot assign a tensor of shape " + newValue.shape() + " to weight "
                    + name() + " of shape " + value.shape());
        }
        try (var g = Tensor.noGrad()) {
            value.copyFrom(newValue);
        }
    }

    private void syncGrad() {
        boolean wants = trainable() && value.dtype().isFloating();
        if (value.requiresGrad() != wants) {
            value = value.detach();
            value.requiresGrad(wants);
        }
    }

    @Override
    public String toString() {
        return "Weight(" + name() + ", " + value.shape() + (trainable() ? "" : ", non-trainable") + ")";
    }
}
