package dev.landfall.data.table;

import dev.landfall.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Named, typed columns of equal length: what a CSV reader returns and what cleaning and
 * {@code Pipeline}s work on (a small, immutable data frame).
 */
public final class Table {
    private final Map<String, Column> columns;
    private final int rows;

    private Table(Map<String, Column> columns, int rows) {
        this.columns = columns;
        this.rows = rows;
    }

    /**
     * A table of these columns.
     *
     * @throws IllegalArgumentException on duplicate names or columns of different lengths
     */
    public static Table of(List<Column> cols) {
        Map<String, Column> map = new LinkedHashMap<>();
        int n = cols.isEmpty() ? 0 : cols.get(0).size();
        for (Column c : cols) {
            if (map.put(c.name(), c) != null) {
                throw new IllegalArgumentException("Table: duplicate column name \"" + c.name() + "\"");
            }
            if (c.size() != n) {
                throw new IllegalArgumentException("Table: column \"" + c.name() + "\" has " + c.size()
                        + " rows but column \"" + cols.get(0).name() + "\" has " + n);
            }
        }
        return new Table(Collections.unmodifiableMap(map), n);
    }

    public int rowCount() {
        return rows;
    }

    public List<String> names() {
        return List.copyOf(columns.keySet());
    }

    public List<Column> columns() {
        return List.copyOf(columns.values());
    }

    /** The schema: every column's name and type, in order. */
    public List<ColumnSpec> schema() {
        List<ColumnSpec> out = new ArrayList<>();
        columns.values().forEach(c -> out.add(c.spec()));
        return out;
    }

    /** @throws IllegalArgumentException naming the known columns when there is none */
    public Column column(String name) {
        Column c = columns.get(name);
        if (c == null) {
            throw new IllegalArgumentException("no column named \"" + name + "\"; the columns are " + columns.keySet());
        }
        return c;
    }

    public boolean has(String name) {
        return columns.containsKey(name);
    }

    /** The rows at these positions, in this order. */
    public Table selectRows(int[] rowIdx) {
        List<Column> out = new ArrayList<>();
        columns.values().forEach(c -> out.add(c.select(rowIdx)));
        return of(out);
    }

    /** Only these columns, in this order. */
    public Table selectColumns(List<String> names) {
        List<Column> out = new ArrayList<>();
        names.forEach(n -> out.add(column(n)));
        return of(out);
    }

    /** All columns but these. */
    public Table dropColumns(String... names) {
        List<String> keep = new ArrayList<>(columns.keySet());
        for (String n : names) {
            column(n);
            keep.remove(n);
        }
        return selectColumns(keep);
    }

    /** This table with one column replaced (same name) or appended. */
    public Table with(Column c) {
        Map<String, Column> map = new LinkedHashMap<>(columns);
        map.put(c.name(), c);
        return of(new ArrayList<>(map.values()));
    }

    /**
     * Numeric columns as a FLOAT32 matrix {@code [rows, names.size()]}.
     *
     * @throws IllegalStateException if a column is not numeric
     */
    public Tensor toTensor(List<String> names) {
        float[] out = new float[rows * names.size()];
        for (int j = 0; j < names.size(); j++) {
            double[] v = column(names.get(j)).numbersView();
            for (int i = 0; i < rows; i++) {
                out[i * names.size() + j] = (float) v[i];
            }
        }
        return Tensor.wrap(out, rows, names.size());
    }

    /** Package access for cleaning and transforms that read without copying. */
    static double[] numbersOf(Column c) {
        return c.numbersView();
    }

    /** A list of column names for a message: all of them when few, else the first and last ones. */
    public static String listNames(List<String> names) {
        if (names.size() <= 12) {
            return String.join(", ", names);
        }
        return String.join(", ", names.subList(0, 8)) + ", …, " + String.join(", ", names.subList(names.size() - 2,
                names.size())) + " (" + names.size() + " columns)";
    }

    @Override
    public String toString() {
        return "Table(" + rows + " rows, " + schema() + ")";
    }
}
