package dev.landfall.privacy;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MembershipAuditTest {
    @Test
    void lossThresholdAucCountsOrderedPairs() {
        // members' losses 0.1, 0.4; non-members' 0.3, 0.9: of the 4 (member, non-member) pairs the member
        // has the lower loss in 3 → AUC 0.75
        MembershipAudit.Attack a = MembershipAudit.lossThreshold(new double[] {0.1, 0.4}, new double[] {0.3, 0.9});
        assertEquals(0.75, a.auc(), 1e-12);
        assertEquals("loss threshold", a.name());
        // at FPR 0 the threshold below 0.3 catches one member of two
        assertEquals(0.5, a.tprAtLowFpr(), 1e-12);
    }

    @Test
    void theSameDistributionGivesChanceAndASeparatedOneGivesMore() {
        Random r = new Random(3);
        int n = 4000;
        double[] mp = new double[n];
        double[] np = new double[n];
        double[] sp = new double[n];
        int[] mc = new int[n];
        int[] nc = new int[n];
        int[] sc = new int[n];
        for (int i = 0; i < n; i++) {
            mc[i] = nc[i] = sc[i] = i % 3;
            mp[i] = 1 + r.nextGaussian(); // φ, the logit-scaled confidence
            np[i] = 1 + r.nextGaussian();
            sp[i] = 1 + r.nextGaussian();
        }
        MembershipAudit.Attack same = MembershipAudit.likelihoodRatio(mp, mc, np, nc, sp, sc);
        assertEquals(0.5, same.auc(), 0.03);
        assertTrue(same.tprAtLowFpr() < 0.03, "about 1 % of members above the 1 % threshold: " + same.tprAtLowFpr());
        for (int i = 0; i < n; i++) {
            mp[i] = 3 + r.nextGaussian(); // members: more confident, as an overfit model is
        }
        MembershipAudit.Attack leak = MembershipAudit.likelihoodRatio(mp, mc, np, nc, sp, sc);
        // Φ(2/√2) ≈ 0.921 for two unit Gaussians 2 apart
        assertEquals(0.921, leak.auc(), 0.02);
        assertTrue(leak.tprAtLowFpr() > 0.2, "TPR at 1 % FPR " + leak.tprAtLowFpr());
        double[] ml = new double[n];
        double[] nl = new double[n];
        for (int i = 0; i < n; i++) {
            ml[i] = MembershipAudit.loss(new double[] {1 - sigmoid(mp[i]), sigmoid(mp[i])}, 1);
            nl[i] = MembershipAudit.loss(new double[] {1 - sigmoid(np[i]), sigmoid(np[i])}, 1);
        }
        assertEquals(0.921, MembershipAudit.lossThreshold(ml, nl).auc(), 0.02);
    }

    @Test
    void lossAndConfidenceKeepTheirOrderWhereTheTrueProbabilityRoundsToOne() {
        double[] a = {1e-9, 1.0, 1e-9}; // float softmax outputs of two very confident examples
        double[] b = {1e-7, 1.0, 1e-7};
        assertTrue(MembershipAudit.loss(a, 1) < MembershipAudit.loss(b, 1));
        assertEquals(2e-9, MembershipAudit.loss(a, 1), 1e-15);
        assertTrue(MembershipAudit.confidence(a, 1) > MembershipAudit.confidence(b, 1));
        assertEquals(-Math.log(2e-9), MembershipAudit.confidence(a, 1), 1e-9);
        // a plain case: p = 0.8 of three classes → loss −log 0.8, φ = log(0.8 / 0.2)
        assertEquals(-Math.log(0.8), MembershipAudit.loss(new double[] {0.1, 0.8, 0.1}, 1), 1e-12);
        assertEquals(Math.log(4), MembershipAudit.confidence(new double[] {0.1, 0.8, 0.1}, 1), 1e-12);
    }

    @Test
    void tooFewHeldOutExamplesAreNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> MembershipAudit.likelihoodRatio(new double[] {0.9},
                new int[] {0}, new double[] {0.5}, new int[] {0}, new double[] {0.5}, new int[] {0}));
        assertEquals("likelihood ratio: at least 2 held-out examples are needed for the non-member statistics, got 1",
                e.getMessage());
    }

    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }
}
