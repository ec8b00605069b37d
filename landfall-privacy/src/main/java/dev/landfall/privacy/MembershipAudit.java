package dev.landfall.privacy;

import dev.landfall.nn.metrics.Curves;
import dev.landfall.nn.privacy.RdpAccountant;
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
     * @param memberPhi each member's logit-scaled confidence in its true class ({@link #confidence}), with its class id
     * @param nonMemberPhi each scored non-member's
     * @param shadowPhi held-out examples' (not scored), which give the non-member statistics per class
     */
    public static Attack likelihoodRatio(double[] memberPhi, int[] memberClass, double[] nonMemberPhi,
                                         int[] nonMemberClass, double[] shadowPhi, int[] shadowClass) {
        int classes = 1 + Math.max(max(memberClass), Math.max(max(nonMemberClass), max(shadowClass)));
        double[] sum = new double[classes];
        double[] sq = new double[classes];
        int[] n = new int[classes];
        double all = 0;
        double allSq = 0;
        for (int i = 0; i < shadowPhi.length; i++) {
            double f = shadowPhi[i];
            sum[shadowClass[i]] += f;
            sq[shadowClass[i]] += f * f;
            n[shadowClass[i]]++;
            all += f;
            allSq += f * f;
        }
        if (shadowPhi.length < 2) {
            throw new IllegalArgumentException("likelihood ratio: at least 2 held-out examples are needed for the "
                    + "non-member statistics, got " + shadowPhi.length);
        }
        double globalMean = all / shadowPhi.length;
        double globalSd = Math.sqrt(Math.max(allSq / shadowPhi.length - globalMean * globalMean, 1e-12));
        double[] mean = new double[classes];
        double[] sd = new double[classes];
        for (int c = 0; c < classes; c++) {
            // a class needs MIN_PER_CLASS shadow examples for its own statistics, else it takes the global ones;
            // its spread is kept above a tenth of the global one, so that a few saturated examples cannot make
            // its scores explode past every other class's
            boolean own = n[c] >= MIN_PER_CLASS;
            mean[c] = own ? sum[c] / n[c] : globalMean;
            double var = own ? sq[c] / n[c] - mean[c] * mean[c] : globalSd * globalSd;
            sd[c] = Math.max(Math.sqrt(Math.max(var, 0)), 0.1 * globalSd);
        }
        double[] s = new double[memberPhi.length + nonMemberPhi.length];
        for (int i = 0; i < memberPhi.length; i++) {
            s[i] = upperTail(memberPhi[i], mean[memberClass[i]], sd[memberClass[i]]);
        }
        for (int i = 0; i < nonMemberPhi.length; i++) {
            int k = memberPhi.length + i;
            s[k] = upperTail(nonMemberPhi[i], mean[nonMemberClass[i]], sd[nonMemberClass[i]]);
        }
        return attack("likelihood ratio", s, memberPhi.length);
    }

    /** Shadow examples a class needs for statistics of its own. */
    static final int MIN_PER_CLASS = 20;

    /**
     * The cross-entropy of example's class probabilities for true class y, as log(1 + Σ_{j≠y} p_j / p_y):
     * the small probabilities of the other classes keep their value where p_y has rounded to 1.
     */
    public static double loss(double[] probabilities, int y) {
        double others = others(probabilities, y);
        double p = probabilities[y];
        return p > 0 ? Math.log1p(others / p) : -Math.log(Math.max(Double.MIN_NORMAL, p));
    }

    /**
     * φ = log(p_y / (1 − p_y)) computed as log p_y − log Σ_{j≠y} p_j, so that confident examples stay
     * ordered where p_y has rounded to 1 (floored at 1e-300 on either side).
     */
    public static double confidence(double[] probabilities, int y) {
        return Math.log(Math.max(1e-300, probabilities[y])) - Math.log(Math.max(1e-300, others(probabilities, y)));
    }

    private static double others(double[] probabilities, int y) {
        double s = 0;
        for (int j = 0; j < probabilities.length; j++) {
            s += j == y ? 0 : probabilities[j];
        }
        return s;
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
