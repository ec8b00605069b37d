package dev.landfall.privacy;

import dev.landfall.nn.metrics.Curves;
import org.apache.commons.numbers.gamma.Erfc;

import java.util.Arrays;

/**
 * Membership-inference attacks that measure how much a model leaks about its training examples: an
 * attacker who sees the model's output on an example guesses whether it was trained on. Each attack
 * scores examples (higher: more likely a member); its ROC curve over known members and non-members
 * gives the AUC (0.5: no better than chance) and the true-positive rate at a 1 % false-positive rate,
 * the figure that matters for the few examples an attacker can be sure of (Carlini et al. 2022).
 *
 * <ul>
 *   <li>{@link #lossThreshold}: Yeom et al. 2018 — members have lower loss; the score is −loss.</li>
 *   <li>{@link #likelihoodRatio}: the offline likelihood-ratio test of Carlini et al. 2022 with shadow
 *   statistics from held-out data instead of shadow models: the logit-scaled confidence in the true
 *   class, φ = log(p / (1 − p)), is modelled on non-members by a Gaussian per class (means and
 *   standard deviations from shadow examples the attack never scores); an example's score is how far
 *   its φ lies in the upper tail, −log P(Φ ≥ φ | non-member).</li>
 * </ul>
 */
public final class MembershipAudit {
    /** The false-positive rate at which the true-positive rate is read. */
    public static final double LOW_FPR = 0.01;

    private MembershipAudit() {
    }

    /**
     * One attack's result.
     *
     * @param roc the ROC curve (false-positive rate, true-positive rate) with members as positives
     */
    public record Attack(String name, double auc, double tprAtLowFpr, Curves.Curve roc) {
    }

    /** The loss-threshold attack on per-example losses. */
    public static Attack lossThreshold(double[] memberLoss, double[] nonMemberLoss) {
        double[] s = new double[memberLoss.length + nonMemberLoss.length];
        for (int i = 0; i < memberLoss.length; i++) {
            s[i] = -memberLoss[i];
        }
        for (int i = 0; i < nonMemberLoss.length; i++) {
            s[memberLoss.length + i] = -nonMemberLoss[i];
        }
        return attack("loss threshold", s, memberLoss.length);
    }

    /**
     * The likelihood-ratio attack.
     *
     * @param memberP each member's probability of its true class, with its class id
     * @param nonMemberP each scored non-member's probability of its true class
     * @param shadowP held-out examples (not scored) that give the non-member statistics per class
     */
    public static Attack likelihoodRatio(double[] memberP, int[] memberClass, double[] nonMemberP, int[] nonMemberClass,
                                         double[] shadowP, int[] shadowClass) {
        int classes = 1 + Math.max(max(memberClass), Math.max(max(nonMemberClass), max(shadowClass)));
        double[] sum = new double[classes];
        double[] sq = new double[classes];
        int[] n = new int[classes];
        double all = 0;
        double allSq = 0;
        for (int i = 0; i < shadowP.length; i++) {
            double f = logit(shadowP[i]);
            sum[shadowClass[i]] += f;
            sq[shadowClass[i]] += f * f;
            n[shadowClass[i]]++;
            all += f;
            allSq += f * f;
        }
        if (shadowP.length < 2) {
            throw new IllegalArgumentException("likelihood ratio: at least 2 held-out examples are needed for the "
                    + "non-member statistics, got " + shadowP.length);
        }
        double globalMean = all / shadowP.length;
        double globalSd = Math.sqrt(Math.max(allSq / shadowP.length - globalMean * globalMean, 1e-12));
        double[] mean = new double[classes];
        double[] sd = new double[classes];
        for (int c = 0; c < classes; c++) {
            // a class with fewer than 2 shadow examples borrows the global statistics
            mean[c] = n[c] >= 2 ? sum[c] / n[c] : globalMean;
            double var = n[c] >= 2 ? sq[c] / n[c] - mean[c] * mean[c] : globalSd * globalSd;
            sd[c] = Math.sqrt(Math.max(var, 1e-12));
        }
        double[] s = new double[memberP.length + nonMemberP.length];
        for (int i = 0; i < memberP.length; i++) {
            s[i] = upperTail(logit(memberP[i]), mean[memberClass[i]], sd[memberClass[i]]);
        }
        for (int i = 0; i < nonMemberP.length; i++) {
            int k = memberP.length + i;
            s[k] = upperTail(logit(nonMemberP[i]), mean[nonMemberClass[i]], sd[nonMemberClass[i]]);
        }
        return attack("likelihood ratio", s, memberP.length);
    }

    /** The cross-entropy of a true-class probability: −log p, with p clipped to [1e-12, 1]. */
    public static double loss(double pTrue) {
        return -Math.log(Math.max(1e-12, Math.min(1, pTrue)));
    }

    /** log(p / (1 − p)) with p kept inside (1e-12, 1 − 1e-12). */
    static double logit(double p) {
        double q = Math.min(1 - 1e-12, Math.max(1e-12, p));
        return Math.log(q) - Math.log1p(-q);
    }

    /** −log P(X ≥ x) for X ~ N(mean, sd²), in log space so that far tails keep their order. */
    static double upperTail(double x, double mean, double sd) {
        double z = (x - mean) / (sd * Math.sqrt(2));
        double tail = 0.5 * Erfc.value(z);
        if (tail > 0) {
            return -Math.log(tail);
        }
        return -(Math.log(0.5) + RdpAccountant.logErfc(z));
    }

    private static Attack attack(String name, double[] scores, int members) {
        boolean[] positive = new boolean[scores.length];
        Arrays.fill(positive, 0, members, true);
        Curves.Curve roc = Curves.roc(scores, positive, null);
        double tpr = 0;
        for (int i = 0; i < roc.x().length; i++) {
            if (roc.x()[i] <= LOW_FPR) {
                tpr = Math.max(tpr, roc.y()[i]);
            }
        }
        return new Attack(name, roc.area(), tpr, roc);
    }

    private static int max(int[] a) {
        int m = 0;
        for (int v : a) {
            if (v < 0) {
                throw new IllegalArgumentException("likelihood ratio: class id " + v + " is negative");
            }
            m = Math.max(m, v);
        }
        return m;
    }
}
