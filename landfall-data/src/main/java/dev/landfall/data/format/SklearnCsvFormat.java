package dev.landfall.data.format;

import dev.landfall.data.io.SklearnCsv;
import dev.landfall.data.table.Column;
import dev.landfall.data.table.Table;
import dev.landfall.tensor.Tensor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code sklearn-csv}: the layout scikit-learn ships its small datasets in (a first line
 * {@code rows,features,class names…}); the features are named {@code feature_0} … and the label
 * {@code target}.
 */
final class SklearnCsvFormat implements DataFormat {
    @Override
    public String name() {
        return "sklearn-csv";
    }

    @Override
    public Kind kind() {
        return Kind.TABLE;
    }

    @Override
    public String description() {
        return "scikit-learn's CSV layout: a first line 'rows,features,class names…' (features feature_0…, label target)";
    }

    /** A first line {@code rows,features,…} with both counts positive, and a second line of features + 1 fields. */
    @Override
    public boolean sniff(Path path) {
        String[] lines = Sniff.firstLines(path, 2);
        if (lines.length < 2) {
            return false;
        }
        String[] f = lines[0].split(",");
        if (f.length < 2 || !f[0].strip().matches("[1-9]\\d{0,9}") || !f[1].strip().matches("[1-9]\\d{0,9}")) {
            return false;
        }
        return lines[1].split(",", -1).length == Long.parseLong(f[1].strip()) + 1;
    }

    @Override
    public RawData read(Path path, ReadOptions o) {
        SklearnCsv.Data s = SklearnCsv.read(path);
        Table t = table(s.features(), s.labels());
        String file = String.valueOf(path.getFileName());
        boolean labelled = o.label() != null && t.has(o.label());
        return TableLabels.split(t, o, s.classNames(), file, file + " (sklearn-csv): " + t.rowCount() + " rows, "
                + (t.names().size() - (labelled ? 1 : 0)) + " features" + (labelled ? ", label '" + o.label() + "'" : ""));
    }

    /** Columns feature_0 … and target. */
    private static Table table(Tensor x, Tensor y) {
        int n = x.shape().dim(0);
        int f = x.shape().dim(1);
        float[] v = x.toFloatArray();
        List<Column> cols = new ArrayList<>();
        for (int j = 0; j < f; j++) {
            double[] c = new double[n];
            for (int i = 0; i < n; i++) {
                c[i] = v[i * f + j];
            }
            cols.add(Column.numeric("feature_" + j, c));
        }
        cols.add(Column.numeric("target", RawData.toDoubles(y.toIntArray())));
        return Table.of(cols);
    }
}
