package dev.landfall.cli;

import dev.landfall.compress.PruneLowMagnitude;
import dev.landfall.nn.io.ModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code prune_low_magnitude} in a pipeline file: the saved model is as sparse as the schedule says. */
class PruneCallbackTest {
    @TempDir
    Path dir;

    @Test
    void thePrunedModelIsSavedSparse() throws IOException {
        Path yaml = dir.resolve("pruned.yaml");
        Files.writeString(yaml, Cli.breastCancerPipeline("", Cli.BRIEF_MODEL, 6).replace("fit: {epochs: 6,",
                "fit: {callbacks: [{prune_low_magnitude: {final_sparsity: 0.75, end_step: 40, frequency: 5}}], epochs: 6,"));
        Path model = dir.resolve("pruned.landfall");
        Cli r = Cli.run("train", yaml.toString(), "-o", model.toString(), "--no-report");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Sparsity after pruning: dense.kernel 0.75 dense_1.kernel 0.75 dense_2.kernel 0.75"),
                r.out());
        var saved = PruneLowMagnitude.sparsity(ModelFile.load(model).model());
        for (double s : saved.values()) {
            assertEquals(0.75, s, 0.01);
        }
    }

    @Test
    void aSparsityOfOneIsOneLineNamingTheKey() throws IOException {
        Path yaml = dir.resolve("bad.yaml");
        Files.writeString(yaml, Cli.breastCancerPipeline("", Cli.BRIEF_MODEL, 1).replace("fit: {epochs: 1,",
                "fit: {callbacks: [{prune_low_magnitude: {final_sparsity: 1.0, end_step: 40}}], epochs: 1,"));
        Cli r = Cli.run("train", yaml.toString(), "-o", dir.resolve("bad.landfall").toString());
        assertEquals(1, r.code());
        assertEquals(List.of("landfall: bad.yaml: fit.callbacks[0]: sparsity must be in [0, 1), got "
                + "initial_sparsity=0.0 and final_sparsity=1.0"), r.errLines().stream()
                .map(l -> l.replace(yaml.toString(), "bad.yaml")).toList());
    }
}
