package dev.landfall.nn;

import dev.landfall.nn.metrics.AUC;
import dev.landfall.nn.metrics.Accuracy;
import dev.landfall.nn.metrics.ClassScores;
import dev.landfall.nn.metrics.ClassificationScore;
import dev.landfall.nn.metrics.ConfusionCounts;
import dev.landfall.nn.metrics.ConfusionMatrix;
import dev.landfall.nn.metrics.MeanMetric;
import dev.landfall.nn.metrics.Regression;

import java.util.List;
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
        REGISTRY.register("pr_auc", Metrics::prAuc);
        for (ClassScores.Kind k : ClassScores.Kind.values()) {
            for (ClassificationScore.Average a : List.of(ClassificationScore.Average.MACRO,
                    ClassificationScore.Average.WEIGHTED)) {
                REGISTRY.register(ClassificationScore.averaged(k, a).name(), () -> ClassificationScore.averaged(k, a));
            }
        }
        REGISTRY.register("confusion_matrix", ConfusionMatrix::new);
        REGISTRY.register("root_mean_squared_error", Metrics::rootMeanSquaredError);
        REGISTRY.register("rmse", Metrics::rootMeanSquaredError);
        REGISTRY.register("r2_score", Metrics::r2Score);
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

    /** Precision-recall AUC with 200 thresholds, interpolated as Keras's {@code AUC(curve='PR')}; named {@code pr_auc}. */
    public static Metric prAuc() {
        return new AUC(200, AUC.Curve.PR);
    }

    /** Precision, recall or F1 averaged over classes: {@code macro_f1}, {@code weighted_recall} …. */
    public static Metric averaged(ClassScores.Kind kind, ClassificationScore.Average average) {
        return ClassificationScore.averaged(kind, average);
    }

    /** Precision of one class (argmax predictions); named {@code precision_class_<id>}. */
    public static Metric precision(int classId) {
        return ClassificationScore.forClass(ClassScores.Kind.PRECISION, classId);
    }

    /** Recall of one class (argmax predictions); named {@code recall_class_<id>}. */
    public static Metric recall(int classId) {
        return ClassificationScore.forClass(ClassScores.Kind.RECALL, classId);
    }

    /** F1 of one class (argmax predictions); named {@code f1_class_<id>}. */
    public static Metric f1Score(int classId) {
        return ClassificationScore.forClass(ClassScores.Kind.F1, classId);
    }

    /** √(weighted mean of (y − ŷ)²) over all batches. */
    public static Metric rootMeanSquaredError() {
        return new Regression(Regression.Kind.RMSE);
    }

    /** The coefficient of determination, averaged uniformly over output columns (Keras's {@code R2Score}). */
    public static Metric r2Score() {
        return new Regression(Regression.Kind.R2);
    }

    /** Mean of |y − ŷ|. */
    public static Metric meanAbsoluteError() {
        return new MeanMetric("mean_absolute_error", (t, p) -> p.sub(align(t, p)).abs());
    }

    /** Mean of (y − ŷ)². */
    public static Metric meanSquaredError() {
        return new MeanMetric("mean_squared_error", (t, p) -> p.sub(align(t, p)).square());
    }

    /** Counts per (true, predicted) class; {@code confusion_matrix} by name takes the count from the predictions. */
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
