package dev.landfall.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** examples/sentiment-lstm.yaml: a bidirectional LSTM over masked word embeddings trains, saves and reloads. */
class RecurrentExampleTest {
    static final Path EXAMPLE = Path.of("../examples/sentiment-lstm.yaml").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void theBidirectionalLstmSentimentExampleLearns() {
        Path model = dir.resolve("lstm.landfall");
        Cli r = Cli.run("train", EXAMPLE.toString(), "--output", model.toString(), "--no-report");
        assertEquals(0, r.code(), r.err());
        Matcher acc = Pattern.compile("Test accuracy: (\\d\\.\\d{4})").matcher(r.out());
        assertTrue(acc.find(), r.out());
        assertTrue(Double.parseDouble(acc.group(1)) >= 0.75, "test accuracy " + acc.group(1));

        Cli s = Cli.run("summary", model.toString());
        assertEquals(0, s.code(), s.err());
        assertTrue(s.out().contains("bidirectional (Bidirection"), s.out()); // the summary cuts names at its column, as Keras
        Cli e = Cli.run("evaluate", model.toString(), Path.of("../examples/data/sentiment/yelp.json").toAbsolutePath()
                .normalize().toString());
        assertEquals(0, e.code(), e.err());
        assertTrue(e.out().contains("accuracy"), e.out());
    }
}
