package dev.landfall.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code privacy:} in a pipeline file: examples/private-breast-cancer.yaml trains at ε ≤ 1 and keeps its
 * accuracy, the model file records the privacy spent, a target that the noise would exceed stops the run
 * before it starts, and nothing of the training data reaches the run's output.
 */
class PrivateTrainCommandTest {
    static final Path EXAMPLE = Path.of("../examples/private-breast-cancer.yaml").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void theBreastCancerExampleTrainsPrivatelyAtEpsilonOne() throws IOException {
        Path model = dir.resolve("private.landfall");
        Cli r = Cli.run("train", EXAMPLE.toString(), "--output", model.toString(), "--no-report");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("DP-SGD: noise multiplier "), r.out());
        assertTrue(r.out().contains("sampling rate 0.2813 (expected batch 128 of 455 examples), 120 steps; ε after training: "
                + "1.000 at δ = 1e-05"), r.out());
        Matcher eps = Pattern.compile("Epoch 30/30 .* - epsilon: (\\d\\.\\d{4})").matcher(r.out());
        assertTrue(eps.find(), r.out());
        assertTrue(Double.parseDouble(eps.group(1)) <= 1.0, "ε after the last epoch " + eps.group(1));
        Matcher acc = Pattern.compile("Test accuracy: (\\d\\.\\d{4})").matcher(r.out());
        assertTrue(acc.find(), r.out());
        assertTrue(Double.parseDouble(acc.group(1)) >= 0.93, "test accuracy " + acc.group(1));

        Cli s = Cli.run("summary", model.toString());
        assertEquals(0, s.code(), s.err());
        assertTrue(s.out().contains("Privacy: (ε = 1.000, δ = 1e-05)-differentially private weights (not the fitted "
                + "preprocessing): 120 steps of DP-SGD, noise "
                + "multiplier "), s.out());
        assertTrue(s.out().contains(", clipping norm 1, sampling rate 0.2813 (RDP order "), s.out());

        // Item 7: no value of the training data is printed. Values of 7 characters or more cannot be mistaken
        // for the 4-decimal metrics the run prints.
        String printed = r.out() + r.err() + s.out() + s.err();
        List<String> cells = Files.readAllLines(Cli.BREAST_CANCER).stream().skip(1)
                .flatMap(line -> Arrays.stream(line.split(","))).filter(c -> c.length() >= 7).distinct().toList();
        assertTrue(cells.size() > 1000, "the check needs the data's values: " + cells.size());
        for (String c : cells) {
            assertFalse(printed.contains(c), "the output shows the training value " + c);
        }
    }

    @Test
    void aTargetTheNoiseWouldExceedStopsTheRunBeforeItStarts() throws IOException {
        Path yaml = dir.resolve("over.yaml");
        Files.writeString(yaml, Files.readString(EXAMPLE).replace("data/breast_cancer.csv", Cli.BREAST_CANCER.toString())
                .replace("  target_epsilon: 1.0", "  noise_multiplier: 2.0\n  target_epsilon: 1.0"));
        Path model = dir.resolve("over.landfall");
        Cli r = Cli.run("train", yaml.toString(), "--output", model.toString(), "--no-report");
        assertEquals(1, r.code(), r.out());
        assertEquals(List.of("landfall: over.yaml: privacy: noise_multiplier 2 over 120 steps (sampling rate 0.2813) would spend "
                + "ε = 8.874, more than target_epsilon 1 at δ = 1e-05; raise the noise, train fewer epochs, or drop "
                + "noise_multiplier to let the target set it"), r.errLines());
        assertFalse(Files.exists(model));
        assertFalse(r.out().contains("Epoch 1/"), "no training happened");
    }

    @Test
    void aBadPrivacySectionNamesTheKey() throws IOException {
        String base = Files.readString(EXAMPLE).replace("data/breast_cancer.csv", Cli.BREAST_CANCER.toString());
        String[][] cases = {
            {"  l2_norm_clip: 1.0", "  l2_norm_clip: 0", "over.yaml: privacy.l2_norm_clip: expected a positive number"},
            {"  target_epsilon: 1.0", "  noise_multiplier: -1", "over.yaml: privacy.noise_multiplier: expected a positive number"},
            {"  delta: 1.0e-5", "  delta: 2", "over.yaml: privacy.delta: expected a number in (0, 1)"},
            {"  target_epsilon: 1.0", "  epsilon: 1.0", "over.yaml: privacy.epsilon: unknown key 'epsilon' (known: noise_multiplier, l2_norm_clip, target_epsilon, delta)"},
            {"  batch_size: 128", "  batch_size: 128\n  class_weight: balanced", "over.yaml: fit.class_weight: balanced weights come from the training data's class counts"},
        };
        for (String[] c : cases) {
            Path yaml = dir.resolve("over.yaml");
            Files.writeString(yaml, base.replace(c[0], c[1]));
            Cli r = Cli.run("train", yaml.toString(), "--output", dir.resolve("x.landfall").toString(), "--no-report");
            assertEquals(1, r.code(), r.out());
            assertEquals(1, r.errLines().size(), r.err());
            assertTrue(r.errLines().get(0).startsWith("landfall: " + c[2]), r.errLines().get(0));
        }
    }
}
