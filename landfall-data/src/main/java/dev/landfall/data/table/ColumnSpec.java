package dev.landfall.data.table;

/** A column's name and type: one entry of a raw input schema. */
public record ColumnSpec(String name, ColumnType type) {
}
