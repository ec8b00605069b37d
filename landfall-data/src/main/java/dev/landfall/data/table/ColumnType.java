package dev.landfall.data.table;

/** What a column holds, as inferred from its values or declared. */
public enum ColumnType {
    /** Numbers (missing values are NaN). */
    NUMERIC,
    /** A small set of labels (strings; missing values are null). */
    CATEGORICAL,
    /** Free text (strings; missing values are null). */
    TEXT;

    /** Lower-case name, as written in JSON and serving signatures. */
    public String jsonName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The type for a {@link #jsonName()}. */
    public static ColumnType fromJson(String s) {
        return valueOf(s.toUpperCase(java.util.Locale.ROOT));
    }
}
