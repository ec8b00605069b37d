package dev.landfall.nn.callbacks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes one row per epoch ({@code epoch} then the log keys, sorted) to a CSV file, flushed each epoch. */
public final class CSVLogger extends Callback {
    private final Path file;
    private final String separator;
    private final boolean append;
    private Writer out;
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
        try {
            boolean exists = Files.exists(file) && Files.size(file) > 0;
            out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
            keys = append && exists ? readHeader() : null;
        } catch (IOException e) {
            throw new UncheckedIOException("CSVLogger: cannot open " + file + ": " + e.getMessage(), e);
        }
    }

    private List<String> readHeader() throws IOException {
        String first = Files.readAllLines(file, StandardCharsets.UTF_8).get(0);
        List<String> k = new ArrayList<>(List.of(first.split(java.util.regex.Pattern.quote(separator))));
        k.remove(0);
        return k;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        try {
            if (keys == null) {
                keys = new ArrayList<>(new java.util.TreeSet<>(logs.keySet()));
                out.write("epoch" + separator + String.join(separator, keys) + "\n");
            }
            StringBuilder row = new StringBuilder().append(epoch);
            for (String k : keys) {
                Double v = logs.get(k);
                row.append(separator).append(v == null ? "" : String.format(Locale.ROOT, "%s", v));
            }
            out.write(row.append('\n').toString());
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("CSVLogger: cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void onTrainEnd(Map<String, Double> logs) {
        try {
            if (out != null) {
                out.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("CSVLogger: cannot close " + file + ": " + e.getMessage(), e);
        }
    }
}
