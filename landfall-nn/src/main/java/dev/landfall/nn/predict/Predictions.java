package dev.landfall.nn.predict;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The predictions for a batch of records, in input order, with each record's position in its source
 * (1-based: a file's data row or record, or the index in a request plus one).
 */
public record Predictions(List<Prediction> predictions, int[] rows) {
    public Predictions {
        predictions = List.copyOf(predictions);
        if (rows.length != predictions.size()) {
            throw new IllegalArgumentException("Predictions: " + predictions.size() + " predictions but " + rows.length
                    + " row numbers");
        }
    }

    public int size() {
        return predictions.size();
    }

    public Prediction get(int i) {
        return predictions.get(i);
    }

    /**
     * The CSV that {@code landfall predict} writes: {@code row,label,prob_<class>…} (probabilities with
     * six decimals) for a classifier, {@code row,prediction} for a regression model.
     */
    public List<String> csvLines() {
        List<String> out = new ArrayList<>(size() + 1);
        if (predictions.isEmpty() || !predictions.get(0).isClassification()) {
            out.add("row,prediction");
            for (int i = 0; i < size(); i++) {
                out.add(rows[i] + "," + predictions.get(i).values()[0]);
            }
            return out;
        }
        StringBuilder h = new StringBuilder("row,label");
        for (String c : predictions.get(0).classes()) {
            h.append(',').append(quote("prob_" + c));
        }
        out.add(h.toString());
        for (int i = 0; i < size(); i++) {
            Prediction p = predictions.get(i);
            StringBuilder line = new StringBuilder().append(rows[i]).append(',').append(quote(p.label()));
            for (double q : p.probabilities()) {
                line.append(',').append(String.format(Locale.ROOT, "%.6f", q));
            }
            out.add(line.toString());
        }
        return out;
    }

    private static String quote(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
