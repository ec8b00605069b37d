package dev.landfall.data.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.landfall.data.table.Column;
import dev.landfall.tensor.Tensor;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Maps target labels to class ids {@code 0 … K-1} in sorted label order (scikit-learn's
 * {@code LabelEncoder}): numeric labels sort as numbers and whole ones read without ".0"
 * ({@code 1, 2, 10}); an unseen label fails, or becomes -1 with {@link Unknown#IGNORE}.
 */
public final class LabelEncoder {
    static final String TYPE = "label_encoder";
    private final Unknown unknown;
    private List<String> classes;
    private Map<String, Integer> index;

    public LabelEncoder() {
        this(Unknown.ERROR);
    }

    public LabelEncoder(Unknown unknown) {
        this.unknown = unknown;
    }

    /** Learns the classes (missing values are not a class). */
    public LabelEncoder fit(Column labels) {
        setClasses(Categories.sorted(labels));
        return this;
    }

    private void setClasses(List<String> cls) {
        classes = cls;
        index = new HashMap<>();
        for (int k = 0; k < cls.size(); k++) {
            index.put(cls.get(k), k);
        }
    }

    public boolean isFitted() {
        return classes != null;
    }

    public List<String> classes() {
        requireFitted();
        return classes;
    }

    /** Class ids, INT32 {@code [N]}. */
    public Tensor transform(Column labels) {
        requireFitted();
        int[] out = new int[labels.size()];
        String[] keys = Categories.keys(labels);
        for (int i = 0; i < out.length; i++) {
            String key = keys[i];
            Integer k = key == null ? null : index.get(key);
            if (k == null && unknown == Unknown.ERROR) {
                throw new IllegalArgumentException("LabelEncoder: " + Categories.row(i) + " of column \""
                        + labels.name() + "\" has " + (key == null ? "a missing label" : "a label that is not one of "
                        + "the classes") + "; known: " + classes);
            }
            out[i] = k == null ? -1 : k;
        }
        return Tensor.wrap(out, out.length);
    }

    /** The label of a class id. */
    public String inverse(int id) {
        requireFitted();
        if (id < 0 || id >= classes.size()) {
            throw new IndexOutOfBoundsException("class id " + id + " is outside [0, " + classes.size() + ")");
        }
        return classes.get(id);
    }

    public ObjectNode toJson() {
        ObjectNode n = Transforms.node(TYPE);
        n.put("unknown", unknown.name().toLowerCase(Locale.ROOT));
        if (classes == null) {
            n.putNull("classes");
        } else {
            n.set("classes", Transforms.strings(classes));
        }
        return n;
    }

    public static LabelEncoder fromJson(JsonNode n) {
        LabelEncoder e = new LabelEncoder(Unknown.valueOf(n.get("unknown").asText().toUpperCase(Locale.ROOT)));
        if (n.get("classes") != null && n.get("classes").isArray()) {
            e.setClasses(List.copyOf(Transforms.strings(n.get("classes"))));
        }
        return e;
    }

    private void requireFitted() {
        if (classes == null) {
            throw new IllegalStateException("LabelEncoder is not fitted yet; call fit on the training labels first");
        }
    }
}
