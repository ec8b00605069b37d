package dev.landfall.nn.metrics;

import java.util.Arrays;

/**
 * Exact ROC and precision-recall curves of binary scores, one point per distinct score (ties move
 * together), with their areas as scikit-learn defines them: {@code roc_auc_score} is the trapezoidal
 * area under (FPR, TPR) starting at (0, 0); {@code average_precision_score} is
 * {@code Σ (R_n − R_{n−1}) · P_n}, precision stepped, not interpolated. What the report draws; the
 * {@link AUC} metric is Keras's binned approximation for training logs.
 */
public final class Curves {
    private Curves() {
    }

    /**
     * A curve: x and y per point, the score threshold of each point (predicted positive when
     * {@code score >= threshold}), and the area.
     */
    public record Curve(double[] x, double[] y, double[] thresholds, double area) {
    }

    /** (false-positive rate, true-positive rate) from (0, 0) to (1, 1), and the ROC AUC (NaN with one class only). */
    public static Curve roc(double[] scores, boolean[] positive, double[] weights) {
        Counts c = counts(scores, positive, weights);
        int n = c.tp.length;
        double[] fpr = new double[n + 1];
        double[] tpr = new double[n + 1];
        double[] th = new double[n + 1];
        th[0] = Double.POSITIVE_INFINITY;
        double p = n == 0 ? 0 : c.tp[n - 1];
        double neg = n == 0 ? 0 : c.fp[n - 1];
        double area = 0;
        for (int i = 0; i < n; i++) {
            fpr[i + 1] = neg == 0 ? Double.NaN : c.fp[i] / neg;
            tpr[i + 1] = p == 0 ? Double.NaN : c.tp[i] / p;
            th[i + 1] = c.threshold[i];
            area += (fpr[i + 1] - fpr[i]) * (tpr[i + 1] + tpr[i]) / 2;
        }
        return new Curve(fpr, tpr, th, p == 0 || neg == 0 ? Double.NaN : area);
    }

    /**
     * (recall, precision), from the highest threshold down, and the average precision (NaN without
     * positives). The first point is (0, 1), as scikit-learn's curve ends.
     */
    public static Curve precisionRecall(double[] scores, boolean[] positive, double[] weights) {
        Counts c = counts(scores, positive, weights);
        int n = c.tp.length;
        double p = n == 0 ? 0 : c.tp[n - 1];
        double[] recall = new double[n + 1];
        double[] precision = new double[n + 1];
        double[] th = new double[n + 1];
        precision[0] = 1;
        th[0] = Double.POSITIVE_INFINITY;
        double ap = 0;
        for (int i = 0; i < n; i++) {
            recall[i + 1] = p == 0 ? Double.NaN : c.tp[i] / p;
            precision[i + 1] = c.tp[i] + c.fp[i] == 0 ? 0 : c.tp[i] / (c.tp[i] + c.fp[i]);
            th[i + 1] = c.threshold[i];
            ap += (recall[i + 1] - recall[i]) * precision[i + 1];
        }
        return new Curve(recall, precision, th, p == 0 ? Double.NaN : ap);
    }

    private record Counts(double[] tp, double[] fp, double[] threshold) {
    }

    /** Cumulative weighted true and false positives at each distinct score, highest first. */
    private static Counts counts(double[] scores, boolean[] positive, double[] weights) {
        if (scores.length != positive.length || weights != null && weights.length != scores.length) {
            throw new IllegalArgumentException("curves: " + scores.length + " scores for " + positive.length
                    + " labels" + (weights == null ? "" : " and " + weights.length + " weights"));
        }
        // examples of weight 0 count for nothing, and are left out as scikit-learn leaves them out
        int kept = 0;
        for (int i = 0; i < scores.length; i++) {
            if (Double.isNaN(scores[i])) {
                throw new IllegalArgumentException("curves: score " + i + " is NaN");
            }
            kept += weights == null || weights[i] != 0 ? 1 : 0;
        }
        Integer[] order = new Integer[kept];
        for (int i = 0, k = 0; i < scores.length; i++) {
            if (weights == null || weights[i] != 0) {
                order[k++] = i;
            }
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
        double[] tp = new double[kept];
        double[] fp = new double[kept];
        double[] th = new double[kept];
        int k = 0;
        double t = 0;
        double f = 0;
        for (int i = 0; i < order.length; i++) {
            int e = order[i];
            double w = weights == null ? 1 : weights[e];
            if (positive[e]) {
                t += w;
            } else {
                f += w;
            }
            if (i == order.length - 1 || scores[order[i + 1]] != scores[e]) {
                tp[k] = t;
                fp[k] = f;
                th[k] = scores[e];
                k++;
            }
        }
        return new Counts(Arrays.copyOf(tp, k), Arrays.copyOf(fp, k), Arrays.copyOf(th, k));
    }
}
