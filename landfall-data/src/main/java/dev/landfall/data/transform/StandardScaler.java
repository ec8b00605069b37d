package dev.landfall.data.transform;

import dev.landfall.data.config.ConfigNode;
import com.fasterxml.jackson.databind.JsonNode;
import dev.landfall.tensor.Tensor;

/**
 * Standardizes each feature: {@code x' = (x - mean) / scale}, with the population standard deviation
 * as scale (1 for a constant feature), like scikit-learn's {@code StandardScaler}. Works on table
 * columns or on a FLOAT32 tensor {@code [N, F]}. Missing values (NaN) are left out of the mean and
 * deviation and stay NaN in the output; a column with no finite value is an error.
 */
public final class StandardScaler extends ColumnScaler {
    static final String TYPE = "standard_scaler";

    public StandardScaler() {
        super("StandardScaler", "mean", "scale");
    }

    /** A scaler with known statistics (e.g. precomputed over a file too large to fit twice). */
    public static StandardScaler of(double[] mean, double[] scale) {
        if (mean.length != scale.length) {
            throw new IllegalArgumentException("StandardScaler.of: " + mean.length + " means but " + scale.length
                    + " scales");
        }
        StandardScaler s = new StandardScaler();
        s.state = new double[][] {mean.clone(), scale.clone()};
        return s;
    }

    @Override
    public String type() {
        return TYPE;
    }

    public double[] mean() {
        requireFitted();
        return state[0].clone();
    }

    public double[] scale() {
        requireFitted();
        return state[1].clone();
    }

    /** Fits on a {@code [N, F]} tensor. */
    public StandardScaler fit(Tensor x) {
        fitMatrix(x);
        return this;
    }

    @Override
    double[][] fitState(Stats[] columns) {
        double[] mean = new double[columns.length];
        double[] scale = new double[columns.length];
        for (int j = 0; j < columns.length; j++) {
            mean[j] = columns[j].mean();
            double sd = Math.sqrt(columns[j].variance());
            scale[j] = sd == 0 || !Double.isFinite(sd) ? 1.0 : sd;
        }
        return new double[][] {mean, scale};
    }

    @Override
    void affine(double[] shift, double[] factor, double[] offset) {
        for (int j = 0; j < shift.length; j++) {
            shift[j] = state[0][j];
            factor[j] = 1.0 / state[1][j];
        }
    }

    static StandardScaler fromJson(ConfigNode n) {
        StandardScaler s = new StandardScaler();
        s.readState(n);
        return s;
    }
}
