package dev.landfall.nn.predict;

import dev.landfall.data.format.Labels;
import dev.landfall.tensor.DType;
import dev.landfall.tensor.Tensor;

/** The target tensor a loss expects from labels (Keras's conventions). */
public final class Targets {
    private Targets() {
    }

    /**
     * {@code sparse_categorical_crossentropy}: class ids INT32 {@code [N]}; {@code categorical_crossentropy}:
     * one-hot FLOAT32 {@code [N, classes]}; anything else (binary cross-entropy, regression losses):
     * FLOAT32 {@code [N, 1]}.
     */
    public static Tensor forLoss(Labels labels, String lossName) {
        return switch (lossName) {
            case "sparse_categorical_crossentropy" -> labels.classIds();
            case "categorical_crossentropy" -> Tensor.oneHot(labels.classIds(), labels.classes().size()).to(DType.FLOAT32);
            default -> {
                float[] y = new float[labels.size()];
                for (int i = 0; i < y.length; i++) {
                    y[i] = (float) labels.values()[i];
                }
                yield Tensor.wrap(y, y.length, 1);
            }
        };
    }

    /** Whether a loss takes class labels (a cross-entropy) rather than regression values. */
    public static boolean isClassification(String lossName) {
        return lossName.contains("crossentropy");
    }
}
