package dev.landfall.nn.metrics;

import dev.landfall.nn.Metric;
import dev.landfall.tensor.Tensor;

/**
 * Precision, recall or F1 of single-label classification, for one class ({@code class_id}) or
 * averaged over classes (macro or weighted by support), from a confusion matrix accumulated over
 * batches. The predicted class is the argmax of the scores (a single unit: above 0.5), so the numbers
 * are scikit-learn's {@code precision_recall_fscore_support}; targets may be class ids or one-hot rows.
 * Keras's {@code Precision(class_id=k)} instead thresholds column k at 0.5, which for softmax outputs
 * counts an example as class k only when that class has over half the probability — not what a
 * per-class report means, so Landfall takes the argmax.
 */
public final class ClassificationScore extends Metric {
    /** How classes are combined: one class, their mean, or their mean weighted by support. */
    public enum Average { MACRO, WEIGHTED, CLASS }

    private final ClassScores.Kind kind;
    private final Average average;
    private final int classId;
    private final ConfusionMatrix matrix = new ConfusionMatrix();

    private ClassificationScore(String name, ClassScores.Kind kind, Average average, int classId) {
        super(name);
        this.kind = kind;
        this.average = average;
        this.classId = classId;
    }

    /** Macro or weighted average of a kind, named {@code macro_f1}, {@code weighted_precision} …. */
    public static ClassificationScore averaged(ClassScores.Kind kind, Average average) {
        if (average == Average.CLASS) {
            throw new IllegalArgumentException("averaged: give MACRO or WEIGHTED; use forClass for one class");
        }
        return new ClassificationScore(average.name().toLowerCase(java.util.Locale.ROOT) + "_" + shortName(kind), kind,
                average, -1);
    }

    /** A kind for one class, named {@code precision_class_3} …. */
    public static ClassificationScore forClass(ClassScores.Kind kind, int classId) {
        if (classId < 0) {
            throw new IllegalArgumentException("class_id must be >= 0, got " + classId);
        }
        return new ClassificationScore(shortName(kind) + "_class_" + classId, kind, Average.CLASS, classId);
    }

    private static String shortName(ClassScores.Kind kind) {
        return kind == ClassScores.Kind.F1 ? "f1" : kind.name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public void update(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        matrix.update(yTrue, yPred, sampleWeight);
        if (average == Average.CLASS && classId >= matrix.numClasses()) {
            throw new IllegalArgumentException(name() + ": class_id " + classId + " is outside the model's "
                    + matrix.numClasses() + " classes");
        }
    }

    @Override
    public double result() {
        if (matrix.numClasses() == 0) {
            return 0;
        }
        ClassScores s = ClassScores.of(matrix.matrix());
        return switch (average) {
            case MACRO -> s.macro(kind);
            case WEIGHTED -> s.weighted(kind);
            case CLASS -> s.values(kind)[classId];
        };
    }

    @Override
    public void reset() {
        matrix.reset();
    }

    @Override
    public Metric copy() {
        return new ClassificationScore(name(), kind, average, classId);
    }
}
