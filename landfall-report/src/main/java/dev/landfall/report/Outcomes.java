package dev.landfall.report;

import dev.landfall.data.format.Labels;
import dev.landfall.nn.metrics.ClassScores;
import dev.landfall.nn.metrics.Curves;
import dev.landfall.nn.predict.Prediction;
import dev.landfall.nn.predict.Predictions;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * What a model said about labelled examples, next to the truth: class probabilities and true class
 * ids for a classifier, predicted and true values for regression. Everything the evaluation pages
 * show is computed here, from these numbers only, so the report of {@code landfall train} and of
 * {@code landfall report} agree by construction.
 */
public final class Outcomes {
    private final List<String> classes;
    private final double[][] probabilities;
    private final int[] truth;
    private final double[] predictedValues;
    private final double[] trueValues;
    /** The most probable class of each example (argmax, ties to the first), worked out once. */
    private final int[] predicted;

    private Outcomes(List<String> classes, double[][] probabilities, int[] truth, double[] predictedValues,
                     double[] trueValues) {
        this.classes = classes;
        this.probabilities = probabilities;
        this.truth = truth;
        this.predictedValues = predictedValues;
        this.trueValues = trueValues;
        this.predicted = probabilities == null ? null : new int[probabilities.length];
        for (int i = 0; probabilities != null && i < probabilities.length; i++) {
            predicted[i] = argmax(probabilities[i]);
        }
    }

    /**
     * A classifier's outcomes.
     *
     * @param probabilities per example, one probability per class in the order of {@code classes}
     * @param truth per example, the true class id
     */
    public static Outcomes classification(double[][] probabilities, int[] truth, List<String> classes) {
        if (classes.size() < 2) {
            throw new IllegalArgumentException("Outcomes: a classifier needs at least 2 class names, got " + classes);
        }
        if (probabilities.length != truth.length) {
            throw new IllegalArgumentException("Outcomes: " + probabilities.length + " predictions for " + truth.length
                    + " labels");
        }
        for (int i = 0; i < truth.length; i++) {
            if (probabilities[i].length != classes.size()) {
                throw new IllegalArgumentException("Outcomes: example " + i + " has " + probabilities[i].length
                        + " probabilities for " + classes.size() + " classes");
            }
            if (truth[i] < 0 || truth[i] >= classes.size()) {
                throw new IllegalArgumentException("Outcomes: example " + i + " has class id " + truth[i]
                        + ", outside [0, " + classes.size() + ")");
            }
        }
        return new Outcomes(List.copyOf(classes), probabilities, truth.clone(), null, null);
    }

    /** A regression model's outcomes (the first value of each prediction and target). */
    public static Outcomes regression(double[] predicted, double[] truth) {
        if (predicted.length != truth.length) {
            throw new IllegalArgumentException("Outcomes: " + predicted.length + " predictions for " + truth.length
                    + " targets");
        }
        return new Outcomes(List.of(), null, null, predicted.clone(), truth.clone());
    }

    /** From a {@code Predictor}'s predictions and the encoded labels of the same examples. */
    public static Outcomes of(Predictions predictions, Labels labels) {
        if (predictions.size() != labels.size()) {
            throw new IllegalArgumentException("Outcomes: " + predictions.size() + " predictions for " + labels.size()
                    + " labels");
        }
        int n = predictions.size();
        if (n > 0 && predictions.get(0).isClassification()) {
            double[][] p = new double[n][];
            int[] t = new int[n];
            for (int i = 0; i < n; i++) {
                p[i] = predictions.get(i).probabilities();
                t[i] = (int) labels.values()[i];
            }
            return classification(p, t, predictions.get(0).classes());
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            Prediction pr = predictions.get(i);
            v[i] = pr.values().length == 0 ? Double.NaN : pr.values()[0];
        }
        return regression(v, labels.values());
    }

    public boolean isClassification() {
        return probabilities != null;
    }

    public int size() {
        return isClassification() ? truth.length : trueValues.length;
    }

    public List<String> classes() {
        return classes;
    }

    /** Example i's class probabilities. */
    public double[] probabilities(int i) {
        return probabilities[i].clone();
    }

    /** True class ids. */
    public int[] truth() {
        return truth.clone();
    }

    /** Predicted class ids: the most probable class (ties to the first). */
    public int[] predicted() {
        return predicted.clone();
    }

    public double[] predictedValues() {
        return predictedValues.clone();
    }

    public double[] trueValues() {
        return trueValues.clone();
    }

    /** Counts {@code [true][predicted]}. */
    public double[][] confusion() {
        int k = classes.size();
        double[][] m = new double[k][k];
        int[] pred = predicted;
        for (int i = 0; i < truth.length; i++) {
            m[truth[i]][pred[i]]++;
        }
        return m;
    }

    /** Per-class precision, recall, F1 and support. */
    public ClassScores scores() {
        return ClassScores.of(confusion());
    }

    /**
     * The ROC curve of one class against the rest, scored by that class's probability. For two classes,
     * class 1 is the positive one (scikit-learn's {@code pos_label=1}).
     */
    public Curves.Curve roc(int classId) {
        return Curves.roc(column(classId), positives(classId), null);
    }

    /** The precision-recall curve of one class against the rest, with its average precision. */
    public Curves.Curve precisionRecall(int classId) {
        return Curves.precisionRecall(column(classId), positives(classId), null);
    }

    /** The classes that get their own ROC/PR curve: class 1 for a binary model, else every class. */
    public int[] curveClasses() {
        if (classes.size() == 2) {
            return new int[] {1};
        }
        int[] all = new int[classes.size()];
        Arrays.setAll(all, c -> c);
        return all;
    }

    /** The wrongly classified examples, the most confident mistakes first (probability given to the wrong class). */
    public List<Integer> mistakesByConfidence() {
        int[] pred = predicted;
        List<Integer> wrong = new ArrayList<>();
        for (int i = 0; i < truth.length; i++) {
            if (pred[i] != truth[i]) {
                wrong.add(i);
            }
        }
        wrong.sort(Comparator.comparingDouble((Integer i) -> -probabilities[i][pred[i]]).thenComparingInt(i -> i));
        return wrong;
    }

    /** The fraction classified right. */
    public double accuracy() {
        int[] pred = predicted;
        int right = 0;
        for (int i = 0; i < pred.length; i++) {
            right += pred[i] == truth[i] ? 1 : 0;
        }
        return pred.length == 0 ? 0 : (double) right / pred.length;
    }

    private double[] column(int c) {
        double[] s = new double[truth.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = probabilities[i][c];
        }
        return s;
    }

    private boolean[] positives(int c) {
        boolean[] p = new boolean[truth.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = truth[i] == c;
        }
        return p;
    }

    static int argmax(double[] v) {
        int best = 0;
        for (int c = 1; c < v.length; c++) {
            if (v[c] > v[best]) {
                best = c;
            }
        }
        return best;
    }
}
