package dev.landfall.data.io;

import dev.landfall.data.DataFormatException;
import dev.landfall.data.ValueKind;
import dev.landfall.data.io.CsvOptions.BadRows;
import dev.landfall.data.table.Column;
import dev.landfall.data.table.ColumnType;
import dev.landfall.data.table.Table;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads CSV/TSV files (plain or {@code .gz}) into a {@link Table}, or streams numeric ones as a
 * {@link CsvDataset}. Types are inferred from the first rows ({@link CsvOptions#inferRows()}): a column
 * is numeric when every non-missing value parses as a number, else categorical (few distinct values)
 * or text. Errors name file, line and column: {@code train.csv line 17: expected 31 fields, found 29}.
 *
 * <pre>{@code
 * CsvFile.Result r = CsvFile.read(Path.of("train.csv"), CsvOptions.defaults().withBadRows(BadRows.SKIP));
 * Table t = r.table();          // r.skipped() lists what was skipped and why
 * }</pre>
 */
public final class CsvFile {
    private CsvFile() {
    }

    /** A table and the rows skipped (empty unless {@link BadRows#SKIP}). */
    public record Result(Table table, List<DataFormatException> skipped) {
    }

    /**
     * Streams a numeric file: every column but {@code labelColumn} (null for none) must be numeric
     * among the first {@link CsvOptions#inferRows()} rows; a later non-number is a bad row.
     */
    public static CsvDataset stream(Path path, CsvOptions options, String labelColumn) {
        return new CsvDataset(path, options, labelColumn, 0, false);
    }

    /** Reads with the defaults. */
    public static Table read(Path path) {
        return read(path, CsvOptions.defaults()).table();
    }

    /**
     * Reads the whole file into memory.
     *
     * @throws DataFormatException for an empty file, an unclosed quote, or (unless skipping) a bad row
     */
    public static Result read(Path path, CsvOptions options) {
        return read(new CsvRows(path, options.delimiter()), options);
    }

    /**
     * Reads CSV text that is already open (a request body, a string); {@code name} names it in
     * messages. The reader is closed.
     */
    public static Result read(String name, java.io.Reader text, CsvOptions options) {
        return read(new CsvRows(name, text, options.delimiter()), options);
    }

    private static Result read(CsvRows source, CsvOptions options) {
        List<DataFormatException> skipped = new ArrayList<>();
        try (CsvRows rows = source) {
            String[] names = header(rows, options);
            List<String[]> data = new ArrayList<>();
            List<Long> lines = new ArrayList<>();
            while (rows.hasNext()) {
                RawRow r = rows.next();
                if (names == null) {
                    names = columnNames(rows.fileName(), r, options);
                }
                if (r.count != names.length) {
                    bad(skipped, options, fieldCount(rows.fileName(), r, names.length));
                    continue;
                }
                String[] f = new String[r.count];
                for (int i = 0; i < r.count; i++) {
                    f[i] = options.isMissing(r, i) ? null : r.text(i);
                }
                data.add(f);
                lines.add(r.line);
            }
            if (names == null) {
                names = new String[0];
            }
            ColumnType[] types = infer(names, data, options);
            List<Column> cols = new ArrayList<>();
            boolean[] drop = new boolean[data.size()];
            double[][] nums = new double[names.length][];
            for (int j = 0; j < names.length; j++) {
                if (types[j] == ColumnType.NUMERIC) {
                    nums[j] = new double[data.size()];
                    for (int i = 0; i < data.size(); i++) {
                        String s = data.get(i)[j];
                        try {
                            nums[j][i] = s == null ? Double.NaN : Numbers.parse(s);
                        } catch (NumberFormatException e) {
                            if (!drop[i]) {
                                bad(skipped, options, new DataFormatException(rows.fileName(), lines.get(i), j + 1,
                                        names[j], "expected a number, found " + ValueKind.NOT_A_NUMBER));
                            }
                            drop[i] = true;
                        }
                    }
                }
            }
            int[] keep = java.util.stream.IntStream.range(0, data.size()).filter(i -> !drop[i]).toArray();
            for (int j = 0; j < names.length; j++) {
                if (types[j] == ColumnType.NUMERIC) {
                    double[] v = new double[keep.length];
                    for (int k = 0; k < keep.length; k++) {
                        v[k] = nums[j][keep[k]];
                    }
                    cols.add(Column.numeric(names[j], v));
                } else {
                    String[] v = new String[keep.length];
                    for (int k = 0; k < keep.length; k++) {
                        v[k] = data.get(keep[k])[j];
                    }
                    cols.add(Column.strings(names[j], types[j], v));
                }
            }
            skipped.sort(java.util.Comparator.comparingLong(DataFormatException::line));
            return new Result(Table.of(cols), List.copyOf(skipped));
        }
    }

    static String[] header(CsvRows rows, CsvOptions options) {
        if (!rows.hasNext()) {
            throw new DataFormatException(rows.fileName(), -1, -1, null, "the file is empty; expected "
                    + (options.header() ? "a header line" : "at least one row"));
        }
        if (!options.header()) {
            // peek: names come from the first row's field count; the row itself stays for the caller
            return null;
        }
        RawRow h = rows.next();
        String[] names = new String[h.count];
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < h.count; i++) {
            names[i] = h.text(i).strip();
            if (names[i].isEmpty()) {
                names[i] = "column_" + (i + 1);
            }
            if (!seen.add(names[i])) {
                throw new DataFormatException(rows.fileName(), h.line, i + 1, null, "duplicate column name \""
                        + names[i] + "\"");
            }
        }
        return names;
    }

    /** The names of a header-less file: the given ones (as many as the first row's fields), else generated. */
    static String[] columnNames(String file, RawRow first, CsvOptions options) {
        if (options.names().isEmpty()) {
            return generatedNames(first.count);
        }
        if (options.names().size() != first.count) {
            throw new DataFormatException(file, first.line, -1, null, "expected " + options.names().size()
                    + " fields (the names given: " + String.join(", ", options.names()) + "), found " + first.count);
        }
        if (new HashSet<>(options.names()).size() != first.count) {
            throw new IllegalArgumentException("CsvOptions.names: duplicate column names in " + options.names());
        }
        return options.names().toArray(String[]::new);
    }

    static String[] generatedNames(int n) {
        String[] names = new String[n];
        for (int i = 0; i < n; i++) {
            names[i] = "column_" + (i + 1);
        }
        return names;
    }

    static DataFormatException fieldCount(String file, RawRow r, int expected) {
        return new DataFormatException(file, r.line, -1, null, "expected " + expected + " fields, found " + r.count);
    }

    static void bad(List<DataFormatException> skipped, CsvOptions o, DataFormatException e) {
        if (o.badRows() == BadRows.ERROR) {
            throw e;
        }
        skipped.add(e);
    }

    static ColumnType[] infer(String[] names, List<String[]> data, CsvOptions o) {
        ColumnType[] types = new ColumnType[names.length];
        int n = Math.min(o.inferRows(), data.size());
        for (int j = 0; j < names.length; j++) {
            ColumnType declared = o.types().get(names[j]);
            if (declared != null) {
                types[j] = declared;
                continue;
            }
            boolean numeric = true;
            Set<String> distinct = new HashSet<>();
            for (int i = 0; i < n; i++) {
                String s = data.get(i)[j];
                if (s == null) {
                    continue;
                }
                distinct.add(s);
                if (numeric) {
                    try {
                        Numbers.parse(s);
                    } catch (NumberFormatException e) {
                        numeric = false;
                    }
                }
            }
            types[j] = numeric ? ColumnType.NUMERIC
                    : distinct.size() <= o.maxCategories() ? ColumnType.CATEGORICAL : ColumnType.TEXT;
        }
        return types;
    }
}
