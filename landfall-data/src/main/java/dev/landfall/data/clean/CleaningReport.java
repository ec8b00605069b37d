package dev.landfall.data.clean;

import java.util.List;

/**
 * What {@link Cleaner} did: rows in and out, and per column the missing values found, how many were
 * imputed and with what, and how many were clipped to which bounds.
 */
public record CleaningReport(int rowsIn, int rowsOut, int droppedMissing, int droppedDuplicates,
        List<ColumnReport> columns) {

    public CleaningReport {
        columns = List.copyOf(columns);
    }

    /** One column's summary; {@code fill} is null when nothing was imputed, bounds are NaN when not clipped. */
    public record ColumnReport(String name, int missing, int imputed, String fill, int clipped, double low,
            double high) {
        static final class Builder {
            final String name;
            int missing;
            int imputed;
            String fill;
            int clipped;
            double low = Double.NaN;
            double high = Double.NaN;

            Builder(String name) {
                this.name = name;
            }

            ColumnReport build() {
                return new ColumnReport(name, missing, imputed, fill, clipped, low, high);
            }
        }
    }

    /** The report of one column. */
    public ColumnReport column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no column named \"" + name + "\" in the report"));
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("rows: %d in, %d out (%d dropped with missing values, %d duplicates)%n", rowsIn, rowsOut,
                droppedMissing, droppedDuplicates));
        sb.append(String.format("%-24s %8s %8s %-14s %8s %s%n", "column", "missing", "imputed", "fill", "clipped",
                "bounds"));
        for (ColumnReport c : columns) {
            sb.append(String.format("%-24s %8d %8d %-14s %8d %s%n", c.name(), c.missing(), c.imputed(),
                    c.fill() == null ? "-" : c.fill(), c.clipped(),
                    Double.isNaN(c.low()) ? "-" : "[" + c.low() + ", " + c.high() + "]"));
        }
        return sb.toString();
    }
}
