package dev.landfall.nn.privacy;

import org.apache.commons.numbers.gamma.Erfc;

import java.util.Arrays;
import java.util.Locale;

/**
 * Rényi differential privacy of DP-SGD: the Poisson-sampled Gaussian mechanism (each example in each
 * step with probability q, Gaussian noise of standard deviation σ times the clipping norm), composed
 * over steps and phases, and converted to (ε, δ).
 *
 * <p>RDP of one step at order α (Mironov, Talwar, Zhang 2019, "Rényi Differential Privacy of the
 * Sampled Gaussian Mechanism"): for q = 1 it is α / (2σ²); otherwise log(A_α) / (α − 1) with A_α
 * computed in log space — exactly as a binomial sum for integer α (their eq. 3.3), and for fractional
 * α as the two alternating series with erfc tails (Section 3.3), summed until their terms fall below
 * e^−30. Composition adds RDP order by order, so phases with different σ or q compose exactly.
 *
 * <p>Conversion to (ε, δ): {@link Conversion#IMPROVED} is Balle et al. 2020 ("Hypothesis testing
 * interpretations and Rényi differential privacy", Theorem 21), what TensorFlow Privacy, Opacus and
 * Google's dp_accounting use today: ε = RDP + log((α−1)/α) − (log δ + log α)/(α − 1);
 * {@link Conversion#CLASSIC} is Mironov 2017: ε = RDP − log δ / (α − 1). Both take the best order.
 *
 * <pre>{@code
 * RdpAccountant a = new RdpAccountant().compose(1.1, 256.0 / 60000, 14063);   // 60 epochs of batch 256
 * a.epsilon(1e-5);   // ε = 2.5967 (order 8.1)
 * }</pre>
 */
public final class RdpAccountant {
    /** Opacus's default orders: 1.1, 1.2, …, 10.9, then 12, 13, …, 63. */
    public static final double[] OPACUS_ORDERS = opacusOrders();
    /** TensorFlow Privacy's orders in {@code compute_dp_sgd_privacy}: 1.25 … 4.5, 5 … 63, 128, 256, 512. */
    public static final double[] TF_PRIVACY_ORDERS = tfPrivacyOrders();
    /**
     * Both sets together, what {@code landfall privacy} uses: an ε over more orders is never larger, and
     * the large ones matter for little noise or few steps (Opacus's stop at 63).
     */
    public static final double[] ALL_ORDERS = java.util.stream.DoubleStream.concat(
            java.util.Arrays.stream(OPACUS_ORDERS), java.util.Arrays.stream(TF_PRIVACY_ORDERS)).distinct().sorted()
            .toArray();
    /** The largest finite order taken (an integer order costs α terms). */
    public static final double MAX_ORDER = 10_000;

    /** How RDP becomes (ε, δ). */
    public enum Conversion { IMPROVED, CLASSIC }

    /** An ε and the RDP order that gave it. */
    public record Epsilon(double epsilon, double order) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "ε = %.4f (order %s)", epsilon, order);
        }
    }

    private final double[] orders;
    private final double[] rdp;
    private long steps;

    /** An accountant at Opacus's default orders. */
    public RdpAccountant() {
        this(OPACUS_ORDERS);
    }

    /** An accountant at these orders (each > 1; +∞ allowed). */
    public RdpAccountant(double[] orders) {
        if (orders.length == 0) {
            throw new IllegalArgumentException("RdpAccountant: give at least one RDP order");
        }
        for (double a : orders) {
            if (!(a > 1)) {
                throw new IllegalArgumentException("RdpAccountant: RDP orders must be > 1, got " + a);
            }
            if (a > MAX_ORDER && !Double.isInfinite(a)) {
                throw new IllegalArgumentException("RdpAccountant: RDP orders above " + (long) MAX_ORDER
                        + " are not taken (their terms cost α each and add nothing in practice), got " + a);
            }
        }
        this.orders = orders.clone();
        this.rdp = new double[orders.length];
    }

    /**
     * Adds {@code steps} steps of the sampled Gaussian mechanism.
     *
     * @param noiseMultiplier σ: the noise's standard deviation over the clipping norm (> 0)
     * @param sampleRate q: the probability that an example is in a step's batch, in (0, 1]
     */
    public RdpAccountant compose(double noiseMultiplier, double sampleRate, long steps) {
        check(noiseMultiplier, sampleRate, steps);
        for (int i = 0; i < orders.length; i++) {
            rdp[i] += steps == 0 ? 0 : steps * rdp(sampleRate, noiseMultiplier, orders[i]);
        }
        this.steps += steps;
        return this;
    }

    private static void check(double noiseMultiplier, double sampleRate, long steps) {
        if (!(noiseMultiplier > 0) || Double.isInfinite(noiseMultiplier)) {
            throw new IllegalArgumentException("noise_multiplier must be a positive number, got " + noiseMultiplier);
        }
        if (!(sampleRate > 0 && sampleRate <= 1)) {
            throw new IllegalArgumentException("the sampling rate must be in (0, 1], got " + sampleRate);
        }
        if (steps < 0) {
            throw new IllegalArgumentException("steps must be >= 0, got " + steps);
        }
    }

    /** The orders. */
    public double[] orders() {
        return orders.clone();
    }

    /** The RDP spent so far at each order. */
    public double[] rdp() {
        return rdp.clone();
    }

    /** The steps composed so far. */
    public long steps() {
        return steps;
    }

    /** ε at this δ with the improved conversion. */
    public Epsilon epsilon(double delta) {
        return epsilon(delta, Conversion.IMPROVED);
    }

    /** ε at this δ, minimized over the orders. */
    public Epsilon epsilon(double delta, Conversion conversion) {
        return epsilon(orders, rdp, delta, conversion);
    }

    /**
     * The smallest ε over orders for the RDP curve {@code rdp} at {@code delta}, {@code 0 < δ < 1}.
     * Orders where the bound is not finite are skipped; with none left ε is +∞.
     */
    public static Epsilon epsilon(double[] orders, double[] rdp, double delta, Conversion conversion) {
        if (!(delta > 0 && delta < 1)) {
            throw new IllegalArgumentException("delta must be in (0, 1), got " + delta);
        }
        double best = Double.POSITIVE_INFINITY;
        double bestOrder = Double.NaN;
        for (int i = 0; i < orders.length; i++) {
            double a = orders[i];
            double r = rdp[i];
            double eps;
            if (Double.isInfinite(a) || Double.isInfinite(r)) {
                continue;
            }
            if (conversion == Conversion.CLASSIC) {
                eps = r - Math.log(delta) / (a - 1);
            } else if (delta * delta + Math.expm1(-r) >= 0) {
                // δ ≥ √(1 − e^−KL) already: the pair is (0, δ)-indistinguishable (the KL bound dp_accounting uses)
                eps = 0;
            } else if (a > 1.01) {
                eps = r + Math.log1p(-1 / a) - (Math.log(delta) + Math.log(a)) / (a - 1);
            } else {
                continue; // the improved bound is not numerically stable as α → 1
            }
            if (eps < best) {
                best = eps;
                bestOrder = a;
            }
        }
        return new Epsilon(Math.max(0, best), bestOrder);
    }

    /** RDP of one step of the sampled Gaussian mechanism at order α. */
    public static double rdp(double q, double sigma, double alpha) {
        if (q == 0) {
            return 0;
        }
        if (Double.isInfinite(alpha)) {
            return Double.POSITIVE_INFINITY;
        }
        if (q == 1) {
            return alpha / (2 * sigma * sigma);
        }
        double logA = alpha == Math.rint(alpha) ? logAInt(q, sigma, (long) alpha) : logAFrac(q, sigma, alpha);
        return logA / (alpha - 1);
    }

    /** log A_α for integer α: log Σ_k C(α,k) (1−q)^(α−k) q^k exp((k² − k) / (2σ²)). */
    private static double logAInt(double q, double sigma, long alpha) {
        double logA = Double.NEGATIVE_INFINITY;
        double logBinom = 0; // log C(alpha, 0)
        for (long k = 0; k <= alpha; k++) {
            if (k > 0) {
                logBinom += Math.log(alpha - k + 1) - Math.log(k);
            }
            double term = logBinom + k * Math.log(q) + (alpha - k) * Math.log1p(-q) + (k * k - k) / (2 * sigma * sigma);
            logA = logAdd(logA, term);
        }
        return logA;
    }

    /**
     * log A_α for fractional α: two series over k with signed binomial coefficients C(α, k) and erfc
     * tails around z₀ = σ² log(1/q − 1) + 1/2, each summed in log space with its sign.
     */
    private static double logAFrac(double q, double sigma, double alpha) {
        double logA0 = Double.NEGATIVE_INFINITY;
        double logA1 = Double.NEGATIVE_INFINITY;
        double z0 = sigma * sigma * Math.log(1 / q - 1) + 0.5;
        double coef = 1; // C(alpha, 0)
        for (int i = 0; ; i++) {
            if (i > 0) {
                coef *= (alpha - i + 1) / i;
            }
            double logCoef = Math.log(Math.abs(coef));
            double j = alpha - i;
            double logT0 = logCoef + i * Math.log(q) + j * Math.log1p(-q);
            double logT1 = logCoef + j * Math.log(q) + i * Math.log1p(-q);
            double logE0 = Math.log(0.5) + logErfc((i - z0) / (Math.sqrt(2) * sigma));
            double logE1 = Math.log(0.5) + logErfc((z0 - j) / (Math.sqrt(2) * sigma));
            double logS0 = logT0 + (i * (double) i - i) / (2 * sigma * sigma) + logE0;
            double logS1 = logT1 + (j * j - j) / (2 * sigma * sigma) + logE1;
            if (coef > 0) {
                logA0 = logAdd(logA0, logS0);
                logA1 = logAdd(logA1, logS1);
            } else {
                logA0 = logSub(logA0, logS0);
                logA1 = logSub(logA1, logS1);
            }
            if (Math.max(logS0, logS1) < -30) {
                break;
            }
            if (i > 1_000_000) {
                throw new ArithmeticException("RdpAccountant: the series for order " + alpha + " (q = " + q + ", σ = "
                        + sigma + ") did not converge");
            }
        }
        return logAdd(logA0, logA1);
    }

    /** log(erfc(x)), with the asymptotic series where erfc underflows. */
    public static double logErfc(double x) {
        double r = Erfc.value(x);
        if (r > 0) {
            return Math.log(r);
        }
        // erfc(x) ~ exp(−x² − 1/(2x²) + 5/(8x⁴) − 37/(24x⁶) + 353/(64x⁸)) / (x√π) for large x
        double x2 = x * x;
        return -Math.log(Math.PI) / 2 - Math.log(x) - x2 - 0.5 / x2 + 0.625 / (x2 * x2) - 37.0 / 24 / (x2 * x2 * x2)
                + 353.0 / 64 / (x2 * x2 * x2 * x2);
    }

    static double logAdd(double a, double b) {
        double lo = Math.min(a, b);
        double hi = Math.max(a, b);
        if (lo == Double.NEGATIVE_INFINITY) {
            return hi;
        }
        return Math.log1p(Math.exp(lo - hi)) + hi;
    }

    /** log(e^a − e^b) for a ≥ b. */
    static double logSub(double a, double b) {
        if (a < b) {
            throw new ArithmeticException("RdpAccountant: a log-space subtraction went negative (" + a + " < " + b
                    + "); the series did not converge at this order");
        }
        if (b == Double.NEGATIVE_INFINITY) {
            return a;
        }
        if (a == b) {
            return Double.NEGATIVE_INFINITY;
        }
        return Math.log(Math.expm1(b - a) * -1) + a;
    }

    /**
     * The smallest noise multiplier whose ε after {@code steps} steps at sampling rate {@code q} is at
     * most {@code targetEpsilon} (to within 0.001 in σ), by bisection as Opacus's
     * {@code get_noise_multiplier}.
     *
     * @throws IllegalArgumentException when even σ = 1024 does not reach the target, or the target is below
     *     what the orders can show at all
     */
    public static double noiseMultiplier(double targetEpsilon, double delta, double q, long steps, double[] orders,
                                         Conversion conversion) {
        return noiseMultiplier(targetEpsilon, delta, q, steps, conversion, () -> new RdpAccountant(orders));
    }

    /**
     * {@link #noiseMultiplier(double, double, double, long, double[], Conversion)} on top of what the
     * accountants {@code start} makes have already spent (a model's earlier private training).
     */
    public static double noiseMultiplier(double targetEpsilon, double delta, double q, long steps, Conversion conversion,
                                         java.util.function.Supplier<RdpAccountant> start) {
        if (!(targetEpsilon > 0)) {
            throw new IllegalArgumentException("target epsilon must be positive, got " + targetEpsilon);
        }
        // with any noise, ε cannot go below what was spent before, or what the orders can show for RDP 0
        RdpAccountant before = start.get();
        double floor = before.epsilon(delta, conversion).epsilon();
        if (targetEpsilon <= floor) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, before.steps() > 0
                    ? "ε = %s at δ = %s is already spent (%.4g, by earlier training)"
                    : "ε = %s is below the smallest ε these RDP orders can show at δ = %s (%.4g, with no privacy spent "
                    + "at all); add larger orders", targetEpsilon, delta, floor));
        }
        double lo = 0;
        double hi = 1;
        while (start.get().compose(hi, q, steps).epsilon(delta, conversion).epsilon() > targetEpsilon) {
            lo = hi;
            hi *= 2;
            if (hi > MAX_NOISE) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "no noise multiplier up to %d reaches "
                        + "ε = %s at δ = %s in %d steps of sampling rate %.4g; allow a larger ε, fewer steps or a "
                        + "smaller sampling rate", (int) MAX_NOISE, targetEpsilon, delta, steps, q));
            }
        }
        while (hi - lo > 1e-3) {
            double mid = (lo + hi) / 2;
            if (start.get().compose(mid, q, steps).epsilon(delta, conversion).epsilon() > targetEpsilon) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return hi;
    }

    /** The largest noise multiplier {@link #noiseMultiplier} tries. */
    private static final double MAX_NOISE = 1024;

    private static double[] opacusOrders() {
        double[] o = new double[99 + 52];
        for (int x = 1; x < 100; x++) {
            o[x - 1] = 1 + x / 10.0;
        }
        for (int a = 12; a < 64; a++) {
            o[99 + a - 12] = a;
        }
        return o;
    }

    private static double[] tfPrivacyOrders() {
        double[] head = {1.25, 1.5, 1.75, 2, 2.25, 2.5, 3, 3.5, 4, 4.5};
        double[] o = Arrays.copyOf(head, head.length + 59 + 3);
        for (int a = 5; a < 64; a++) {
            o[head.length + a - 5] = a;
        }
        o[o.length - 3] = 128;
        o[o.length - 2] = 256;
        o[o.length - 1] = 512;
        return o;
    }
}
