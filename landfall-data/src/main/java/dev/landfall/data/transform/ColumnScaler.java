package dev.landfall.data.transform;

import dev.landfall.data.config.ConfigNode;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.landfall.data.table.Table;
import dev.landfall.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link StandardScaler} and {@link MinMaxScaler} share: per-column statistics that ignore NaN
 * (NumPy's {@code nanmean}/{@code nanvar}/{@code nanmin}/{@code nanmax}, as scikit-learn fits), a
 * per-column affine map {@code x' = (x - shift) · factor + offset} that keeps NaN, and the fitted
 * arrays saved under fixed JSON names.
 */
abstract class ColumnScaler implements Transform {
    /** Statistics of one column's non-NaN values. */
    record Stats(double mean, double variance, double min, double max) {
    }

    private final String name;
    private final List<String> stateKeys;
    /** The fitted arrays, one value per column each; null until fitted. */
    double[][] state;

    ColumnScaler(String name, String... stateKeys) {
        this.name = name;
        this.stateKeys = List.of(stateKeys);
    }

    /** The fitted arrays (in {@code stateKeys} order) from the statistics of each column. */
    abstract double[][] fitState(Stats[] columns);

    /** Fills {@code shift}, {@code factor} and {@code offset} for each column from the fitted state. */
    abstract void affine(double[] shift, double[] factor, double[] offset);

    /** Writes the configuration (not the fitted state) into {@code n}. */
    void writeConfig(ObjectNode n) {
    }

    @Override
    public boolean isFitted() {
        return state != null;
    }

    @Override
    public void fit(Table table, List<String> columns) {
        fit(Transforms.matrix(table, columns), columns.stream().map(c -> "column \"" + c + "\"").toList());
    }

    /** Fits on a {@code [N, F]} tensor. */
    void fitMatrix(Tensor x) {
        checkMatrix(x);
        List<String> names = new ArrayList<>();
        for (int j = 0; j < x.dim(1); j++) {
            names.add("column " + j);
        }
        fit(x.toDoubleArray(), names);
    }

    private void fit(double[] x, List<String> names) {
        int f = names.size();
        int n = f == 0 ? 0 : x.length / f;
        if (n == 0) {
            throw new IllegalArgumentException(name + ".fit: no rows to fit on");
        }
        Stats[] stats = new Stats[f];
        for (int j = 0; j < f; j++) {
            stats[j] = stats(x, n, f, j, names.get(j));
        }
        state = fitState(stats);
    }

    private Stats stats(double[] x, int n, int f, int j, String column) {
        int count = 0;
        int finite = 0;
        double sum = 0;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            double v = x[i * f + j];
            if (!Double.isNaN(v)) {
                count++;
                finite += Double.isFinite(v) ? 1 : 0;
                sum += v;
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (finite == 0) {
            throw new IllegalArgumentException(name + ".fit: " + column + " has no finite value ("
                    + (count == 0 ? "all " + n + " are missing" : "only infinities and missing values")
                    + "); fill it first (SimpleImputer) or leave the column out");
        }
        double mean = sum / count;
        double squares = 0;
        for (int i = 0; i < n; i++) {
            double v = x[i * f + j];
            if (!Double.isNaN(v)) {
                squares += (v - mean) * (v - mean);
            }
        }
        return new Stats(mean, squares / count, lo, hi);
    }

    @Override
    public Tensor transform(Table table, List<String> columns) {
        return transform(table.toTensor(columns));
    }

    /** Scales a FLOAT32 {@code [N, F]} tensor; NaN stays NaN. */
    public Tensor transform(Tensor x) {
        requireFitted();
        checkMatrix(x);
        int f = x.dim(1);
        int fitted = state[0].length;
        if (f != fitted) {
            throw new IllegalArgumentException(name + " was fitted on " + fitted + " features; the input has " + f
                    + " (shape " + x.shape() + ")");
        }
        double[] shift = new double[f];
        double[] factor = new double[f];
        double[] offset = new double[f];
        affine(shift, factor, offset);
        float[] v = x.toFloatArray();
        for (int i = 0; i < v.length; i += f) {
            for (int j = 0; j < f; j++) {
                v[i + j] = (float) ((v[i + j] - shift[j]) * factor[j] + offset[j]);
            }
        }
        return Tensor.wrap(v, x.dim(0), f);
    }

    @Override
    public int outputWidth(int inputColumns) {
        return inputColumns;
    }

    @Override
    public ObjectNode toJson() {
        ObjectNode n = Transforms.node(type());
        writeConfig(n);
        for (int k = 0; k < stateKeys.size(); k++) {
            n.set(stateKeys.get(k), Transforms.doubles(state == null ? null : state[k]));
        }
        return n;
    }

    /** Reads the fitted arrays {@link #toJson()} wrote (none when saved unfitted). */
    void readState(JsonNode n) {
        readState(ConfigNode.root("", n, IllegalArgumentException::new));
    }

    void readState(ConfigNode n) {
        double[][] s = new double[stateKeys.size()][];
        for (int k = 0; k < s.length; k++) {
            s[k] = n.get(stateKeys.get(k)).numbers();
            if (s[k] == null) {
                return;
            }
            if (k > 0 && s[k].length != s[0].length) {
                throw n.get(stateKeys.get(k)).error("expected " + s[0].length + " values (one per column, as "
                        + stateKeys.get(0) + "), got " + s[k].length);
            }
        }
        state = s;
    }

    @Override
    public void checkState(int columns) {
        requireFitted();
        if (state[0].length != columns) {
            throw new IllegalArgumentException(type() + " was fitted on " + state[0].length + " columns but reads "
                    + columns);
        }
    }

    static void checkMatrix(Tensor x) {
        if (x.rank() != 2) {
            throw new IllegalArgumentException("expected a [samples, features] matrix. Received: shape " + x.shape());
        }
    }
}
