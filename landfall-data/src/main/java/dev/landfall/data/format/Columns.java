package dev.landfall.data.format;

import dev.landfall.data.table.Column;
import dev.landfall.data.table.ColumnType;

import java.util.Arrays;

/** Column helpers the readers share. */
final class Columns {
    private Columns() {
    }

    /** {@code a} followed by {@code b}; a numeric and a string column join as strings of {@code b}'s or {@code a}'s type. */
    static Column concat(Column a, Column b) {
        if (a.isNumeric() && b.isNumeric()) {
            double[] x = a.numbers();
            double[] y = b.numbers();
            double[] out = Arrays.copyOf(x, x.length + y.length);
            System.arraycopy(y, 0, out, x.length, y.length);
            return Column.numeric(a.name(), out);
        }
        String[] out = new String[a.size() + b.size()];
        for (int i = 0; i < a.size(); i++) {
            out[i] = a.text(i);
        }
        for (int i = 0; i < b.size(); i++) {
            out[a.size() + i] = b.text(i);
        }
        ColumnType t = !a.isNumeric() ? a.type() : b.type();
        return Column.strings(a.name(), t, out);
    }
}
