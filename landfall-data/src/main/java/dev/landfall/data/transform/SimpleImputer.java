package dev.landfall.data.transform;

import dev.landfall.data.config.ConfigNode;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.landfall.data.table.Table;
import dev.landfall.tensor.Tensor;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Replaces missing numbers (NaN) per column with a statistic of the training data: the mean, the
 * median, the most frequent value (the smallest on ties) or a constant — scikit-learn's
 * {@code SimpleImputer}.
 */
public final class SimpleImputer implements Transform {
    static final String TYPE = "simple_imputer";

    /** The statistic that fills a gap. */
    public enum Strategy { MEAN, MEDIAN, MOST_FREQUENT, CONSTANT }

    private final Strategy strategy;
    private final double constant;
    private double[] fill;

    public SimpleImputer(Strategy strategy) {
        this(strategy, 0);
    }

    public SimpleImputer(Strategy strategy, double constant) {
        this.strategy = strategy;
        this.constant = constant;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public boolean isFitted() {
        return fill != null;
    }

    /** The fitted fill values, one per column. */
    public double[] fillValues() {
        requireFitted();
        return fill.clone();
    }

    @Override
    public void fit(Table table, List<String> columns) {
        fill = new double[columns.size()];
        for (int j = 0; j < columns.size(); j++) {
            fill[j] = statistic(table.column(columns.get(j)).numbers(), strategy, constant, columns.get(j));
        }
    }

    /** The fill value of {@code strategy} for one column's values (NaN = missing). */
    public static double statistic(double[] values, Strategy strategy, double constant, String column) {
        double[] present = Arrays.stream(values).filter(v -> !Double.isNaN(v)).toArray();
        if (strategy == Strategy.CONSTANT) {
            return constant;
        }
        if (present.length == 0) {
            throw new IllegalArgumentException("cannot impute column \"" + column + "\" with the "
                    + strategy.name().toLowerCase(Locale.ROOT) + ": every value is missing");
        }
        switch (strategy) {
            case MEAN:
                return Arrays.stream(present).sum() / present.length;
            case MEDIAN: {
                Arrays.sort(present);
                int m = present.length / 2;
                return present.length % 2 == 1 ? present[m] : (present[m - 1] + present[m]) / 2;
            }
            default: {
                Map<Double, Integer> counts = new HashMap<>();
                double best = Double.NaN;
                int bestCount = 0;
                for (double v : present) {
                    int c = counts.merge(v, 1, Integer::sum);
                    if (c > bestCount || (c == bestCount && v < best)) {
                        best = v;
                        bestCount = c;
                    }
                }
                return best;
            }
        }
    }

    @Override
    public Tensor transform(Table table, List<String> columns) {
        requireFitted();
        if (columns.size() != fill.length) {
            throw new IllegalArgumentException("SimpleImputer was fitted on " + fill.length + " columns; got "
                    + columns.size());
        }
        int n = table.rowCount(), f = columns.size();
        float[] out = new float[n * f];
        for (int j = 0; j < f; j++) {
            double[] c = table.column(columns.get(j)).numbers();
            for (int i = 0; i < n; i++) {
                out[i * f + j] = (float) (Double.isNaN(c[i]) ? fill[j] : c[i]);
            }
        }
        return Tensor.wrap(out, n, f);
    }

    @Override
    public int outputWidth(int inputColumns) {
        return inputColumns;
    }

    @Override
    public ObjectNode toJson() {
        ObjectNode n = Transforms.node(TYPE);
        n.put("strategy", strategy.name().toLowerCase(Locale.ROOT));
        n.put("constant", constant);
        n.set("fill", Transforms.doubles(fill));
        return n;
    }

    static SimpleImputer fromJson(ConfigNode n) {
        String strategy = n.choice("strategy", null, java.util.Arrays.stream(Strategy.values())
                .map(v -> v.name().toLowerCase(Locale.ROOT)).toList());
        if (strategy == null) {
            throw n.get("strategy").error("required but missing");
        }
        SimpleImputer s = new SimpleImputer(Strategy.valueOf(strategy.toUpperCase(Locale.ROOT)), n.number("constant", 0));
        s.fill = n.get("fill").numbers();
        return s;
    }

    @Override
    public void checkState(int columns) {
        requireFitted();
        if (fill.length != columns) {
            throw new IllegalArgumentException(TYPE + " was fitted on " + fill.length + " columns but reads " + columns);
        }
    }
}
