package dev.landfall.nn.layers;

import dev.landfall.tensor.Rng;
import dev.landfall.tensor.Tensor;

import java.util.List;

/**
 * What a layer call needs besides its inputs: training or inference, the inputs' masks (null
 * entries when unmasked), the random stream of this step (a layer derives its own from it by
 * name, so dropout stays deterministic), and, in a differentially private step, the tape on which
 * layers record how their weights enter their outputs ({@link PerExampleTape}; null otherwise).
 */
public record CallContext(boolean training, List<Tensor> masks, Rng rng, PerExampleTape tape) {
    /** A context without a per-example tape. */
    public CallContext(boolean training, List<Tensor> masks, Rng rng) {
        this(training, masks, rng, null);
    }

    /** Inference without masks. */
    public static CallContext inference() {
        return new CallContext(false, null, Rng.global());
    }

    /** The mask of input {@code i}, or null. */
    public Tensor mask(int i) {
        return masks == null || i >= masks.size() ? null : masks.get(i);
    }

    /** A copy with other masks. */
    public CallContext withMasks(List<Tensor> m) {
        return new CallContext(training, m, rng, tape);
    }
}
