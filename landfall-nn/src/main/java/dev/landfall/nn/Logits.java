package dev.landfall.nn;

import dev.landfall.tensor.Tensor;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Remembers the logits behind a sigmoid or softmax output, so that a cross-entropy loss on those
 * probabilities can use the stable fused form on the logits (Keras does the same with
 * {@code _keras_logits}).
 */
public final class Logits {
    private static final Map<Tensor, Tensor> LOGITS = Collections.synchronizedMap(new WeakHashMap<>());

    private Logits() {
    }

    /** Records that {@code probabilities} came from {@code logits}; returns the probabilities. */
    static Tensor remember(Tensor probabilities, Tensor logits) {
        LOGITS.put(probabilities, logits);
        return probabilities;
    }

    /** The logits behind a sigmoid/softmax output, or null. */
    public static Tensor of(Tensor probabilities) {
        return LOGITS.get(probabilities);
    }
}
