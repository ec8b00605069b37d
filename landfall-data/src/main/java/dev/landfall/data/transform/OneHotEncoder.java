package dev.landfall.data.transform;

import dev.landfall.data.config.ConfigNode;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.landfall.data.InvalidRecordException;
import dev.landfall.data.table.Column;
import dev.landfall.data.table.Table;
import dev.landfall.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One-hot encodes categorical columns: each column's sorted categories become 0/1 indicator columns,
 * side by side in column order (scikit-learn's {@code OneHotEncoder}); numeric columns sort as numbers
 * and whole numbers read without ".0". A missing value or a category
 * not seen in training fails, or encodes as all zeros with {@link Unknown#IGNORE}.
 */
public final class OneHotEncoder implements Transform {
    static final String TYPE = "one_hot_encoder";
    private final Unknown unknown;
    private List<List<String>> categories;

    public OneHotEncoder() {
        this(Unknown.ERROR);
    }

    public OneHotEncoder(Unknown unknown) {
        this.unknown = unknown;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public boolean isFitted() {
        return categories != null;
    }

    /** The categories of each column, sorted. */
    public List<List<String>> categories() {
        requireFitted();
        return categories;
    }

    @Override
    public void fit(Table table, List<String> columns) {
        List<List<String>> cats = new ArrayList<>();
        for (String name : columns) {
            cats.add(Categories.sorted(table.column(name)));
        }
        categories = List.copyOf(cats);
    }

    @Override
    public Tensor transform(Table table, List<String> columns) {
        requireFitted();
        if (columns.size() != categories.size()) {
            throw new IllegalArgumentException("OneHotEncoder was fitted on " + categories.size() + " columns; got "
                    + columns.size());
        }
        int n = table.rowCount(), width = outputWidth(columns.size());
        float[] out = new float[n * width];
        int base = 0;
        for (int j = 0; j < columns.size(); j++) {
            List<String> cats = categories.get(j);
            Map<String, Integer> index = new HashMap<>();
            for (int k = 0; k < cats.size(); k++) {
                index.put(cats.get(k), k);
            }
            Column c = table.column(columns.get(j));
            String[] keys = Categories.keys(c);
            for (int i = 0; i < n; i++) {
                String key = keys[i];
                Integer k = key == null ? null : index.get(key);
                if (k != null) {
                    out[i * width + base + k] = 1f;
                } else if (unknown == Unknown.ERROR) {
                    // the categories came from the training data, so neither they nor the value are named
                    String known = "one of the " + cats.size() + " categories seen in training";
                    throw new InvalidRecordException(key == null ? InvalidRecordException.Problem.MISSING_VALUE
                            : InvalidRecordException.Problem.UNKNOWN_CATEGORY, i, columns.get(j), known,
                            "OneHotEncoder: " + Categories.row(i) + " of column \"" + columns.get(j) + "\" has "
                            + (key == null ? "a missing value" : "an unknown category") + "; expected " + known
                            + " (use Unknown.IGNORE to encode it as all zeros)");
                }
            }
            base += cats.size();
        }
        return Tensor.wrap(out, n, width);
    }

    @Override
    public int outputWidth(int inputColumns) {
        requireFitted();
        return categories.stream().mapToInt(List::size).sum();
    }

    @Override
    public ObjectNode toJson() {
        ObjectNode n = Transforms.node(TYPE);
        n.put("unknown", unknown.name().toLowerCase(Locale.ROOT));
        if (categories == null) {
            n.putNull("categories");
        } else {
            var a = n.putArray("categories");
            categories.forEach(c -> a.add(Transforms.strings(c)));
        }
        return n;
    }

    static OneHotEncoder fromJson(ConfigNode n) {
        String unknown = n.choice("unknown", "ignore", List.of("ignore", "error"));
        OneHotEncoder e = new OneHotEncoder(Unknown.valueOf(unknown.toUpperCase(Locale.ROOT)));
        ConfigNode c = n.get("categories");
        if (!c.isMissing()) {
            List<List<String>> cats = new ArrayList<>();
            for (ConfigNode a : c.elements()) {
                cats.add(List.copyOf(a.elements().stream().map(ConfigNode::asText).toList()));
            }
            e.categories = List.copyOf(cats);
        }
        return e;
    }

    @Override
    public void checkState(int columns) {
        requireFitted();
        if (categories.size() != columns) {
            throw new IllegalArgumentException(TYPE + " was fitted on " + categories.size() + " columns but reads "
                    + columns);
        }
    }
}
