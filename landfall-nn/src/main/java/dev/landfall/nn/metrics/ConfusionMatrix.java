package dev.landfall.nn.metrics;

import dev.landfall.nn.Metric;
import dev.landfall.tensor.DType;
import dev.landfall.tensor.Tensor;

/**
 * Weighted counts {@code matrix[true][predicted]} over batches. Predictions are class
 * probabilities (argmax taken) or, with one output unit, a probability thresholded at 0.5; targets
 * are class ids or one-hot rows. {@link #result()} is the accuracy the matrix implies (what History
 * and progress lines show for {@code confusion_matrix}); {@link #matrix()} is the matrix itself.
 */
public final class ConfusionMatrix extends Metric {
    /** 0 until the first batch when built without a class count. */
    private int numClasses;
    private double[][] counts;

    public ConfusionMatrix(int numClasses) {
        super("confusion_matrix");
        if (numClasses < 2) {
            throw new IllegalArgumentException("Received an invalid value for num_classes, expected an integer > 1. "
                    + "Received: num_classes=" + numClasses);
        }
        this.numClasses = numClasses;
        this.counts = new double[numClasses][numClasses];
    }

    /** The class count taken from the first batch's predictions: their last axis, or 2 for a single unit. */
    public ConfusionMatrix() {
        super("confusion_matrix");
    }

    /** The number of classes (0 before the first batch when it is taken from the predictions). */
    public int numClasses() {
        return numClasses;
    }

    @Override
    public void update(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        if (counts == null) {
            numClasses = yPred.rank() == 0 || yPred.dim(-1) == 1 ? 2 : yPred.dim(-1);
            counts = new double[numClasses][numClasses];
        }
        int[] pred = yPred.dim(-1) == 1 ? yPred.gt(0.5).to(DType.INT32).reshape(-1).toIntArray()
                : yPred.argmax(-1).reshape(-1).toIntArray();
        int[] truth;
        if (yTrue.dtype().isFloating() && yTrue.rank() == yPred.rank() && yTrue.dim(-1) == numClasses && numClasses > 1
                && yPred.dim(-1) == numClasses) {
            truth = yTrue.argmax(-1).reshape(-1).toIntArray();
        } else {
            truth = yTrue.to(DType.INT32).reshape(-1).toIntArray();
        }
        if (truth.length != pred.length) {
            throw new IllegalArgumentException("confusion_matrix: " + truth.length + " targets for " + pred.length
                    + " predictions (shapes " + yTrue.shape() + " and " + yPred.shape() + ")");
        }
        double[] w = sampleWeight == null ? null : weights(sampleWeight, yPred);
        for (int i = 0; i < truth.length; i++) {
            if (truth[i] < 0 || truth[i] >= numClasses) {
                throw new IllegalArgumentException("confusion_matrix: class id " + truth[i] + " is outside [0, "
                        + numClasses + ")");
            }
            counts[truth[i]][pred[i]] += w == null ? 1 : w[i];
        }
    }

    /**
     * Sample weights broadcast to one per decision: per example ({@code [batch]}), or per time step
     * ({@code [batch, T]}) for sequence outputs.
     */
    static double[] weights(Tensor sampleWeight, Tensor yPred) {
        int[] decisions = yPred.dim(-1) == 1 ? yPred.shape().toArray()
                : java.util.Arrays.copyOf(yPred.shape().toArray(), yPred.rank() - 1);
        return SampleWeights.broadcast(sampleWeight, dev.landfall.tensor.Shape.of(decisions)).toDoubleArray();
    }

    /** A copy of the counts, rows = true class, columns = predicted class. */
    public double[][] matrix() {
        if (counts == null) {
            return new double[0][];
        }
        double[][] m = new double[numClasses][];
        for (int i = 0; i < numClasses; i++) {
            m[i] = counts[i].clone();
        }
        return m;
    }

    @Override
    public double result() {
        double diag = 0;
        double total = 0;
        for (int i = 0; i < numClasses; i++) {
            for (int j = 0; j < numClasses; j++) {
                total += counts[i][j];
                diag += i == j ? counts[i][j] : 0;
            }
        }
        return total == 0 ? 0 : diag / total;
    }

    @Override
    public void reset() {
        if (counts == null) {
            return;
        }
        for (double[] row : counts) {
            java.util.Arrays.fill(row, 0);
        }
    }

    @Override
    public Metric copy() {
        return counts == null ? new ConfusionMatrix() : new ConfusionMatrix(numClasses);
    }
}
