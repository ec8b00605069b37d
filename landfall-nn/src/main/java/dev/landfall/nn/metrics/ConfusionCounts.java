package dev.landfall.nn.metrics;

import dev.landfall.nn.Metric;
import dev.landfall.tensor.DType;
import dev.landfall.tensor.Tensor;

/**
 * Precision, recall and F1 of binary (or multi-label) predictions at a threshold, from weighted
 * true-positive, false-positive and false-negative counts accumulated over batches (Keras's
 * {@code Precision}, {@code Recall}; F1 micro-averaged over labels).
 */
public final class ConfusionCounts extends Metric {
    /** Which value {@link #result()} reports. */
    public enum Kind { PRECISION, RECALL, F1 }

    private final Kind kind;
    private final double threshold;
    private double tp;
    private double fp;
    private double fn;

    public ConfusionCounts(Kind kind, double threshold) {
        super(switch (kind) {
            case PRECISION -> "precision";
            case RECALL -> "recall";
            case F1 -> "f1_score";
        });
        this.kind = kind;
        this.threshold = threshold;
    }

    @Override
    public void update(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        try (var g = Tensor.noGrad()) {
            Tensor y = yTrue.rank() == yPred.rank() - 1 ? yTrue.unsqueeze(-1) : yTrue;
            Tensor truth = y.to(DType.FLOAT64).gt(0.5).to(DType.FLOAT64);
            Tensor pred = yPred.gt(threshold).to(DType.FLOAT64);
            Tensor w = sampleWeight == null ? Tensor.ones(yPred.shape(), DType.FLOAT64)
                    : SampleWeights.broadcast(sampleWeight, yPred.shape());
            tp += pred.mul(truth).mul(w).sum().item();
            fp += pred.mul(truth.neg().add(1.0)).mul(w).sum().item();
            fn += pred.neg().add(1.0).mul(truth).mul(w).sum().item();
        }
    }

    @Override
    public double result() {
        double precision = tp + fp == 0 ? 0 : tp / (tp + fp);
        double recall = tp + fn == 0 ? 0 : tp / (tp + fn);
        return switch (kind) {
            case PRECISION -> precision;
            case RECALL -> recall;
            case F1 -> precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        };
    }

    @Override
    public void reset() {
        tp = 0;
        fp = 0;
        fn = 0;
    }

    @Override
    public Metric copy() {
        return new ConfusionCounts(kind, threshold);
    }
}
