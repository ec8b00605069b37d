package dev.landfall.cli;

import dev.landfall.data.DataFormatException;
import dev.landfall.data.InvalidRecordException;
import dev.landfall.data.catalog.DatasetNotFoundException;
import dev.landfall.data.format.DataFormat;
import dev.landfall.data.format.DataFormats;
import dev.landfall.data.format.RawData;
import dev.landfall.nn.predict.Predictor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The DATA of {@code evaluate} and {@code predict}: read through the format registry as the model
 * was trained ({@link Predictor#readOptions}), {@code -} being standard input.
 */
final class ModelData {
    private ModelData() {
    }

    /** The --format values: auto and every format name and alias. */
    static final class Formats implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            List<String> all = new ArrayList<>(List.of(DataFormats.AUTO));
            all.addAll(DataFormats.accepted());
            return all.iterator();
        }

        /** A wrong --format is a usage error that names the formats. */
        static void check(String format, Main main) {
            if (!format.equals(DataFormats.AUTO) && !DataFormats.accepted().contains(format)) {
                throw new picocli.CommandLine.ParameterException(main.spec.commandLine(), "unknown --format '" + format
                        + "' (one of " + String.join(", ", new Formats()) + ")");
            }
        }
    }

    /**
     * Reads DATA for the model: its own test set for a format that has one (Fashion-MNIST).
     *
     * @throws CliException naming DATA for a missing file, a format the model does not read, or bad data
     */
    static RawData read(Predictor p, Path data, String format, Path labelsFile, boolean withLabels) {
        Path in = data.toString().equals("-") ? stdin() : data;
        if (!Files.exists(in)) {
            throw new CliException(data + ": no such file or folder");
        }
        try {
            DataFormat f = DataFormats.resolve(in, format);
            if (!p.accepts(f)) {
                throw new CliException(name(data) + ": " + p.whatItReads() + ", not " + f.name());
            }
            RawData raw = f.read(in, p.readOptions(withLabels, labelsFile));
            return raw.ownTest() != null ? raw.ownTest() : raw;
        } catch (DataFormatException | DatasetNotFoundException e) {
            throw new CliException(e.getMessage(), e);
        } catch (InvalidRecordException e) {
            throw new CliException(name(data) + ": " + e.getMessage(), e);
        }
    }

    /** How DATA is named in messages. */
    static String name(Path data) {
        return data.toString().equals("-") ? "stdin" : String.valueOf(data.getFileName());
    }

    /** Standard input, copied to a file named {@code stdin} in a fresh temporary folder (formats read files). */
    private static Path stdin() {
        try {
            Path dir = Files.createTempDirectory("landfall-stdin");
            Path f = dir.resolve("stdin");
            try (InputStream in = System.in) {
                Files.copy(in, f);
            }
            f.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read standard input: " + e.getMessage(), e);
        }
    }
}
