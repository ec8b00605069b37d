package dev.landfall.data.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.landfall.data.table.Table;
import dev.landfall.tensor.Tensor;
import java.util.List;

/**
 * Standardizes each feature: {@code x' = (x - mean) / scale}, with the population standard deviation
 * as scale (1 for a constant feature), like scikit-learn's {@code StandardScaler}. Works on table
 * columns or on a FLOAT32 tensor {@code [N, F]}.
 */
public final class StandardScaler implements Transform {
    static final String TYPE = "standard_scaler";
    private double[] mean;
    private double[] scale;

    public StandardScaler() {
    }

    /** A scaler with known statistics (e.g. precomputed over a file too large to fit twice). */
    public static StandardScaler of(double[] mean, double[] scale) {
        if (mean.length != scale.length) {
            throw new IllegalArgumentException("StandardScaler.of: " + mean.length + " means but " + scale.length
                    + " scales");
        }
        StandardScaler s = new StandardScaler();
        s.mean = mean.clone();
        s.scale = scale.clone();
        return s;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public boolean isFitted() {
        return mean != null;
    }

    public double[] mean() {
        requireFitted();
        return mean.clone();
    }

    public double[] scale() {
        requireFitted();
        return scale.clone();
    }

    @Override
    public void fit(Table table, List<String> columns) {
        fit(Transforms.matrix(table, columns), columns.size());
    }

    /** Fits on a {@code [N, F]} tensor. */
    public StandardScaler fit(Tensor x) {
        checkMatrix(x);
        fit(x.toDoubleArray(), x.dim(1));
        return this;
    }

    private void fit(double[] x, int f) {
        int n = x.length / f;
        if (n == 0) {
            throw new IllegalArgumentException("StandardScaler.fit: no rows to fit on");
        }
        double[] m = new double[f];
        double[] s = new double[f];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < f; j++) {
                m[j] += x[i * f + j];
            }
        }
        for (int j = 0; j < f; j++) {
            m[j] /= n;
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < f; j++) {
                double d = x[i * f + j] - m[j];
                s[j] += d * d;
            }
        }
        for (int j = 0; j < f; j++) {
            double sd = Math.sqrt(s[j] / n);
            s[j] = sd == 0 || !Double.isFinite(sd) ? 1.0 : sd;
        }
        mean = m;
        scale = s;
    }

    @Override
    public Tensor transform(Table table, List<String> columns) {
        return transform(table.toTensor(columns));
    }

    /** Standardizes a FLOAT32 {@code [N, F]} tensor. */
    public Tensor transform(Tensor x) {
        requireFitted();
        checkMatrix(x);
        int f = x.dim(1);
        if (f != mean.length) {
            throw new IllegalArgumentException("StandardScaler was fitted on " + mean.length + " features; the input has "
                    + f + " (shape " + x.shape() + ")");
        }
        float[] v = x.toFloatArray();
        float[] m = new float[f];
        float[] inv = new float[f];
        for (int j = 0; j < f; j++) {
            m[j] = (float) mean[j];
            inv[j] = (float) (1.0 / scale[j]);
        }
        for (int i = 0; i < v.length; i += f) {
            for (int j = 0; j < f; j++) {
                v[i + j] = (v[i + j] - m[j]) * inv[j];
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
        ObjectNode n = Transforms.node(TYPE);
        n.set("mean", Transforms.doubles(mean));
        n.set("scale", Transforms.doubles(scale));
        return n;
    }

    static StandardScaler fromJson(JsonNode n) {
        StandardScaler s = new StandardScaler();
        s.mean = Transforms.doubles(n.get("mean"));
        s.scale = Transforms.doubles(n.get("scale"));
        return s;
    }

    static void checkMatrix(Tensor x) {
        if (x.rank() != 2) {
            throw new IllegalArgumentException("expected a [samples, features] matrix. Received: shape " + x.shape());
        }
    }
}
