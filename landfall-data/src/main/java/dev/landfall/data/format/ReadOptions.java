package dev.landfall.data.format;

import dev.landfall.data.io.ImageFolder;
import dev.landfall.data.table.ColumnType;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@link DataFormat} needs to know besides the file. Each format reads the options that apply
 * to it and ignores the rest.
 *
 * <pre>{@code
 * ReadOptions o = ReadOptions.defaults().label("target").header(false).names(List.of("a", "b", "target"));
 * RawData d = DataFormats.read(Path.of("rows.csv.gz"), "csv", o);
 * }</pre>
 *
 * @param label the label column or field; null when labels are not wanted. A file without it reads
 *     with no labels ({@link RawData#hasLabels()}), and the caller says what it needed them for
 * @param requireLabel whether labels are needed (training, evaluation): records of a JSON file without
 *     a label are then skipped and reported, rather than read for prediction
 * @param types declared types by column name, overriding inference
 * @param fields JSON records: the fields to read as features (empty: every field but the label)
 * @param delimiter CSV: the field separator
 * @param header CSV: whether the first line holds the column names
 * @param names CSV without a header: the column names (empty: {@code column_1}, {@code column_2}, …)
 * @param labelsFile IDX: the file of labels beside the images, or null
 * @param imageSize image folders: {@code [height, width]} to resize to, or null
 * @param colorMode image folders: grayscale or RGB
 */
public record ReadOptions(String label, boolean requireLabel, Map<String, ColumnType> types, List<String> fields,
                          char delimiter, boolean header, List<String> names, Path labelsFile, int[] imageSize,
                          ImageFolder.ColorMode colorMode) {
    public ReadOptions {
        types = Map.copyOf(types);
        fields = List.copyOf(fields);
        names = List.copyOf(names);
    }

    /** No label, comma-separated with a header, RGB images. */
    public static ReadOptions defaults() {
        return new ReadOptions(null, false, Map.of(), List.of(), ',', true, List.of(), null, null,
                ImageFolder.ColorMode.RGB);
    }

    /** Reads this label column for training or evaluation (JSON records without a label are skipped). */
    public ReadOptions label(String column) {
        return new ReadOptions(column, column != null, types, fields, delimiter, header, names, labelsFile, imageSize,
                colorMode);
    }

    /** Reads this label column when present (prediction on data that may or may not have labels). */
    public ReadOptions optionalLabel(String column) {
        return new ReadOptions(column, false, types, fields, delimiter, header, names, labelsFile, imageSize, colorMode);
    }

    public ReadOptions type(String column, ColumnType type) {
        Map<String, ColumnType> t = new LinkedHashMap<>(types);
        t.put(column, type);
        return new ReadOptions(label, requireLabel, t, fields, delimiter, header, names, labelsFile, imageSize, colorMode);
    }

    public ReadOptions fields(List<String> f) {
        return new ReadOptions(label, requireLabel, types, f, delimiter, header, names, labelsFile, imageSize, colorMode);
    }

    public ReadOptions delimiter(char d) {
        return new ReadOptions(label, requireLabel, types, fields, d, header, names, labelsFile, imageSize, colorMode);
    }

    public ReadOptions header(boolean h) {
        return new ReadOptions(label, requireLabel, types, fields, delimiter, h, names, labelsFile, imageSize, colorMode);
    }

    public ReadOptions names(List<String> n) {
        return new ReadOptions(label, requireLabel, types, fields, delimiter, header, n, labelsFile, imageSize, colorMode);
    }

    public ReadOptions labelsFile(Path p) {
        return new ReadOptions(label, requireLabel, types, fields, delimiter, header, names, p, imageSize, colorMode);
    }

    public ReadOptions imageSize(int height, int width) {
        return new ReadOptions(label, requireLabel, types, fields, delimiter, header, names, labelsFile,
                new int[] {height, width}, colorMode);
    }

    public ReadOptions colorMode(ImageFolder.ColorMode m) {
        return new ReadOptions(label, requireLabel, types, fields, delimiter, header, names, labelsFile, imageSize, m);
    }
}
