package dev.landfall.nn.metrics;

import dev.landfall.nn.Metric;
import dev.landfall.tensor.DType;
import dev.landfall.tensor.Tensor;

/**
 * Regression metrics that are not a plain mean of per-example values: Keras's
 * {@code RootMeanSquaredError} (√ of the weighted mean squared error over all batches, not a mean of
 * per-batch roots) and {@code R2Score} (1 − SS_res / SS_tot per output column, then the uniform average
 * over columns; a column with constant targets scores 0, as Keras does).
 */
public final class Regression extends Metric {
    /** Which value. */
    public enum Kind { RMSE, R2 }

    private final Kind kind;
    private double[] weight;
    private double[] sum;
    private double[] sumSquares;
    private double[] residual;

    public Regression(Kind kind) {
        super(kind == Kind.RMSE ? "root_mean_squared_error" : "r2_score");
        this.kind = kind;
    }

    @Override
    public void update(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        double[] p = yPred.to(DType.FLOAT64).toDoubleArray();
        double[] y = yTrue.to(DType.FLOAT64).toDoubleArray();
        if (y.length != p.length) {
            throw new IllegalArgumentException(name() + ": the target shape " + yTrue.shape()
                    + " does not match the prediction shape " + yPred.shape());
        }
        int rows = yPred.rank() == 0 ? 1 : yPred.dim(0);
        int cols = rows == 0 ? 1 : p.length / rows;
        if (sum == null) {
            weight = new double[cols];
            sum = new double[cols];
            sumSquares = new double[cols];
            residual = new double[cols];
        } else if (cols != sum.length) {
            throw new IllegalArgumentException(name() + ": a batch with " + cols + " values per example after "
                    + sum.length);
        }
        // per example ([batch]) or per value ([batch, cols]): one weight per value
        double[] w = sampleWeight == null ? null : SampleWeights.broadcast(sampleWeight, yPred.shape()).toDoubleArray();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double wr = w == null ? 1 : w[r * cols + c];
                double t = y[r * cols + c];
                double e = t - p[r * cols + c];
                weight[c] += wr;
                sum[c] += wr * t;
                sumSquares[c] += wr * t * t;
                residual[c] += wr * e * e;
            }
        }
    }

    @Override
    public double result() {
        if (sum == null) {
            return 0;
        }
        int cols = sum.length;
        if (kind == Kind.RMSE) {
            double res = 0;
            double n = 0;
            for (int c = 0; c < cols; c++) {
                res += residual[c];
                n += weight[c];
            }
            return n == 0 ? 0 : Math.sqrt(res / n);
        }
        double r2 = 0;
        for (int c = 0; c < cols; c++) {
            double mean = weight[c] == 0 ? 0 : sum[c] / weight[c];
            double total = sumSquares[c] - weight[c] * mean * mean;
            r2 += total <= 0 ? 0 : 1 - residual[c] / total;
        }
        return r2 / cols;
    }

    @Override
    public void reset() {
        weight = null;
        sum = null;
        sumSquares = null;
        residual = null;
    }

    @Override
    public Metric copy() {
        return new Regression(kind);
    }
}
