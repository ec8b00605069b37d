package dev.landfall.nn.losses;

import dev.landfall.nn.Logits;
import dev.landfall.nn.Loss;
import dev.landfall.tensor.DType;
import dev.landfall.tensor.Tensor;

import java.util.Map;

/**
 * Binary, categorical and sparse categorical cross-entropy with Keras's formulas. With
 * {@code fromLogits} (or when the prediction is a sigmoid/softmax output whose logits are known,
 * as Keras does) the stable fused forms are used: {@code max(x,0) − x·y + log(1 + e^−|x|)} and
 * {@code −Σ y·logSoftmax(x)}; otherwise probabilities are clipped to {@code [1e-7, 1 − 1e-7]}.
 */
public final class CrossEntropy extends Loss {
    /** Which cross-entropy. */
    public enum Kind { BINARY, CATEGORICAL, SPARSE_CATEGORICAL }

    static final double EPSILON = 1e-7;
    private final Kind kind;
    private final boolean fromLogits;
    private final double labelSmoothing;

    public CrossEntropy(Kind kind, boolean fromLogits, double labelSmoothing) {
        super(switch (kind) {
            case BINARY -> "binary_crossentropy";
            case CATEGORICAL -> "categorical_crossentropy";
            case SPARSE_CATEGORICAL -> "sparse_categorical_crossentropy";
        });
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
            throw new IllegalArgumentException("Received an invalid value for label_smoothing, expected a float in "
                    + "[0, 1]. Received: label_smoothing=" + labelSmoothing);
        }
        this.kind = kind;
        this.fromLogits = fromLogits;
        this.labelSmoothing = labelSmoothing;
    }

    /** Which cross-entropy this is. */
    public Kind kind() {
        return kind;
    }

    @Override
    public Tensor call(Tensor yTrue, Tensor yPred) {
        Tensor logits = fromLogits ? yPred : Logits.of(yPred);
        return switch (kind) {
            case BINARY -> binary(LossShapes.align(name(), yTrue, yPred), yPred, logits);
            case CATEGORICAL -> categorical(LossShapes.align(name(), yTrue, yPred), yPred, logits);
            case SPARSE_CATEGORICAL -> categorical(oneHot(yTrue, yPred), yPred, logits);
        };
    }

    private Tensor binary(Tensor y, Tensor p, Tensor logits) {
        if (labelSmoothing > 0) {
            y = y.mul(1 - labelSmoothing).add(0.5 * labelSmoothing);
        }
        Tensor perElement;
        if (logits != null) {
            perElement = logits.relu().sub(logits.mul(y)).add(logits.abs().neg().exp().add(1.0).log());
        } else {
            Tensor c = p.clamp(EPSILON, 1 - EPSILON);
            perElement = y.mul(c.log()).add(y.neg().add(1.0).mul(c.neg().add(1.0).log())).neg();
        }
        return perElement.mean(new int[] {-1}, false);
    }

    private Tensor categorical(Tensor y, Tensor p, Tensor logits) {
        if (labelSmoothing > 0) {
            y = y.mul(1 - labelSmoothing).add(labelSmoothing / p.dim(-1));
        }
        Tensor logP;
        if (logits != null) {
            logP = logits.logSoftmax(-1);
        } else {
            logP = p.div(p.sum(new int[] {-1}, true)).clamp(EPSILON, 1 - EPSILON).log();
        }
        return y.mul(logP).sum(new int[] {-1}, false).neg();
    }

    private Tensor oneHot(Tensor yTrue, Tensor yPred) {
        Tensor t = yTrue;
        if (t.rank() == yPred.rank() && t.dim(-1) == 1) {
            t = t.squeeze(-1);
        }
        int[] expected = java.util.Arrays.copyOf(yPred.shape().toArray(), yPred.rank() - 1);
        if (!java.util.Arrays.equals(t.shape().toArray(), expected)) {
            throw new IllegalArgumentException(name() + ": the target shape " + yTrue.shape() + " does not fit the "
                    + "prediction shape " + yPred.shape() + " (expected class ids of shape "
                    + java.util.Arrays.toString(expected) + ")");
        }
        Tensor ids = t.dtype() == DType.INT32 ? t : t.to(DType.INT32);
        if (t.dtype().isFloating()) {
            for (double v : t.toDoubleArray()) {
                if (v != Math.rint(v)) {
                    throw new IllegalArgumentException("class ids must be whole numbers; the targets hold " + v);
                }
            }
        }
        return Tensor.oneHot(ids, yPred.dim(-1)).to(yPred.dtype());
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("from_logits", fromLogits);
        c.put("label_smoothing", labelSmoothing);
        return c;
    }
}
