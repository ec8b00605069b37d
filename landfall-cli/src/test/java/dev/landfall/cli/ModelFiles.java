package dev.landfall.cli;

import dev.landfall.Landfall;
import dev.landfall.nn.Activations;
import dev.landfall.nn.Losses;
import dev.landfall.nn.Metrics;
import dev.landfall.nn.Optimizers;
import dev.landfall.nn.Sequential;
import dev.landfall.nn.io.ModelFile;
import dev.landfall.nn.io.SaveOptions;
import dev.landfall.nn.layers.Dense;
import dev.landfall.nn.layers.Input;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/** Builds model files with {@link ModelFile} and damages them the ways the CLI tests need. */
final class ModelFiles {
    private ModelFiles() {
    }

    /** A small compiled model, saved. */
    static Path save(Path file) {
        Landfall.setSeed(7);
        Sequential m = Sequential.of(Input.of(4), Dense.of(3, Activations.RELU), Dense.of(1, Activations.SIGMOID));
        m.compile(Optimizers.adam(1e-3), Losses.binaryCrossentropy(), Metrics.accuracy());
        ModelFile.save(file, m, SaveOptions.defaults());
        return file;
    }

    /** The zip's entries, with {@code edit} applied to one of them, written back in the same order. */
    static void editEntry(Path file, String entry, UnaryOperator<byte[]> edit) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                try (InputStream in = zip.getInputStream(e)) {
                    entries.put(e.getName(), in.readAllBytes());
                }
            }
        }
        if (!entries.containsKey(entry)) {
            throw new IllegalArgumentException(file + " has no entry " + entry + ": " + entries.keySet());
        }
        entries.put(entry, edit.apply(entries.get(entry)));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        Files.write(file, bytes.toByteArray());
    }

    static byte[] replace(byte[] json, String from, String to) {
        String s = new String(json, StandardCharsets.UTF_8);
        if (!s.contains(from)) {
            throw new IllegalArgumentException("no '" + from + "' in " + s);
        }
        return s.replaceFirst(java.util.regex.Pattern.quote(from), to).getBytes(StandardCharsets.UTF_8);
    }
}
