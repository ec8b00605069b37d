package dev.landfall.cli;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code landfall privacy}: TensorFlow Privacy's compute_dp_sgd_privacy figures, its inverse, and bad input. */
class PrivacyCommandTest {
    @Test
    void epsilonOfTheMnistExample() {
        Cli r = Cli.run("privacy", "--examples", "60000", "--batch-size", "150", "--noise-multiplier", "1.3",
                "--epochs", "15", "--delta", "1e-5");
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of("DP-SGD at sampling rate q = 0.0025 (batch 150 of 60000 examples), 6000 steps (15 epochs), "
                + "noise multiplier 1.3", "ε = 0.7242 at δ = 1.0E-5 (improved conversion; optimal RDP order 19)"),
                r.out().lines().toList());
        assertEquals("", r.err());
    }

    @Test
    void classicConversionAndStepsAndOrders() {
        Cli r = Cli.run("privacy", "--examples", "60000", "--batch-size", "150", "--noise-multiplier", "1.3",
                "--steps", "6000", "--delta", "1e-5", "--conversion", "classic", "--orders", "2,4,8,16,32,64");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("6000 steps, noise multiplier 1.3"), r.out());
        // TensorFlow Privacy's compute_rdp with Mironov's conversion at these orders
        assertEquals("ε = 1.0188 at δ = 1.0E-5 (classic conversion; optimal RDP order 16)", r.out().lines().toList().get(1));
    }

    @Test
    void noiseForATargetEpsilon() {
        Cli r = Cli.run("privacy", "--examples", "60000", "--batch-size", "150", "--target-epsilon", "0.7242",
                "--epochs", "15", "--delta", "1e-5");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().lines().toList().get(1).startsWith("Noise multiplier: 1.30"), r.out());
    }

    @Test
    void badInputIsOneLine() {
        Cli r = Cli.run("privacy", "--examples", "60000", "--batch-size", "150", "--noise-multiplier", "0",
                "--epochs", "15", "--delta", "1e-5");
        assertEquals(1, r.code());
        assertEquals(List.of("landfall: --noise-multiplier must be a positive number, got 0.0"), r.errLines());

        r = Cli.run("privacy", "--examples", "60000", "--batch-size", "150", "--target-epsilon", "0.0001",
                "--epochs", "150", "--delta", "1e-5");
        assertEquals(1, r.code());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.errLines().get(0).startsWith("landfall: no noise multiplier up to 1024 reaches ε = 1.0E-4"), r.err());

        r = Cli.run("privacy", "--examples", "100", "--batch-size", "10", "--noise-multiplier", "1", "--epochs", "1",
                "--delta", "0.05");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().startsWith("Warning: δ = 0.05 is not below 1/N = 0.0100"), r.err());

        r = Cli.run("privacy", "--examples", "100", "--batch-size", "10", "--epochs", "1", "--delta", "1e-5");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("give --noise-multiplier (to get ε) or --target-epsilon (to get the noise)"), r.err());
    }
}
