package dev.landfall.nn.metrics;

import dev.landfall.nn.Metric;
import dev.landfall.tensor.DType;
import dev.landfall.tensor.Tensor;

/**
 * Area under the ROC or precision-recall curve, Keras's way: confusion counts at
 * {@code numThresholds} thresholds spread evenly over [0, 1] (plus −ε and 1+ε at the ends),
 * accumulated over batches; ROC by the trapezoidal rule over (false-positive rate, true-positive
 * rate), PR by Keras's {@code summation_method='interpolation'} (Davis and Goadrich 2006: precision
 * interpolated along the true-positive count between thresholds). Multi-class scores are flattened,
 * every (example, class) one binary decision (Keras's {@code multi_label=False}).
 */
public final class AUC extends Metric {
    /** Which curve. */
    public enum Curve { ROC, PR }

    private static final double EPS = 1e-7;
    private final Curve curve;
    private final double[] thresholds;
    private final double[] tp;
    private final double[] fp;
    private final double[] tn;
    private final double[] fn;

    public AUC(int numThresholds) {
        this(numThresholds, Curve.ROC);
    }

    /** Named {@code auc} for ROC and {@code pr_auc} for PR. */
    public AUC(int numThresholds, Curve curve) {
        super(curve == Curve.ROC ? "auc" : "pr_auc");
        this.curve = curve;
        if (numThresholds < 2) {
            throw new IllegalArgumentException("Received an invalid value for num_thresholds, expected an integer > 1. "
                    + "Received: num_thresholds=" + numThresholds);
        }
        thresholds = new double[numThresholds];
        for (int i = 1; i < numThresholds - 1; i++) {
            thresholds[i] = (double) i / (numThresholds - 1);
        }
        thresholds[0] = -EPS;
        thresholds[numThresholds - 1] = 1 + EPS;
        tp = new double[numThresholds];
        fp = new double[numThresholds];
        tn = new double[numThresholds];
        fn = new double[numThresholds];
    }

    @Override
    public void update(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        double[] y = yTrue.to(DType.FLOAT64).toDoubleArray();
        double[] p = yPred.to(DType.FLOAT64).toDoubleArray();
        if (y.length != p.length) {
            throw new IllegalArgumentException("auc: the target shape " + yTrue.shape() + " does not match the "
                    + "prediction shape " + yPred.shape());
        }
        double[] w = sampleWeight == null ? null : SampleWeights.broadcast(sampleWeight, yPred.shape()).toDoubleArray();
        for (int i = 0; i < p.length; i++) {
            double weight = w == null ? 1 : w[i];
            boolean positive = y[i] > 0.5;
            for (int t = 0; t < thresholds.length; t++) {
                boolean predicted = p[i] > thresholds[t];
                if (predicted && positive) {
                    tp[t] += weight;
                } else if (predicted) {
                    fp[t] += weight;
                } else if (positive) {
                    fn[t] += weight;
                } else {
                    tn[t] += weight;
                }
            }
        }
    }

    @Override
    public double result() {
        if (curve == Curve.PR) {
            return interpolatedPrAuc();
        }
        double area = 0;
        for (int t = 0; t < thresholds.length - 1; t++) {
            double tpr0 = rate(tp[t], fn[t]);
            double tpr1 = rate(tp[t + 1], fn[t + 1]);
            double fpr0 = rate(fp[t], tn[t]);
            double fpr1 = rate(fp[t + 1], tn[t + 1]);
            area += (fpr0 - fpr1) * (tpr0 + tpr1) / 2;
        }
        return area;
    }

    /**
     * Keras's {@code interpolate_pr_auc}: between adjacent thresholds precision is TP / (TP + FP) with
     * TP linear in the predicted-positive count P, which integrates in closed form to
     * {@code slope·(ΔTP + intercept·ln(P_i / P_{i+1})) / positives}.
     */
    private double interpolatedPrAuc() {
        double area = 0;
        for (int t = 0; t < thresholds.length - 1; t++) {
            double dtp = tp[t] - tp[t + 1];
            double p0 = tp[t] + fp[t];
            double p1 = tp[t + 1] + fp[t + 1];
            double dp = p0 - p1;
            double slope = dp > 0 ? dtp / dp : 0;
            double intercept = tp[t + 1] - slope * p1;
            double ratio = p0 > 0 && p1 > 0 ? p0 / p1 : 1;
            double positives = tp[t + 1] + fn[t + 1];
            if (positives > 0) {
                area += slope * (dtp + intercept * Math.log(ratio)) / positives;
            }
        }
        return area;
    }

    private static double rate(double hit, double miss) {
        return hit + miss == 0 ? 0 : hit / (hit + miss);
    }

    @Override
    public void reset() {
        java.util.Arrays.fill(tp, 0);
        java.util.Arrays.fill(fp, 0);
        java.util.Arrays.fill(tn, 0);
        java.util.Arrays.fill(fn, 0);
    }

    @Override
    public Metric copy() {
        return new AUC(thresholds.length, curve);
    }
}
