package dev.landfall.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sequence-model examples train, save and reload: sentiment-lstm.yaml (a bidirectional LSTM over masked
 * word embeddings) and sentiment-transformer.yaml (learned positions and a transformer block).
 */
class SequenceExamplesTest {
    static final Path EXAMPLES = Path.of("../examples").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void theBidirectionalLstmSentimentExampleLearns() {
        Path model = trains("sentiment-lstm.yaml");
        Cli s = Cli.run("summary", model.toString());
        assertEquals(0, s.code(), s.err());
        assertTrue(s.out().contains("bidirectional (Bidirection"), s.out()); // the summary cuts names at its column, as Keras
    }

    @Test
    void theTransformerSentimentExampleLearns() {
        Path model = trains("sentiment-transformer.yaml");
        Cli s = Cli.run("summary", model.toString());
        assertEquals(0, s.code(), s.err());
        assertTrue(s.out().contains("transformer_encoder (Trans"), s.out());
    }

    /** Trains an example, checks its test accuracy and that the saved model evaluates on raw sentences. */
    private Path trains(String example) {
        Path model = dir.resolve(example.replace(".yaml", ".landfall"));
        Cli r = Cli.run("train", EXAMPLES.resolve(example).toString(), "--output", model.toString(), "--no-report");
        assertEquals(0, r.code(), r.err());
        Matcher acc = Pattern.compile("Test accuracy: (\\d\\.\\d{4})").matcher(r.out());
        assertTrue(acc.find(), r.out());
        assertTrue(Double.parseDouble(acc.group(1)) >= 0.75, example + ": test accuracy " + acc.group(1));
        Cli e = Cli.run("evaluate", model.toString(), Path.of("../examples/data/sentiment/yelp.json").toAbsolutePath()
                .normalize().toString());
        assertEquals(0, e.code(), e.err());
        assertTrue(e.out().contains("accuracy"), e.out());
        return model;
    }
}
