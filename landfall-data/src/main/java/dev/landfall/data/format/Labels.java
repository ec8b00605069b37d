package dev.landfall.data.format;

import dev.landfall.data.DataFormatException;
import dev.landfall.data.ValueKind;
import dev.landfall.data.table.Column;
import dev.landfall.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Labels as the model sees them: class ids for classification, values for regression.
 *
 * @param values one per example: a class id (0, 1, …) or a regression target
 * @param classes the class names a class id indexes; empty for regression
 */
public record Labels(double[] values, List<String> classes) {
    public Labels {
        classes = List.copyOf(classes);
    }

    /**
     * The labels of a column: a numeric column holds class ids (0, 1, …), a text column holds class
     * names. With no known classes (training) they are learned: names sorted, ids up to the largest.
     * For regression the values pass through.
     *
     * @param where the file and column, for messages ({@code data.csv column 'y'})
     * @throws DataFormatException for a missing label, an id that is not a non-negative integer (or
     *     is outside the known classes), or an unknown class name
     */
    public static Labels encode(Column col, List<String> knownClasses, boolean classification, String where) {
        int n = col.size();
        for (int i = 0; i < n; i++) {
            if (col.isMissing(i)) {
                throw new DataFormatException(where, -1, -1, null, "row " + (i + 1) + " has no label; drop or fill "
                        + "such rows first");
            }
        }
        if (!classification) {
            if (!col.isNumeric()) {
                throw new DataFormatException(where, -1, -1, null, "a regression loss needs numeric labels, but the "
                        + "column is " + col.type().jsonName());
            }
            return new Labels(col.numbers(), List.of());
        }
        List<String> classes = new ArrayList<>(knownClasses);
        double[] out = new double[n];
        if (col.isNumeric()) {
            double[] v = col.numbers();
            // ids beyond the int range are refused, never narrowed (a wrapped id would be a silently wrong label)
            int limit = classes.isEmpty() ? Integer.MAX_VALUE - 1 : classes.size() - 1;
            int max = 0;
            int maxRow = 0;
            for (int i = 0; i < n; i++) {
                if (v[i] != Math.rint(v[i]) || v[i] < 0) {
                    throw new DataFormatException(where, -1, -1, null, "row " + (i + 1) + ": expected a class id "
                            + "(0, 1, …), found " + ValueKind.ofNumber(v[i]));
                }
                if (v[i] > limit) {
                    throw new DataFormatException(where, -1, -1, null, "row " + (i + 1) + ": " + (classes.isEmpty()
                            ? "the class id is too large (more than " + limit + ")"
                            : "expected a class id below " + classes.size() + " (the classes " + classes
                            + "), found a larger one"));
                }
                if (v[i] > max) {
                    max = (int) v[i];
                    maxRow = i;
                }
            }
            if (classes.isEmpty()) {
                if (max >= 1 << 20) {
                    throw new DataFormatException(where, -1, -1, null, "row " + (maxRow + 1) + ": a class id of "
                            + (1 << 20) + " or more would make that many classes; expected ids 0, 1, … up to the "
                            + "number of classes");
                }
                for (int k = 0; k <= max; k++) {
                    classes.add(String.valueOf(k));
                }
            }
            return new Labels(v, List.copyOf(classes));
        }
        if (classes.isEmpty()) {
            TreeSet<String> set = new TreeSet<>();
            for (int i = 0; i < n; i++) {
                set.add(col.text(i));
            }
            classes.addAll(set);
        }
        for (int i = 0; i < n; i++) {
            int k = classes.indexOf(col.text(i));
            if (k < 0) {
                // the declared classes may be listed, the row's own label may not (it is data)
                throw new DataFormatException(where, -1, -1, null, "row " + (i + 1) + ": the label is not one of "
                        + "the classes " + classes);
            }
            out[i] = k;
        }
        return new Labels(out, List.copyOf(classes));
    }

    public int size() {
        return values.length;
    }

    /** Class ids as INT32 {@code [N]}. */
    public Tensor classIds() {
        int[] y = new int[values.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = (int) values[i];
        }
        return Tensor.wrap(y, y.length);
    }

    /** The labels at these positions. */
    public Labels select(int[] positions) {
        double[] v = new double[positions.length];
        for (int i = 0; i < positions.length; i++) {
            v[i] = values[positions[i]];
        }
        return new Labels(v, classes);
    }
}
