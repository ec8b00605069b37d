package dev.landfall.data.io;

import dev.landfall.data.table.ColumnType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How to read a CSV/TSV file. Defaults: comma, a header line, missing markers {@code "", NA, NaN, ?},
 * types inferred from the first 1,000 rows, bad rows are errors.
 *
 * <pre>{@code
 * CsvOptions o = CsvOptions.defaults().withDelimiter('\t').withBadRows(BadRows.SKIP);
 * }</pre>
 *
 * @param delimiter the field separator
 * @param header whether the first line holds column names (else they are {@code names}, or column_1, column_2, …)
 * @param missing the field texts that mean "missing"
 * @param inferRows how many leading rows decide each column's type; a later row that contradicts it is a bad row
 * @param types declared types by column name, overriding inference
 * @param badRows what to do with a row of the wrong field count or a value of the wrong type
 * @param maxCategories a string column with at most this many distinct values (among the inference rows) is categorical, else text
 * @param names the column names of a file without a header line (empty: column_1, column_2, …)
 */
public record CsvOptions(char delimiter, boolean header, List<String> missing, int inferRows,
        Map<String, ColumnType> types, BadRows badRows, int maxCategories, List<String> names) {

    /** What to do with a malformed row. */
    public enum BadRows {
        /** Stop with an error naming the file, line and column. */
        ERROR,
        /** Skip it and count it (the reader reports how many and why). */
        SKIP
    }

    public CsvOptions {
        missing = List.copyOf(missing);
        types = Map.copyOf(types);
        names = List.copyOf(names);
        if (inferRows < 1) {
            throw new IllegalArgumentException("CsvOptions: inferRows must be positive. Received: " + inferRows);
        }
    }

    public static CsvOptions defaults() {
        return new CsvOptions(',', true, List.of("", "NA", "NaN", "?"), 1000, Map.of(), BadRows.ERROR, 50, List.of());
    }

    /** Tab-separated defaults. */
    public static CsvOptions tsv() {
        return defaults().withDelimiter('\t');
    }

    public CsvOptions withDelimiter(char d) {
        return new CsvOptions(d, header, missing, inferRows, types, badRows, maxCategories, names);
    }

    public CsvOptions withHeader(boolean h) {
        return new CsvOptions(delimiter, h, missing, inferRows, types, badRows, maxCategories, names);
    }

    public CsvOptions withMissing(String... markers) {
        return new CsvOptions(delimiter, header, List.of(markers), inferRows, types, badRows, maxCategories, names);
    }

    public CsvOptions withInferRows(int n) {
        return new CsvOptions(delimiter, header, missing, n, types, badRows, maxCategories, names);
    }

    public CsvOptions withType(String column, ColumnType type) {
        Map<String, ColumnType> t = new HashMap<>(types);
        t.put(column, type);
        return new CsvOptions(delimiter, header, missing, inferRows, t, badRows, maxCategories, names);
    }

    public CsvOptions withBadRows(BadRows b) {
        return new CsvOptions(delimiter, header, missing, inferRows, types, b, maxCategories, names);
    }

    public CsvOptions withMaxCategories(int n) {
        return new CsvOptions(delimiter, header, missing, inferRows, types, badRows, n, names);
    }

    /** A file without a header line whose columns have these names. */
    public CsvOptions withNames(List<String> n) {
        return new CsvOptions(delimiter, n.isEmpty() && header, missing, inferRows, types, badRows, maxCategories, n);
    }

    boolean isMissing(RawRow r, int i) {
        for (String m : missing) {
            if (r.equalsText(i, m)) {
                return true;
            }
        }
        return false;
    }
}
