package dev.landfall.nn.metrics;

/**
 * Per-class precision, recall, F1 and support from a confusion matrix, with macro and weighted
 * averages: scikit-learn's {@code classification_report} numbers ({@code zero_division=0}: a class that
 * is never predicted has precision 0, one that never occurs has recall 0). Averages run over the
 * classes that occur in the truth or the predictions, as scikit-learn's do ({@code labels=None}): a
 * 10-class model measured on data with 3 classes is not averaged with seven rows of zeros.
 *
 * @param precision per class: TP / (TP + FP), the diagonal over the column sum
 * @param recall    per class: TP / (TP + FN), the diagonal over the row sum
 * @param f1        per class: 2PR / (P + R)
 * @param support   per class: the row sum (weighted count of examples of that class)
 * @param present   per class: whether it occurs in the truth or the predictions
 */
public record ClassScores(double[] precision, double[] recall, double[] f1, double[] support, boolean[] present) {

    /** Which number. */
    public enum Kind { PRECISION, RECALL, F1 }

    /** The scores of a matrix {@code m[true][predicted]}. */
    public static ClassScores of(double[][] m) {
        int k = m.length;
        double[] p = new double[k];
        double[] r = new double[k];
        double[] f = new double[k];
        double[] s = new double[k];
        boolean[] present = new boolean[k];
        for (int c = 0; c < k; c++) {
            double col = 0;
            double row = 0;
            for (int o = 0; o < k; o++) {
                col += m[o][c];
                row += m[c][o];
            }
            double tp = m[c][c];
            p[c] = col == 0 ? 0 : tp / col;
            r[c] = row == 0 ? 0 : tp / row;
            f[c] = p[c] + r[c] == 0 ? 0 : 2 * p[c] * r[c] / (p[c] + r[c]);
            s[c] = row;
            present[c] = row > 0 || col > 0;
        }
        return new ClassScores(p, r, f, s, present);
    }

    /** One kind's per-class values. */
    public double[] values(Kind kind) {
        return switch (kind) {
            case PRECISION -> precision;
            case RECALL -> recall;
            case F1 -> f1;
        };
    }

    /** The unweighted mean over the classes present (scikit-learn's {@code average='macro'}); 0 with none. */
    public double macro(Kind kind) {
        double[] v = values(kind);
        double sum = 0;
        int n = 0;
        for (int c = 0; c < v.length; c++) {
            if (present[c]) {
                sum += v[c];
                n++;
            }
        }
        return n == 0 ? 0 : sum / n;
    }

    /** The mean over classes weighted by support ({@code average='weighted'}); 0 with no examples. */
    public double weighted(Kind kind) {
        double[] v = values(kind);
        double sum = 0;
        double total = 0;
        for (int c = 0; c < v.length; c++) {
            sum += v[c] * support[c];
            total += support[c];
        }
        return total == 0 ? 0 : sum / total;
    }

    /** The total support. */
    public double total() {
        double t = 0;
        for (double v : support) {
            t += v;
        }
        return t;
    }
}
