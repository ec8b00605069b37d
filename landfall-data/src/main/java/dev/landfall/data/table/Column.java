package dev.landfall.data.table;

import java.util.Arrays;
import java.util.Objects;

/**
 * One named column of a {@link Table}: numbers (NaN = missing) for {@link ColumnType#NUMERIC}, strings
 * (null = missing) otherwise. Immutable: accessors copy.
 */
public final class Column {
    private final String name;
    private final ColumnType type;
    private final double[] numbers;
    private final String[] strings;

    private Column(String name, ColumnType type, double[] numbers, String[] strings) {
        this.name = Objects.requireNonNull(name, "column name");
        this.type = type;
        this.numbers = numbers;
        this.strings = strings;
    }

    /** A numeric column (the array is copied). */
    public static Column numeric(String name, double... values) {
        return new Column(name, ColumnType.NUMERIC, values.clone(), null);
    }

    /** A categorical or text column (the array is copied). */
    public static Column strings(String name, ColumnType type, String... values) {
        if (type == ColumnType.NUMERIC) {
            throw new IllegalArgumentException("Column.strings: use Column.numeric for numeric column \"" + name + "\"");
        }
        return new Column(name, type, null, values.clone());
    }

    public String name() {
        return name;
    }

    public ColumnType type() {
        return type;
    }

    public ColumnSpec spec() {
        return new ColumnSpec(name, type);
    }

    public int size() {
        return numbers != null ? numbers.length : strings.length;
    }

    public boolean isNumeric() {
        return type == ColumnType.NUMERIC;
    }

    /** The numbers (a copy). @throws IllegalStateException for a string column */
    public double[] numbers() {
        return numbersView().clone();
    }

    /** The strings (a copy). @throws IllegalStateException for a numeric column */
    public String[] strings() {
        return stringsView().clone();
    }

    double[] numbersView() {
        if (numbers == null) {
            throw new IllegalStateException("column \"" + name + "\" is " + type.jsonName() + ", not numeric");
        }
        return numbers;
    }

    String[] stringsView() {
        if (strings == null) {
            throw new IllegalStateException("column \"" + name + "\" is numeric; expected a categorical or text column");
        }
        return strings;
    }

    /** Whether row {@code i} is missing. */
    public boolean isMissing(int i) {
        return numbers != null ? Double.isNaN(numbers[i]) : strings[i] == null;
    }

    /** Row {@code i} as a string (numbers in Java's shortest form; null when missing). */
    public String text(int i) {
        if (numbers != null) {
            return Double.isNaN(numbers[i]) ? null : Double.toString(numbers[i]);
        }
        return strings[i];
    }

    /** The rows at {@code rows}, in that order. */
    public Column select(int[] rows) {
        if (numbers != null) {
            double[] out = new double[rows.length];
            for (int i = 0; i < rows.length; i++) {
                out[i] = numbers[rows[i]];
            }
            return new Column(name, type, out, null);
        }
        String[] out = new String[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = strings[rows[i]];
        }
        return new Column(name, type, null, out);
    }

    @Override
    public String toString() {
        return "Column(" + name + ", " + type.jsonName() + ", " + size() + " rows"
                + (size() <= 5 ? ": " + (numbers != null ? Arrays.toString(numbers) : Arrays.toString(strings)) : "")
                + ")";
    }
}
