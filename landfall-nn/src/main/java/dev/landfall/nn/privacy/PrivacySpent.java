package dev.landfall.nn.privacy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The privacy a model's training spent, as its model file records it: each phase of DP-SGD (noise
 * multiplier, sampling rate, steps, clipping norm), δ, and the ε those phases compose to. A later
 * private {@code fit} on the same model adds a phase and accounts for all of them; a non-private
 * {@code fit} clears it, since the guarantee no longer holds.
 *
 * @param phases  in training order
 * @param delta   δ
 * @param epsilon ε of all phases at δ (improved conversion, unless {@code conversion} says otherwise)
 * @param order   the RDP order that gave ε
 * @param afterNonPrivateTraining the first phase started from weights trained without privacy (a public
 *     pretrained model, or an earlier ordinary fit): the guarantee covers the private phases' data only
 */
public record PrivacySpent(List<Phase> phases, double delta, double epsilon, double order, String conversion,
                           boolean afterNonPrivateTraining) {
    /** One run of DP-SGD at fixed parameters. */
    public record Phase(double noiseMultiplier, double sampleRate, long steps, double l2NormClip) {
    }

    public PrivacySpent {
        phases = List.copyOf(phases);
    }

    /** An accountant holding these phases at {@code orders}. */
    public RdpAccountant accountant(double[] orders) {
        RdpAccountant a = new RdpAccountant(orders);
        for (Phase p : phases) {
            a.compose(p.noiseMultiplier, p.sampleRate, p.steps);
        }
        return a;
    }

    /** These phases with one more, and ε recomputed; {@code fromNonPrivate} when there is no earlier record. */
    public static PrivacySpent after(PrivacySpent earlier, Phase phase, PrivacyOptions o, boolean fromNonPrivate) {
        List<Phase> ps = new ArrayList<>(earlier == null ? List.of() : earlier.phases);
        ps.add(phase);
        RdpAccountant a = new RdpAccountant(o.orders());
        ps.forEach(p -> a.compose(p.noiseMultiplier, p.sampleRate, p.steps));
        RdpAccountant.Epsilon e = a.epsilon(o.delta(), o.conversion());
        return new PrivacySpent(ps, o.delta(), e.epsilon(), e.order(), o.conversion().name().toLowerCase(Locale.ROOT),
                earlier == null ? fromNonPrivate : earlier.afterNonPrivateTraining);
    }

    /** The total steps. */
    public long steps() {
        return phases.stream().mapToLong(Phase::steps).sum();
    }

    /** One line: {@code (ε = 2.93, δ = 1e-05)-DP: 4,690 steps, noise 1.10, clip 1.0, sampling rate 0.0043}. */
    public String describe() {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "(ε = %.3f, δ = %s)-differentially private "
                + "weights (not the fitted preprocessing): ", epsilon, num(delta)));
        if (afterNonPrivateTraining) {
            b.append("from weights trained without privacy (the guarantee covers the private phases' data only), ");
        }
        for (int i = 0; i < phases.size(); i++) {
            Phase p = phases.get(i);
            b.append(i == 0 ? "" : "; then ").append(String.format(Locale.ROOT,
                    "%,d steps of DP-SGD, noise multiplier %s, clipping norm %s, sampling rate %s",
                    p.steps, num(p.noiseMultiplier), num(p.l2NormClip), num(p.sampleRate)));
        }
        return b.append(String.format(Locale.ROOT, " (RDP order %s, %s conversion)", num(order), conversion)).toString();
    }

    /** A number to 4 significant digits without trailing zeros ({@code 1}, {@code 0.0043}, {@code 1e-05}). */
    public static String num(double v) {
        if (!Double.isFinite(v)) {
            return String.valueOf(v);
        }
        if (v != 0 && Math.abs(v) < 1e-4) {
            return String.format(Locale.ROOT, "%.3g", v).replaceAll("\\.?0+e", "e");
        }
        return new java.math.BigDecimal(v, new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
    }
}
