package dev.landfall.data.transform;

import dev.landfall.data.table.Column;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The categories of a column as the encoders see them: numbers sort numerically (scikit-learn's
 * {@code np.unique} order: 1, 2, 10, not "1.0", "10.0", "2.0") and whole numbers read without ".0";
 * strings sort as strings. Missing values are not a category.
 */
final class Categories {
    private Categories() {
    }

    /** The distinct non-missing values of {@code c}, sorted, as their keys. */
    static List<String> sorted(Column c) {
        if (c.isNumeric()) {
            TreeSet<Double> set = new TreeSet<>();
            double[] v = c.numbers();
            for (double x : v) {
                if (!Double.isNaN(x)) {
                    set.add(x == 0 ? 0.0 : x); // -0.0 and 0.0 are one class, as in NumPy
                }
            }
            List<String> out = new ArrayList<>(set.size());
            set.forEach(x -> out.add(format(x)));
            return List.copyOf(out);
        }
        TreeSet<String> set = new TreeSet<>();
        for (int i = 0; i < c.size(); i++) {
            if (!c.isMissing(i)) {
                set.add(c.text(i));
            }
        }
        return List.copyOf(set);
    }

    /** Every row's key (null when missing). */
    static String[] keys(Column c) {
        if (!c.isNumeric()) {
            return c.strings();
        }
        double[] v = c.numbers();
        String[] out = new String[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Double.isNaN(v[i]) ? null : format(v[i]);
        }
        return out;
    }

    /** A whole number without ".0" ({@code 2}, {@code -3}); anything else in Java's shortest form. */
    static String format(double x) {
        if (x == Math.rint(x) && Math.abs(x) < 1e15) {
            return Long.toString((long) x);
        }
        return Double.toString(x);
    }

    /** How errors name a row of a table or column: counted from 1 over the data rows (no header). */
    static String row(int i) {
        return "data row " + (i + 1);
    }
}
