package dev.landfall.data.clean;

import dev.landfall.data.table.Column;
import dev.landfall.data.table.Table;
import dev.landfall.data.transform.SimpleImputer;
import dev.landfall.data.transform.SimpleImputer.Strategy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Cleans a table, step by step, and reports what it did per column: drop rows with missing values or
 * impute them (mean, median, most frequent, constant), drop duplicate rows, clip numeric outliers to
 * quantiles. Options apply in that order. For the statistics to reach {@code predict} and serving,
 * fit a {@link SimpleImputer} in the model's pipeline instead; cleaning is for the training data.
 *
 * <pre>{@code
 * Cleaner.Result r = Cleaner.create().impute(Strategy.MEDIAN).dropDuplicates().clipQuantiles(0.01, 0.99)
 *         .clean(table);
 * System.out.println(r.report());
 * }</pre>
 */
public final class Cleaner {
    private boolean dropMissing;
    private Strategy impute;
    private double constant;
    private String fillCategory;
    private boolean dropDuplicates;
    private double lowQ = -1;
    private double highQ = -1;

    private Cleaner() {
    }

    public static Cleaner create() {
        return new Cleaner();
    }

    /** Drops every row with a missing value. */
    public Cleaner dropMissing() {
        dropMissing = true;
        return this;
    }

    /** Imputes missing numbers by {@code strategy}; missing strings get the most frequent value. */
    public Cleaner impute(Strategy strategy) {
        return impute(strategy, 0);
    }

    /** Imputes with a constant for {@link Strategy#CONSTANT}. */
    public Cleaner impute(Strategy strategy, double constantValue) {
        impute = strategy;
        constant = constantValue;
        return this;
    }

    /** Fills missing strings with this value instead of the most frequent one. */
    public Cleaner fillCategory(String value) {
        fillCategory = value;
        return this;
    }

    public Cleaner dropDuplicates() {
        dropDuplicates = true;
        return this;
    }

    /** Clips every numeric column to its {@code low} and {@code high} quantiles (linear interpolation). */
    public Cleaner clipQuantiles(double low, double high) {
        if (!(low >= 0 && low < high && high <= 1)) {
            throw new IllegalArgumentException("clipQuantiles: expected 0 <= low < high <= 1. Received: low=" + low
                    + ", high=" + high);
        }
        lowQ = low;
        highQ = high;
        return this;
    }

    /** The cleaned table and a report. */
    public record Result(Table table, CleaningReport report) {
    }

    public Result clean(Table in) {
        Map<String, CleaningReport.ColumnReport.Builder> rep = new LinkedHashMap<>();
        for (Column c : in.columns()) {
            var b = new CleaningReport.ColumnReport.Builder(c.name());
            for (int i = 0; i < c.size(); i++) {
                b.missing += c.isMissing(i) ? 1 : 0;
            }
            rep.put(c.name(), b);
        }
        Table t = in;
        int droppedMissing = 0;
        if (dropMissing) {
            List<Integer> keep = new ArrayList<>();
            for (int i = 0; i < t.rowCount(); i++) {
                boolean any = false;
                for (Column c : t.columns()) {
                    any |= c.isMissing(i);
                }
                if (!any) {
                    keep.add(i);
                }
            }
            droppedMissing = t.rowCount() - keep.size();
            t = t.selectRows(keep.stream().mapToInt(Integer::intValue).toArray());
        } else if (impute != null) {
            for (Column c : t.columns()) {
                var b = rep.get(c.name());
                if (b.missing == 0) {
                    continue;
                }
                if (c.isNumeric()) {
                    double[] v = c.numbers();
                    double fill = SimpleImputer.statistic(v, impute, constant, c.name());
                    for (int i = 0; i < v.length; i++) {
                        if (Double.isNaN(v[i])) {
                            v[i] = fill;
                        }
                    }
                    b.imputed = b.missing;
                    b.fill = Double.toString(fill);
                    t = t.with(Column.numeric(c.name(), v));
                } else {
                    String[] v = c.strings();
                    String fill = fillCategory != null ? fillCategory : mostFrequent(v);
                    for (int i = 0; i < v.length; i++) {
                        if (v[i] == null) {
                            v[i] = fill;
                        }
                    }
                    b.imputed = b.missing;
                    b.fill = fill;
                    t = t.with(Column.strings(c.name(), c.type(), v));
                }
            }
        }
        int droppedDup = 0;
        if (dropDuplicates) {
            Set<List<String>> seen = new HashSet<>();
            List<Integer> keep = new ArrayList<>();
            List<Column> cols = t.columns();
            for (int i = 0; i < t.rowCount(); i++) {
                List<String> key = new ArrayList<>(cols.size());
                for (Column c : cols) {
                    key.add(c.text(i));
                }
                if (seen.add(key)) {
                    keep.add(i);
                }
            }
            droppedDup = t.rowCount() - keep.size();
            t = t.selectRows(keep.stream().mapToInt(Integer::intValue).toArray());
        }
        if (lowQ >= 0) {
            for (Column c : t.columns()) {
                if (!c.isNumeric()) {
                    continue;
                }
                double[] v = c.numbers();
                double[] sorted = Arrays.stream(v).filter(x -> !Double.isNaN(x)).sorted().toArray();
                if (sorted.length == 0) {
                    continue;
                }
                double lo = quantile(sorted, lowQ), hi = quantile(sorted, highQ);
                int clipped = 0;
                for (int i = 0; i < v.length; i++) {
                    if (v[i] < lo || v[i] > hi) {
                        v[i] = Math.min(hi, Math.max(lo, v[i]));
                        clipped++;
                    }
                }
                var b = rep.get(c.name());
                b.clipped = clipped;
                b.low = lo;
                b.high = hi;
                t = t.with(Column.numeric(c.name(), v));
            }
        }
        List<CleaningReport.ColumnReport> cols = new ArrayList<>();
        rep.values().forEach(b -> cols.add(b.build()));
        return new Result(t, new CleaningReport(in.rowCount(), t.rowCount(), droppedMissing, droppedDup, cols));
    }

    /** The q-quantile of sorted values, linear interpolation (NumPy's default). */
    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    private static String mostFrequent(String[] v) {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        for (String s : v) {
            if (s != null) {
                counts.merge(s, 1, Integer::sum);
            }
        }
        return counts.entrySet().stream().max((a, b) -> a.getValue() - b.getValue()).map(Map.Entry::getKey)
                .orElseThrow(() -> new IllegalArgumentException("cannot impute a column where every value is missing"));
    }
}
