package dev.landfall.data.format;

import dev.landfall.data.DataFormatException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The data formats by name: each registered once, with its aliases, its sniffing and its reader. The
 * CLI ({@code --format}), pipeline files ({@code data.format}) and the {@code Predictor} all read
 * through here.
 *
 * <pre>{@code
 * RawData d = DataFormats.read(Path.of("rows.csv"), "auto", ReadOptions.defaults().label("target"));
 * DataFormats.register(new MyParquetFormat());   // then "parquet" works everywhere
 * }</pre>
 */
public final class DataFormats {
    /** The {@code --format} value that sniffs the format from the file. */
    public static final String AUTO = "auto";
    private static final Map<String, DataFormat> BY_NAME = new LinkedHashMap<>();
    private static final List<DataFormat> FORMATS = new ArrayList<>();

    static {
        // sniffing asks in this order: folders first, then binary magic, then text layouts; csv takes any file
        register(new FashionMnistFormat());
        register(new ImageFolderFormat());
        register(new IdxFormat());
        register(new JsonRecordsFormat());
        register(new SklearnCsvFormat());
        register(new CsvFormat());
    }

    private DataFormats() {
    }

    /**
     * Adds a format under its name and aliases. A format registered later is sniffed before
     * {@code csv} (which takes any file) but after the built-in ones.
     *
     * @throws IllegalArgumentException when a name or alias is taken
     */
    public static synchronized void register(DataFormat f) {
        List<String> names = new ArrayList<>(f.aliases());
        names.add(0, f.name());
        for (String n : names) {
            if (BY_NAME.containsKey(n) || n.equals(AUTO)) {
                throw new IllegalArgumentException("DataFormats.register: the name '" + n + "' is taken");
            }
        }
        names.forEach(n -> BY_NAME.put(n, f));
        int csv = FORMATS.indexOf(BY_NAME.get("csv"));
        if (csv >= 0 && f != BY_NAME.get("csv")) {
            FORMATS.add(csv, f);
        } else {
            FORMATS.add(f);
        }
    }

    /** Every format, in sniffing order. */
    public static synchronized List<DataFormat> all() {
        return List.copyOf(FORMATS);
    }

    /** The formats' names (no aliases), in sniffing order. */
    public static List<String> names() {
        return all().stream().map(DataFormat::name).toList();
    }

    /** Every name and alias a user may write. */
    public static synchronized List<String> accepted() {
        return List.copyOf(BY_NAME.keySet());
    }

    /** The names of the formats of one kind, for messages ({@code csv, sklearn-csv or json}). */
    public static String namesOf(DataFormat.Kind kind) {
        List<String> n = all().stream().filter(f -> f.kind() == kind).map(DataFormat::name).toList();
        return n.size() == 1 ? n.get(0) : String.join(", ", n.subList(0, n.size() - 1)) + " or " + n.get(n.size() - 1);
    }

    /** The format with this name or alias. @throws IllegalArgumentException listing the known names */
    public static synchronized DataFormat get(String name) {
        DataFormat f = BY_NAME.get(name);
        if (f == null) {
            throw new IllegalArgumentException("unknown data format '" + name + "' (known: "
                    + String.join(", ", BY_NAME.keySet()) + ")");
        }
        return f;
    }

    /** The first format, in sniffing order, that says the path looks like it. @throws DataFormatException for none */
    public static DataFormat sniff(Path path) {
        for (DataFormat f : all()) {
            if (f.sniff(path)) {
                return f;
            }
        }
        throw new DataFormatException(String.valueOf(path), -1, -1, null, "cannot tell the data format; give it "
                + "(one of " + String.join(", ", names()) + ")");
    }

    /** {@link #get} or, for {@value #AUTO} (or null), {@link #sniff}. */
    public static DataFormat resolve(Path path, String name) {
        return name == null || name.equals(AUTO) ? sniff(path) : get(name);
    }

    /**
     * Reads a file or folder in the named format ({@value #AUTO}: sniffed).
     *
     * @throws DataFormatException for a missing path and for anything off in the data
     */
    public static RawData read(Path path, String format, ReadOptions options) {
        if (!Files.exists(path)) {
            throw new DataFormatException(String.valueOf(path), -1, -1, null, "no such file or folder");
        }
        return resolve(path, format).read(path, options);
    }
}
