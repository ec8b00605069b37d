package dev.landfall.nn.losses;

import dev.landfall.tensor.Tensor;

/** Keras's alignment of target and prediction ranks, and the error when shapes still differ. */
final class LossShapes {
    private LossShapes() {
    }

    /** A target of shape {@code [b]} against a prediction {@code [b, 1]} (or the reverse) is aligned; else shapes must match. */
    static Tensor align(String loss, Tensor yTrue, Tensor yPred) {
        Tensor t = yTrue;
        if (t.rank() == yPred.rank() - 1 && yPred.dim(-1) == 1) {
            t = t.unsqueeze(-1);
        } else if (t.rank() == yPred.rank() + 1 && t.dim(-1) == 1) {
            t = t.squeeze(-1);
        }
        if (!t.shape().equals(yPred.shape())) {
            throw new IllegalArgumentException(loss + ": the target shape " + yTrue.shape()
                    + " does not match the prediction shape " + yPred.shape());
        }
        return t.dtype() == yPred.dtype() ? t : t.to(yPred.dtype());
    }
}
