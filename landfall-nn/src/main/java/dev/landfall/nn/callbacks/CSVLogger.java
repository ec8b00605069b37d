package dev.landfall.nn.callbacks;

import dev.landfall.io.AtomicFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes one row per epoch ({@code epoch} then the log keys, sorted) to a CSV file. The whole file is
 * rewritten atomically at each epoch ({@link AtomicFiles}), so it is always complete, and a write
 * error (a full disk) stops training with a message naming the file.
 */
public final class CSVLogger extends Callback {
    private final Path file;
    private final String separator;
    private final boolean append;
    private final List<String> lines = new ArrayList<>();
    private List<String> keys;

    public CSVLogger(Path file, String separator, boolean append) {
        this.file = file;
        this.separator = separator;
        this.append = append;
    }

    /** Comma-separated, overwriting. */
    public static CSVLogger of(Path file) {
        return new CSVLogger(file, ",", false);
    }

    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        lines.clear();
        keys = null;
        try {
            if (append && Files.exists(file) && Files.size(file) > 0) {
                lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
                List<String> k = new ArrayList<>(List.of(lines.get(0).split(java.util.regex.Pattern.quote(separator))));
                k.remove(0);
                keys = k;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("CSVLogger: cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        if (keys == null) {
            keys = new ArrayList<>(new java.util.TreeSet<>(logs.keySet()));
            lines.add("epoch" + separator + String.join(separator, keys));
        }
        StringBuilder row = new StringBuilder().append(epoch);
        for (String k : keys) {
            Double v = logs.get(k);
            row.append(separator).append(v == null ? "" : String.format(Locale.ROOT, "%s", v));
        }
        lines.add(row.toString());
        AtomicFiles.writeLines(file, lines);
    }
}
