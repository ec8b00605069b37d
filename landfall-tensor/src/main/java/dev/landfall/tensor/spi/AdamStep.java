package dev.landfall.tensor.spi;

/**
 * The numbers of one fused Adam step ({@link Kernels#adam}): the rate, the moment decays, epsilon,
 * the bias corrections of this step and where epsilon goes.
 *
 * @param lr                 the learning rate
 * @param beta1              the first moment's decay
 * @param beta2              the second moment's decay
 * @param eps                epsilon
 * @param c1                 {@code 1 − β1^t}
 * @param c2                 {@code 1 − β2^t}
 * @param epsAfterCorrection PyTorch's placement of epsilon (after the bias correction) instead of Keras's
 */
public record AdamStep(double lr, double beta1, double beta2, double eps, double c1, double c2,
                       boolean epsAfterCorrection) {
    /** The step's numbers for the 1-based step count {@code t}. */
    public static AdamStep at(long t, double lr, double beta1, double beta2, double eps, boolean epsAfterCorrection) {
        return new AdamStep(lr, beta1, beta2, eps, 1 - Math.pow(beta1, t), 1 - Math.pow(beta2, t), epsAfterCorrection);
    }
}
