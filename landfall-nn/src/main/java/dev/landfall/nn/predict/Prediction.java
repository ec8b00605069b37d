package dev.landfall.nn.predict;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What the model says about one record, decoded the way its serving signature describes: for a
 * classifier the label, its class id and the probability of every class in label order; for a
 * regression model the values; for any model the raw outputs by output name.
 *
 * @param label the most probable class name (ties go to the first class), or null for regression
 * @param classId the index of {@code label} in {@code classes}, or -1
 * @param probabilities one per class, in the order of {@code classes}; empty for regression
 * @param classes the class names
 * @param values the first output's values for this record (regression targets, or what the classifier
 *     output before decoding)
 * @param outputs every output's values for this record, by output name
 */
public record Prediction(String label, int classId, double[] probabilities, List<String> classes, float[] values,
                         Map<String, float[]> outputs) {
    /** A class and its probability. */
    public record Score(String label, double probability) {
    }

    /** Whether this is a classification (label and probabilities) rather than regression values. */
    public boolean isClassification() {
        return label != null;
    }

    /** The probability of the class with this name. @throws IllegalArgumentException for an unknown class */
    public double probability(String className) {
        int k = classes.indexOf(className);
        if (k < 0) {
            throw new IllegalArgumentException("no class '" + className + "' (classes: " + classes + ")");
        }
        return probabilities[k];
    }

    /** The {@code k} most probable classes, most probable first (ties in class order). */
    public List<Score> topK(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("topK: expected a positive k, got " + k);
        }
        List<Score> all = new ArrayList<>();
        for (int c = 0; c < probabilities.length; c++) {
            all.add(new Score(classes.get(c), probabilities[c]));
        }
        all.sort(Comparator.comparingDouble(Score::probability).reversed());
        return List.copyOf(all.subList(0, Math.min(k, all.size())));
    }
}
