package dev.landfall.data.transform;

import dev.landfall.data.config.ConfigNode;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.landfall.tensor.Tensor;

/**
 * Scales each feature to {@code [min, max]} (default {@code [0, 1]}):
 * {@code x' = (x - dataMin) / (dataMax - dataMin) · (max - min) + min}; a constant feature maps to
 * {@code min}. Like scikit-learn's {@code MinMaxScaler}; values outside the fitted range are not clipped,
 * missing values (NaN) are left out of the range and stay NaN, and a column with no finite value is an
 * error.
 */
public final class MinMaxScaler extends ColumnScaler {
    static final String TYPE = "min_max_scaler";
    private final double min;
    private final double max;

    public MinMaxScaler() {
        this(0, 1);
    }

    public MinMaxScaler(double min, double max) {
        super("MinMaxScaler", "data_min", "data_max");
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

    /** Fits on a {@code [N, F]} tensor. */
    public MinMaxScaler fit(Tensor x) {
        fitMatrix(x);
        return this;
    }

    @Override
    double[][] fitState(Stats[] columns) {
        double[] lo = new double[columns.length];
        double[] hi = new double[columns.length];
        for (int j = 0; j < columns.length; j++) {
            lo[j] = columns[j].min();
            hi[j] = columns[j].max();
        }
        return new double[][] {lo, hi};
    }

    @Override
    void affine(double[] shift, double[] factor, double[] offset) {
        for (int j = 0; j < shift.length; j++) {
            double range = state[1][j] - state[0][j];
            shift[j] = state[0][j];
            factor[j] = range == 0 ? 0 : (max - min) / range;
            offset[j] = min;
        }
    }

    @Override
    void writeConfig(ObjectNode n) {
        n.put("min", min);
        n.put("max", max);
    }

    static MinMaxScaler fromJson(ConfigNode n) {
        MinMaxScaler s = new MinMaxScaler(n.required("min").asNumber(), n.required("max").asNumber());
        s.readState(n);
        return s;
    }
}
