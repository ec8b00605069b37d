package dev.landfall.nn.privacy;

import java.util.Locale;

/**
 * Differentially private training (DP-SGD, Abadi et al. 2016) for {@code fit}: each example's gradient
 * is clipped to L2 norm {@code l2NormClip}, Gaussian noise of standard deviation
 * {@code noiseMultiplier · l2NormClip} is added to their sum, and the sum is divided by the expected
 * batch size. Batches are Poisson samples: each example joins each step with probability
 * q = batchSize / N, so a batch's size varies around {@code batchSize}; an epoch is ⌈N / batchSize⌉
 * steps. The privacy spent is tracked by an {@link RdpAccountant} and shown as {@code epsilon} after
 * every epoch.
 *
 * <pre>{@code
 * model.fit(train, FitOptions.epochs(20).batchSize(256)
 *         .privacy(PrivacyOptions.of(1.1, 1.0).delta(1e-5)));             // noise given: ε follows
 * model.fit(train, FitOptions.epochs(20).batchSize(256)
 *         .privacy(PrivacyOptions.targetEpsilon(3.0, 1.0).delta(1e-5)));   // ε given: noise follows
 * PrivacyOptions.of(1.1, 1.0).targetEpsilon(3.0);                          // both: refused if 1.1 spends more
 * }</pre>
 *
 * <p>Any optimizer runs on the private gradients (the noise is added before the optimizer sees them,
 * as TensorFlow Privacy's and Opacus's optimizers do).
 */
public final class PrivacyOptions {
    private final double noiseMultiplier;
    private final double l2NormClip;
    private double targetEpsilon;
    private double delta = 1e-5;
    private double[] orders = RdpAccountant.ALL_ORDERS;
    private RdpAccountant.Conversion conversion = RdpAccountant.Conversion.IMPROVED;
    private Long seed;

    private PrivacyOptions(double noiseMultiplier, double l2NormClip, double targetEpsilon) {
        if (!Double.isNaN(noiseMultiplier) || Double.isNaN(targetEpsilon)) { // NaN stands for "from the target"
            positive("noise_multiplier", noiseMultiplier);
        }
        positive("l2_norm_clip", l2NormClip);
        if (!Double.isNaN(targetEpsilon)) {
            positive("target_epsilon", targetEpsilon);
        }
        this.noiseMultiplier = noiseMultiplier;
        this.l2NormClip = l2NormClip;
        this.targetEpsilon = targetEpsilon;
    }

    /** DP-SGD with this noise multiplier σ and clipping norm C; ε is what it comes to. */
    public static PrivacyOptions of(double noiseMultiplier, double l2NormClip) {
        return new PrivacyOptions(noiseMultiplier, l2NormClip, Double.NaN);
    }

    /** DP-SGD with the least noise whose ε after all epochs is at most {@code epsilon} (Opacus's make_private_with_epsilon). */
    public static PrivacyOptions targetEpsilon(double epsilon, double l2NormClip) {
        return new PrivacyOptions(Double.NaN, l2NormClip, epsilon);
    }

    /**
     * Adds a target ε to options with a given noise, {@code PrivacyOptions.of(1.1, 1.0).targetEpsilon(3.0)}:
     * training is refused before it starts when that noise would spend more.
     */
    public PrivacyOptions targetEpsilon(double epsilon) {
        positive("target_epsilon", epsilon);
        targetEpsilon = epsilon;
        return this;
    }

    /** δ of the (ε, δ) guarantee (default 1e-5); it should be well below 1/N. */
    public PrivacyOptions delta(double d) {
        if (!(d > 0 && d < 1)) {
            throw new IllegalArgumentException("Received an invalid value for delta, expected a number in (0, 1). "
                    + "Received: delta=" + d);
        }
        delta = d;
        return this;
    }

    /** A finite positive number, or Keras's one-line message naming the key. */
    private static void positive(String key, double v) {
        if (!(v > 0 && v < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("Received an invalid value for " + key + ", expected a positive number. "
                    + "Received: " + key + "=" + v);
        }
    }

    /** The RDP orders the accountant minimizes over (default: Opacus's and TensorFlow Privacy's together). */
    public PrivacyOptions orders(double... o) {
        new RdpAccountant(o); // validates
        orders = o.clone();
        return this;
    }

    /**
     * Draws the noise and the batches from this seed, so that a run can be repeated: for tests and
     * experiments only, since whoever knows the seed can remove the noise. By default each fit seeds them
     * from {@link java.security.SecureRandom}, whatever {@code Landfall.setSeed} says.
     */
    public PrivacyOptions seed(long s) {
        seed = s;
        return this;
    }

    /** The seed of {@link #seed(long)}, or null for a fresh secure one per fit. */
    public Long seed() {
        return seed;
    }

    /** RDP → (ε, δ) conversion (default {@link RdpAccountant.Conversion#IMPROVED}). */
    public PrivacyOptions conversion(RdpAccountant.Conversion c) {
        conversion = c;
        return this;
    }

    /** σ as given, or NaN when it follows from the target ε. */
    public double noiseMultiplier() {
        return noiseMultiplier;
    }

    /** C. */
    public double l2NormClip() {
        return l2NormClip;
    }

    /** The target ε, or NaN. */
    public double targetEpsilon() {
        return targetEpsilon;
    }

    /** δ. */
    public double delta() {
        return delta;
    }

    /** The orders. */
    public double[] orders() {
        return orders.clone();
    }

    /** The conversion. */
    public RdpAccountant.Conversion conversion() {
        return conversion;
    }

    /**
     * The noise multiplier for a run of {@code steps} steps at sampling rate {@code q}, on top of what
     * {@code earlier} (a model's earlier private training, or null) spent: σ as given (checked against the
     * target ε), or the least σ that meets the target.
     *
     * @throws IllegalArgumentException in one line, when the target cannot be met
     */
    public double resolveNoise(double q, long steps, PrivacySpent earlier) {
        if (!Double.isNaN(noiseMultiplier)) {
            if (!Double.isNaN(targetEpsilon)) {
                double eps = account(earlier, noiseMultiplier, q, steps).epsilon(delta, conversion).epsilon();
                if (eps > targetEpsilon) {
                    throw new PrivacyException(String.format(Locale.ROOT, "privacy: noise_multiplier %s over %,d "
                            + "steps (sampling rate %s) would spend ε = %.3f, more than target_epsilon %s at δ = %s; "
                            + "raise the noise, train fewer epochs, or drop noise_multiplier to let the target set it",
                            PrivacySpent.num(noiseMultiplier), steps, PrivacySpent.num(q), eps,
                            PrivacySpent.num(targetEpsilon), PrivacySpent.num(delta)));
                }
            }
            return noiseMultiplier;
        }
        try {
            return RdpAccountant.noiseMultiplier(targetEpsilon, delta, q, steps, conversion,
                    () -> earlier == null ? new RdpAccountant(orders) : earlier.accountant(orders));
        } catch (IllegalArgumentException e) {
            throw new PrivacyException("privacy: target_epsilon cannot be met: " + e.getMessage(), e);
        }
    }

    private RdpAccountant account(PrivacySpent earlier, double sigma, double q, long steps) {
        RdpAccountant a = earlier == null ? new RdpAccountant(orders) : earlier.accountant(orders);
        return a.compose(sigma, q, steps);
    }
}
