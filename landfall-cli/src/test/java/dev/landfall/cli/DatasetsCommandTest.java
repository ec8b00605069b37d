package dev.landfall.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatasetsCommandTest {
    @Test
    void listsTheBundledDataAndSaysHowToGetWhatIsMissing(@TempDir Path empty) {
        Cli r = Cli.run("datasets", "--fashion-mnist", empty.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("breast_cancer.csv"), r.out());
        assertTrue(r.out().contains("Fashion-MNIST not found in " + empty), r.out());
        assertTrue(r.out().contains("apt-get install dataset-fashion-mnist"), r.out());
        assertTrue(r.out().contains("Sentiment Labelled Sentences"), r.out());
    }
}
