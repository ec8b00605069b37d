package dev.landfall.nn.privacy;

import dev.landfall.nn.privacy.RdpAccountant.Conversion;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The accountant against published values, each with its source. */
class RdpAccountantTest {

    @Test
    void gaussianWithoutSamplingIsAlphaOverTwoSigmaSquared() {
        // Mironov 2017, Proposition 7: the Gaussian mechanism of sensitivity 1 is (α, α/(2σ²))-RDP
        assertEquals(0.1, RdpAccountant.rdp(1, 10, 20), 0);
        assertEquals(0.1, new RdpAccountant(new double[] {20}).compose(10, 1, 1).rdp()[0], 0);
    }

    @Test
    void integerOrderAsTensorFlowPrivacy() {
        // TensorFlow Privacy, rdp_accountant_test.py, test_compute_rdp_scalar: compute_rdp(0.1, 2, 10, 5) = 0.07737
        double rdp = new RdpAccountant(new double[] {5}).compose(2, 0.1, 10).rdp()[0];
        assertEquals(0.07737, rdp, 0.5e-5);
    }

    @Test
    void fractionalIntegerAndInfiniteOrdersAsTensorFlowPrivacy() {
        // TensorFlow Privacy, rdp_accountant_test.py, test_compute_rdp_sequence:
        // compute_rdp(0.01, 2.5, 50, [1.5, 2.5, 5, 50, 100, inf])
        double[] orders = {1.5, 2.5, 5, 50, 100, Double.POSITIVE_INFINITY};
        double[] want = {6.5007e-4, 1.0854e-3, 2.1808e-3, 2.3846e-2, 1.6742e2, Double.POSITIVE_INFINITY};
        double[] got = new RdpAccountant(orders).compose(2.5, 0.01, 50).rdp();
        for (int i = 0; i < orders.length - 1; i++) {
            assertEquals(want[i], got[i], 1e-4 * want[i], "order " + orders[i]);
        }
        assertEquals(Double.POSITIVE_INFINITY, got[5]);
    }

    @Test
    void mnistExampleOfComputeDpSgdPrivacy() {
        // TensorFlow Privacy's compute_dp_sgd_privacy for N = 60,000, batch 150, σ = 1.3, 15 epochs,
        // δ = 1e-5: 6,000 steps at q = 0.0025; ε = 0.7242 at order 19 with the improved conversion
        long steps = (long) Math.ceil(15 * 60000 / 150.0);
        RdpAccountant a = new RdpAccountant(RdpAccountant.TF_PRIVACY_ORDERS).compose(1.3, 150 / 60000.0, steps);
        RdpAccountant.Epsilon e = a.epsilon(1e-5);
        assertEquals(0.7242, e.epsilon(), 0.5e-4);
        assertEquals(19, e.order());
        // the classic conversion (Mironov 2017) is looser: TensorFlow Privacy's compute_rdp + classic get_privacy_spent
        RdpAccountant.Epsilon classic = a.epsilon(1e-5, Conversion.CLASSIC);
        assertEquals(0.9419, classic.epsilon(), 0.5e-4);
        assertEquals(19, classic.order());
    }

    @Test
    void opacusPrivacyEngineValue() {
        // Opacus, tests/accountants_test.py (test_rdp_accountant): σ = 1.5, q = 0.04, 2,250 steps,
        // δ = 1e-5 with the default orders gives ε = 7.32911
        RdpAccountant a = new RdpAccountant().compose(1.5, 0.04, 2250);
        assertEquals(7.32911, a.epsilon(1e-5).epsilon(), 0.5e-5);
    }

    @Test
    void noPrivacySpentIsEpsilonZeroAndTheJavadocExampleHolds() {
        // zero steps: RDP 0 everywhere, and the KL bound gives ε = 0 (dp_accounting's compute_epsilon)
        assertEquals(0, new RdpAccountant(RdpAccountant.ALL_ORDERS).epsilon(1e-5).epsilon());
        // 60 epochs of batch 256 on 60,000 examples at σ = 1.1 (the class Javadoc)
        RdpAccountant.Epsilon e = new RdpAccountant().compose(1.1, 256.0 / 60000, 14063).epsilon(1e-5);
        assertEquals(2.5967, e.epsilon(), 0.5e-4);
        assertEquals(8.1, e.order(), 1e-12);
        // more orders never give a larger ε
        RdpAccountant all = new RdpAccountant(RdpAccountant.ALL_ORDERS).compose(1.1, 256.0 / 60000, 14063);
        assertTrue(all.epsilon(1e-5).epsilon() <= e.epsilon());
        // little noise spent over few steps: the large orders matter (Opacus's stop at 63)
        RdpAccountant few = new RdpAccountant(RdpAccountant.ALL_ORDERS).compose(10, 0.01, 100);
        assertTrue(few.epsilon(1e-5).order() > 63, "order " + few.epsilon(1e-5).order());
    }

    @Test
    void phasesComposeOrderByOrder() {
        RdpAccountant twoPhases = new RdpAccountant().compose(1.0, 0.01, 100).compose(2.0, 0.02, 50);
        RdpAccountant first = new RdpAccountant().compose(1.0, 0.01, 100);
        RdpAccountant second = new RdpAccountant().compose(2.0, 0.02, 50);
        for (int i = 0; i < RdpAccountant.OPACUS_ORDERS.length; i++) {
            assertEquals(first.rdp()[i] + second.rdp()[i], twoPhases.rdp()[i], 1e-12);
        }
        assertEquals(150, twoPhases.steps());
    }

    @Test
    void theNoiseForATargetEpsilonReachesIt() {
        long steps = 6000;
        double q = 0.0025;
        double sigma = RdpAccountant.noiseMultiplier(0.7242, 1e-5, q, steps, RdpAccountant.TF_PRIVACY_ORDERS,
                Conversion.IMPROVED);
        assertEquals(1.3, sigma, 2e-3); // the inverse of the MNIST example
        double eps = new RdpAccountant(RdpAccountant.TF_PRIVACY_ORDERS).compose(sigma, q, steps).epsilon(1e-5).epsilon();
        assertTrue(eps <= 0.7242, "ε " + eps);
        double less = new RdpAccountant(RdpAccountant.TF_PRIVACY_ORDERS).compose(sigma - 2e-3, q, steps).epsilon(1e-5)
                .epsilon();
        assertTrue(less > 0.7242, "a smaller σ misses the target: ε " + less);
    }

    @Test
    void badInputIsRefusedByName() {
        assertEquals("noise_multiplier must be a positive number, got 0.0", assertThrows(IllegalArgumentException.class,
                () -> new RdpAccountant().compose(0, 0.1, 1)).getMessage());
        assertEquals("the sampling rate must be in (0, 1], got 1.5", assertThrows(IllegalArgumentException.class,
                () -> new RdpAccountant().compose(1, 1.5, 1)).getMessage());
        assertEquals("delta must be in (0, 1), got 0.0", assertThrows(IllegalArgumentException.class,
                () -> new RdpAccountant().epsilon(0)).getMessage());
        assertEquals("RdpAccountant: RDP orders must be > 1, got 1.0", assertThrows(IllegalArgumentException.class,
                () -> new RdpAccountant(new double[] {1})).getMessage());
        var e = assertThrows(IllegalArgumentException.class, () -> RdpAccountant.noiseMultiplier(1e-4, 1e-5, 1, 100000,
                RdpAccountant.OPACUS_ORDERS, Conversion.IMPROVED));
        assertTrue(e.getMessage().startsWith("no noise multiplier up to 1024 reaches ε = 1.0E-4"), e.getMessage());
        // classic conversion: ε ≥ −log δ / (α − 1) = 11.513 / 62 at the largest order, 63
        e = assertThrows(IllegalArgumentException.class, () -> RdpAccountant.noiseMultiplier(0.01, 1e-5, 0.01, 100,
                RdpAccountant.OPACUS_ORDERS, Conversion.CLASSIC));
        assertTrue(e.getMessage().startsWith("ε = 0.01 is below the smallest ε these RDP orders can show at δ = 1.0E-5 "
                + "(0.1857, with no privacy spent at all); add larger orders"), e.getMessage());
        assertEquals("RdpAccountant: RDP orders above 10000 are not taken (their terms cost α each and add nothing in "
                + "practice), got 1.0E12", assertThrows(IllegalArgumentException.class,
                        () -> new RdpAccountant(new double[] {1e12})).getMessage());
    }
}
