package dev.landfall.data.io;

import dev.landfall.data.DataFormatException;
import dev.landfall.data.Dataset;
import dev.landfall.data.Datasets;
import dev.landfall.data.ValueKind;
import dev.landfall.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The layout scikit-learn ships its small datasets in ({@code sklearn/datasets/data/*.csv}): a first
 * line {@code count,features,name0,name1,…} (rows, feature count, class names), then rows of
 * {@code features} numbers and an integer class id.
 *
 * <pre>{@code
 * SklearnCsv.Data d = SklearnCsv.read(Path.of("breast_cancer.csv"));  // x [569, 30], y [569]
 * }</pre>
 */
public final class SklearnCsv {
    /** The most values one Java array may hold on common VMs. */
    private static final int MAX_VALUES = Integer.MAX_VALUE - 8;

    private SklearnCsv() {
    }

    /**
     * @param features FLOAT32 {@code [N, F]}
     * @param labels INT32 {@code [N]}, class ids in {@code [0, classNames.size())}
     * @param classNames the label names from the first line
     */
    public record Data(Tensor features, Tensor labels, List<String> classNames) {
        /** An in-memory dataset of (features, labels). */
        public Dataset toDataset() {
            return Datasets.fromTensors(features, labels);
        }
    }

    /** @throws DataFormatException naming file, line and column for anything off the layout */
    public static Data read(Path path) {
        try (CsvRows rows = new CsvRows(path, ',')) {
            String file = rows.fileName();
            if (!rows.hasNext()) {
                throw new DataFormatException(file, -1, -1, null, "the file is empty; expected a first line "
                        + "\"count,features,class names…\"");
            }
            RawRow h = rows.next();
            int n = headerInt(file, h, 0, "the row count");
            int f = headerInt(file, h, 1, "the feature count");
            List<String> classes = new ArrayList<>();
            for (int i = 2; i < h.count; i++) {
                classes.add(h.text(i));
            }
            if (n < 0 || f < 0) {
                throw new DataFormatException(file, h.line, n < 0 ? 1 : 2, null, "expected non-negative row and "
                        + "feature counts, found " + n + " rows of " + f + " features");
            }
            if ((long) n * f > MAX_VALUES) {
                throw new DataFormatException(file, h.line, -1, null, "the first line announces " + n + " rows of "
                        + f + " features, " + (long) n * f + " values: more than one array holds (" + MAX_VALUES + ")");
            }
            // grown as rows arrive, so a first line that overstates the counts cannot exhaust memory
            float[] x = new float[0];
            int[] y = new int[0];
            int row = 0;
            while (rows.hasNext()) {
                RawRow r = rows.next();
                if (row == n) {
                    throw new DataFormatException(file, r.line, -1, null, "the first line announces " + n
                            + " rows, but there are more");
                }
                if (r.count != f + 1) {
                    throw CsvFile.fieldCount(file, r, f + 1);
                }
                if (row == y.length) {
                    int cap = (int) Math.min(n, Math.max(16, 2L * y.length));
                    x = Arrays.copyOf(x, cap * f);
                    y = Arrays.copyOf(y, cap);
                }
                for (int j = 0; j < f; j++) {
                    x[row * f + j] = (float) number(file, r, j);
                }
                double label = number(file, r, f);
                if (label != Math.rint(label) || label < 0 || (!classes.isEmpty() && label >= classes.size())) {
                    throw new DataFormatException(file, r.line, f + 1, null, "expected a class id in [0, "
                            + (classes.isEmpty() ? "∞" : classes.size()) + "), found " + (label == Math.rint(label)
                            && label >= 0 ? "a larger one" : ValueKind.ofNumber(label)));
                }
                y[row++] = (int) label;
            }
            if (row != n) {
                throw new DataFormatException(file, -1, -1, null, "the first line announces " + n
                        + " rows, but the file has " + row);
            }
            return new Data(Tensor.wrap(x, n, f), Tensor.wrap(y, n), List.copyOf(classes));
        }
    }

    private static int headerInt(String file, RawRow h, int i, String what) {
        if (h.count < 2) {
            throw new DataFormatException(file, h.line, -1, null, "expected the scikit-learn first line "
                    + "\"count,features,class names…\", found " + h.count + " field(s)");
        }
        try {
            return Integer.parseInt(h.text(i).strip());
        } catch (NumberFormatException e) {
            throw new DataFormatException(file, h.line, i + 1, null, "expected " + what + " (an integer), found text "
                    + "that is not an integer");
        }
    }

    private static double number(String file, RawRow r, int j) {
        try {
            return r.number(j);
        } catch (NumberFormatException e) {
            throw new DataFormatException(file, r.line, j + 1, null, "expected a number, found " + ValueKind.NOT_A_NUMBER);
        }
    }
}
