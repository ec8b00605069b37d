package dev.landfall.data.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.landfall.data.table.Table;
import dev.landfall.tensor.Tensor;
import java.util.List;

/**
 * Scales each feature to {@code [min, max]} (default {@code [0, 1]}):
 * {@code x' = (x - dataMin) / (dataMax - dataMin) · (max - min) + min}; a constant feature maps to
 * {@code min}. Like scikit-learn's {@code MinMaxScaler}; values outside the fitted range are not clipped.
 */
public final class MinMaxScaler implements Transform {
    static final String TYPE = "min_max_scaler";
    private final double min;
    private final double max;
    private double[] dataMin;
    private double[] dataMax;

    public MinMaxScaler() {
        this(0, 1);
    }

    public MinMaxScaler(double min, double max) {
        if (!(min < max)) {
            throw new IllegalArgumentException("MinMaxScaler: expected min < max. Received: min=" + min + ", max=" + max);
        }
        this.min = min;
        this.max = max;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public boolean isFitted() {
        return dataMin != null;
    }

    @Override
    public void fit(Table table, List<String> columns) {
        fit(Transforms.matrix(table, columns), columns.size());
    }

    /** Fits on a {@code [N, F]} tensor. */
    public MinMaxScaler fit(Tensor x) {
        StandardScaler.checkMatrix(x);
        fit(x.toDoubleArray(), x.dim(1));
        return this;
    }

    private void fit(double[] x, int f) {
        if (x.length == 0) {
            throw new IllegalArgumentException("MinMaxScaler.fit: no rows to fit on");
        }
        double[] lo = new double[f];
        double[] hi = new double[f];
        java.util.Arrays.fill(lo, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(hi, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < x.length; i++) {
            lo[i % f] = Math.min(lo[i % f], x[i]);
            hi[i % f] = Math.max(hi[i % f], x[i]);
        }
        dataMin = lo;
        dataMax = hi;
    }

    @Override
    public Tensor transform(Table table, List<String> columns) {
        return transform(table.toTensor(columns));
    }

    public Tensor transform(Tensor x) {
        requireFitted();
        StandardScaler.checkMatrix(x);
        int f = x.dim(1);
        if (f != dataMin.length) {
            throw new IllegalArgumentException("MinMaxScaler was fitted on " + dataMin.length + " features; the input has "
                    + f);
        }
        float[] v = x.toFloatArray();
        for (int i = 0; i < v.length; i++) {
            int j = i % f;
            double range = dataMax[j] - dataMin[j];
            double unit = range == 0 ? 0 : (v[i] - dataMin[j]) / range;
            v[i] = (float) (unit * (max - min) + min);
        }
        return Tensor.wrap(v, x.dim(0), f);
    }

    @Override
    public int outputWidth(int inputColumns) {
        return inputColumns;
    }

    @Override
    public ObjectNode toJson() {
        ObjectNode n = Transforms.node(TYPE);
        n.put("min", min);
        n.put("max", max);
        n.set("data_min", Transforms.doubles(dataMin));
        n.set("data_max", Transforms.doubles(dataMax));
        return n;
    }

    static MinMaxScaler fromJson(JsonNode n) {
        MinMaxScaler s = new MinMaxScaler(n.get("min").asDouble(), n.get("max").asDouble());
        s.dataMin = Transforms.doubles(n.get("data_min"));
        s.dataMax = Transforms.doubles(n.get("data_max"));
        return s;
    }
}
