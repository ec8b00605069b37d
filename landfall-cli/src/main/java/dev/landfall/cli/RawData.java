package dev.landfall.cli;

import dev.landfall.data.table.Column;
import dev.landfall.data.table.Table;
import dev.landfall.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Examples as read from a file, before preprocessing: a table of raw feature columns (tabular data
 * and text) or a batch of channels-last images, with the label of each example.
 *
 * @param table the raw feature columns (the label column removed); null for images
 * @param images FLOAT32 {@code [N, H, W, C]}, pixel values as stored; null for tables
 * @param targets the label of each example (a class id for classification), or null when unlabelled
 * @param classes the class names a class id indexes; empty for regression
 */
record RawData(Table table, Tensor images, double[] targets, List<String> classes) {

    int size() {
        return table != null ? table.rowCount() : images.shape().dim(0);
    }

    /** The examples at these positions, in this order. */
    RawData select(int[] rows) {
        double[] t = null;
        if (targets != null) {
            t = new double[rows.length];
            for (int i = 0; i < rows.length; i++) {
                t[i] = targets[rows[i]];
            }
        }
        if (table != null) {
            return new RawData(table.selectRows(rows), null, t, classes);
        }
        return new RawData(null, images.gather(0, Tensor.wrap(rows.clone(), rows.length)), t, classes);
    }

    /** Class ids as INT32 {@code [N]}. */
    Tensor classIds() {
        int[] y = new int[targets.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = (int) targets[i];
        }
        return Tensor.wrap(y, y.length);
    }

    /**
     * The labels of a column as class ids: a numeric column holds ids (0, 1, …), a text column holds
     * class names. With no known classes (training), they are learned: names sorted, ids up to the
     * largest. For regression the values pass through.
     *
     * @param where the file and column, for messages
     * @throws CliException for a missing label, a non-integer id or an unknown class name
     */
    static Labels labels(Column col, List<String> knownClasses, boolean classification, String where) {
        int n = col.size();
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            if (col.isMissing(i)) {
                throw new CliException(where + ": row " + (i + 1) + " has no label; drop or fill such rows first");
            }
        }
        if (!classification) {
            if (!col.isNumeric()) {
                throw new CliException(where + ": a regression loss needs numeric labels, but the column is "
                        + col.type().jsonName());
            }
            return new Labels(col.numbers(), List.of());
        }
        List<String> classes = new ArrayList<>(knownClasses);
        if (col.isNumeric()) {
            double[] v = col.numbers();
            int max = 0;
            for (int i = 0; i < n; i++) {
                if (v[i] != Math.rint(v[i]) || v[i] < 0) {
                    throw new CliException(where + ": row " + (i + 1) + ": expected a class id (0, 1, …), found "
                            + col.text(i));
                }
                max = Math.max(max, (int) v[i]);
            }
            if (classes.isEmpty()) {
                for (int k = 0; k <= max; k++) {
                    classes.add(String.valueOf(k));
                }
            } else if (max >= classes.size()) {
                throw new CliException(where + ": class id " + max + " but only " + classes.size() + " classes "
                        + classes);
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
                throw new CliException(where + ": row " + (i + 1) + ": label '" + col.text(i) + "' is not one of the "
                        + "classes " + classes);
            }
            out[i] = k;
        }
        return new Labels(out, List.copyOf(classes));
    }

    /** Label values and the class names they index. */
    record Labels(double[] values, List<String> classes) {
    }

    /** A list of names for a message: all of them when few, else the first and last ones. */
    static String names(List<String> names) {
        if (names.size() <= 12) {
            return String.join(", ", names);
        }
        return String.join(", ", names.subList(0, 8)) + ", …, " + String.join(", ", names.subList(names.size() - 2,
                names.size())) + " (" + names.size() + " columns)";
    }
}
