package dev.landfall.compress;

/**
 * The sparsity schedule of magnitude pruning, with the semantics of the TensorFlow Model Optimization
 * Toolkit's {@code PolynomialDecay}: sparsity rises from {@code initialSparsity} at {@code beginStep} to
 * {@code finalSparsity} at {@code endStep} as {@code final + (initial − final)·(1 − p)^power}, p the
 * fraction of the range done (clamped to [0, 1]); masks are recomputed every {@code frequency} steps
 * inside the range ({@code endStep} −1: no end).
 */
public record PolynomialDecay(double initialSparsity, double finalSparsity, long beginStep, long endStep, double power,
                              int frequency) {
    public PolynomialDecay {
        if (!(initialSparsity >= 0 && initialSparsity < 1) || !(finalSparsity >= 0 && finalSparsity < 1)) {
            throw new IllegalArgumentException("sparsity must be in [0, 1), got initial_sparsity=" + initialSparsity
                    + " and final_sparsity=" + finalSparsity);
        }
        if (beginStep < 0 || endStep != -1 && endStep <= beginStep) {
            throw new IllegalArgumentException("expected 0 <= begin_step < end_step (or end_step -1), got begin_step="
                    + beginStep + ", end_step=" + endStep);
        }
        if (frequency < 1 || !(power > 0)) {
            throw new IllegalArgumentException("frequency must be >= 1 and power > 0, got frequency=" + frequency
                    + ", power=" + power);
        }
    }

    /** Keras's defaults: power 3, masks every 100 steps. */
    public static PolynomialDecay of(double initialSparsity, double finalSparsity, long beginStep, long endStep) {
        return new PolynomialDecay(initialSparsity, finalSparsity, beginStep, endStep, 3, 100);
    }

    /** The target sparsity at a step. */
    public double sparsity(long step) {
        if (endStep == -1) {
            return step < beginStep ? initialSparsity : finalSparsity;
        }
        double p = Math.min(1, Math.max(0, (double) (step - beginStep) / (endStep - beginStep)));
        return finalSparsity + (initialSparsity - finalSparsity) * Math.pow(1 - p, power);
    }

    /** Whether masks are recomputed at this step: inside [begin, end] and on the frequency. */
    public boolean prunesAt(long step) {
        boolean inRange = step >= beginStep && (endStep == -1 || step <= endStep);
        return inRange && (step - beginStep) % frequency == 0;
    }
}
