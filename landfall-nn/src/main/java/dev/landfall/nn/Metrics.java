package dev.landfall.nn;

import dev.landfall.nn.metrics.AUC;
import dev.landfall.nn.metrics.Accuracy;
import dev.landfall.nn.metrics.ConfusionCounts;
import dev.landfall.nn.metrics.ConfusionMatrix;
import dev.landfall.nn.metrics.MeanMetric;

import java.util.Map;
import java.util.function.Supplier;

/** Factories for the metrics, with Keras's names and semantics; by name through {@link #get}. */
public final class Metrics {
    private static final Registry<Supplier<Metric>> REGISTRY = new Registry<>("metric");

    static {
        REGISTRY.register("accuracy", Metrics::accuracy);
        REGISTRY.register("acc", Metrics::accuracy);
        REGISTRY.register("binary_accuracy", Metrics::binaryAccuracy);
        REGISTRY.register("categorical_accuracy", Metrics::categoricalAccuracy);
        REGISTRY.register("sparse_categorical_accuracy", Metrics::sparseCategoricalAccuracy);
        REGISTRY.register("top_k_categorical_accuracy", () -> topKCategoricalAccuracy(5));
        REGISTRY.register("sparse_top_k_categorical_accuracy", () -> sparseTopKCategoricalAccuracy(5));
        REGISTRY.register("precision", Metrics::precision);
        REGISTRY.register("recall", Metrics::recall);
        REGISTRY.register("f1_score", Metrics::f1Score);
        REGISTRY.register("auc", Metrics::auc);
        REGISTRY.register("mean_absolute_error", Metrics::meanAbsoluteError);
        REGISTRY.register("mae", Metrics::meanAbsoluteError);
        REGISTRY.register("mean_squared_error", Metrics::meanSquaredError);
        REGISTRY.register("mse", Metrics::meanSquaredError);
    }

    private Metrics() {
    }

    /** "accuracy": binary, sparse or categorical accuracy, chosen from the loss and shapes at the first batch. */
    public static Metric accuracy() {
        return new Accuracy.Auto();
    }

    /** Fraction of predictions on the right side of 0.5. */
    public static Metric binaryAccuracy() {
        return new MeanMetric("binary_accuracy", (t, p) -> Accuracy.binary(t, p, 0.5));
    }

    /** Fraction where argmax(one-hot target) == argmax(prediction). */
    public static Metric categoricalAccuracy() {
        return new MeanMetric("categorical_accuracy", Accuracy::categorical);
    }

    /** Fraction where the class id == argmax(prediction). */
    public static Metric sparseCategoricalAccuracy() {
        return new MeanMetric("sparse_categorical_accuracy", Accuracy::sparseCategorical);
    }

    /** Fraction where the true class is among the k highest scores (one-hot targets). */
    public static Metric topKCategoricalAccuracy(int k) {
        return new MeanMetric("top_k_categorical_accuracy", (t, p) -> Accuracy.topK(t, p, k));
    }

    /** Fraction where the class id is among the k highest scores. */
    public static Metric sparseTopKCategoricalAccuracy(int k) {
        return new MeanMetric("sparse_top_k_categorical_accuracy", (t, p) -> Accuracy.sparseTopK(t, p, k));
    }

    /** TP / (TP + FP) at threshold 0.5. */
    public static Metric precision() {
        return new ConfusionCounts(ConfusionCounts.Kind.PRECISION, 0.5);
    }

    /** TP / (TP + FN) at threshold 0.5. */
    public static Metric recall() {
        return new ConfusionCounts(ConfusionCounts.Kind.RECALL, 0.5);
    }

    /** 2PR / (P + R) at threshold 0.5, micro-averaged over labels. */
    public static Metric f1Score() {
        return new ConfusionCounts(ConfusionCounts.Kind.F1, 0.5);
    }

    /** ROC AUC with 200 thresholds (Keras's default). */
    public static Metric auc() {
        return new AUC(200);
    }

    /** Mean of |y − ŷ|. */
    public static Metric meanAbsoluteError() {
        return new MeanMetric("mean_absolute_error", (t, p) -> p.sub(align(t, p)).abs());
    }

    /** Mean of (y − ŷ)². */
    public static Metric meanSquaredError() {
        return new MeanMetric("mean_squared_error", (t, p) -> p.sub(align(t, p)).square());
    }

    /** Counts per (true, predicted) class. */
    public static ConfusionMatrix confusionMatrix(int numClasses) {
        return new ConfusionMatrix(numClasses);
    }

    /** The metric with this Keras name. */
    public static Metric get(String name) {
        return REGISTRY.get(name).get();
    }

    /** Registers a custom metric factory under a name. */
    public static void register(String name, Supplier<Metric> factory) {
        REGISTRY.register(name, factory);
    }

    /** All registered names. */
    public static java.util.Set<String> names() {
        Map<String, Supplier<Metric>> all = REGISTRY.all();
        return all.keySet();
    }

    private static dev.landfall.tensor.Tensor align(dev.landfall.tensor.Tensor t, dev.landfall.tensor.Tensor p) {
        dev.landfall.tensor.Tensor y = t.rank() == p.rank() - 1 && p.dim(-1) == 1 ? t.unsqueeze(-1) : t;
        return y.to(p.dtype());
    }
}
