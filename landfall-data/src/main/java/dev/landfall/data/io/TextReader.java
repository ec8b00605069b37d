package dev.landfall.data.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.landfall.data.DataFormatException;
import dev.landfall.data.ValueKind;
import dev.landfall.data.table.Column;
import dev.landfall.data.table.Table;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Labelled text from a folder per class ({@code root/pos/*.txt}), a CSV column, or a JSON array of
 * records. Records with an empty text or a missing label are skipped and reported in
 * {@link TextData#skipped()}, never loaded.
 *
 * <pre>{@code
 * TextData d = TextReader.fromJson(Path.of("amazon.json"), "text", "class");
 * }</pre>
 */
public final class TextReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TextReader() {
    }

    /** One text per {@code .txt} file; the class is the sorted index of its folder. */
    public static TextData fromFolders(Path root) {
        List<Path> classes = list(root).stream().filter(Files::isDirectory).sorted().toList();
        if (classes.isEmpty()) {
            throw new IllegalArgumentException(root + ": no class sub-folders; expected one folder per class");
        }
        List<String> texts = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (int c = 0; c < classes.size(); c++) {
            for (Path f : list(classes.get(c)).stream().filter(p -> p.toString().endsWith(".txt")).sorted().toList()) {
                try {
                    String t = Files.readString(f, StandardCharsets.UTF_8);
                    if (t.isBlank()) {
                        skipped.add(f + ": empty text");
                        continue;
                    }
                    texts.add(t);
                    labels.add(c);
                } catch (IOException e) {
                    throw new UncheckedIOException(f + ": " + e.getMessage(), e);
                }
            }
        }
        return new TextData(texts, labels.stream().mapToInt(Integer::intValue).toArray(),
                classes.stream().map(p -> p.getFileName().toString()).toList(), skipped);
    }

    /**
     * A JSON array of objects with a text field and an integer label field.
     *
     * @throws DataFormatException if the file is not a JSON array of objects or a label is not an integer
     */
    public static TextData fromJson(Path file, String textField, String labelField) {
        String name = String.valueOf(file.getFileName());
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // no cause: the parser's message quotes the text around the error, and the text is data
            long line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
            int column = e.getLocation() == null ? -1 : e.getLocation().getColumnNr();
            throw new DataFormatException(name, line, column, null, ValueKind.malformedJson(e));
        } catch (java.io.CharConversionException e) {
            throw new DataFormatException(name, -1, -1, null, "not valid text in any Unicode encoding");
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isArray()) {
            throw new DataFormatException(name, -1, -1, null, "expected a JSON array of records, found "
                    + ValueKind.of(root));
        }
        List<String> texts = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode r = root.get(i);
            if (!r.isObject()) {
                throw new DataFormatException(name, -1, -1, null, "record " + i + ": expected an object, found "
                        + ValueKind.of(r));
            }
            JsonNode t = r.get(textField);
            JsonNode l = r.get(labelField);
            if (t == null || t.isNull() || t.asText().isBlank() || l == null || l.isNull()) {
                skipped.add(name + " record " + i + ": no text or no label, skipped");
                continue;
            }
            if (!l.isNumber() || !l.canConvertToExactIntegral() || !l.canConvertToInt()) {
                throw new DataFormatException(name, -1, -1, labelField, "record " + i + ", field \"" + labelField
                        + "\": expected an integer label, found " + (!l.isNumber() ? ValueKind.of(l)
                        : l.canConvertToExactIntegral() ? "an integer outside the int range" : "a number with a fraction"));
            }
            texts.add(t.asText());
            labels.add(l.asInt());
        }
        return new TextData(texts, labels.stream().mapToInt(Integer::intValue).toArray(), List.of(), skipped);
    }

    /**
     * A text column and an integer label column of a CSV file. Errors and skip notes count data rows
     * from 1 (the header is not a data row).
     */
    public static TextData fromCsv(Path file, CsvOptions options, String textColumn, String labelColumn) {
        Table t = CsvFile.read(file, options.withType(textColumn, dev.landfall.data.table.ColumnType.TEXT)).table();
        Column text = t.column(textColumn);
        Column label = t.column(labelColumn);
        List<String> texts = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        String name = String.valueOf(file.getFileName());
        double[] numbers = label.isNumeric() ? label.numbers() : null;
        for (int i = 0; i < t.rowCount(); i++) {
            String s = text.text(i);
            if (s == null || s.isBlank() || label.isMissing(i)) {
                skipped.add(name + " data row " + (i + 1) + ": no text or no label, skipped");
                continue;
            }
            double v = numbers != null ? numbers[i] : Double.NaN;
            if (v != Math.rint(v)) {
                throw new DataFormatException(name, -1, -1, labelColumn, "data row " + (i + 1) + " (column \""
                        + labelColumn + "\"): expected an integer label, found " + (numbers == null
                        ? ValueKind.NOT_A_NUMBER : ValueKind.ofNumber(v)));
            }
            texts.add(s);
            labels.add((int) v);
        }
        return new TextData(texts, labels.stream().mapToInt(Integer::intValue).toArray(), List.of(), skipped);
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().startsWith(".")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot list the folder: " + e.getMessage(), e);
        }
    }
}
