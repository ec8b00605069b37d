package dev.landfall.data.transform;

import dev.landfall.data.config.ConfigNode;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.landfall.data.InvalidRecordException;
import dev.landfall.data.ValueKind;
import dev.landfall.data.table.Column;
import dev.landfall.data.table.ColumnSpec;
import dev.landfall.data.table.ColumnType;
import dev.landfall.data.table.Table;
import dev.landfall.tensor.DType;
import dev.landfall.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Column transforms side by side (scikit-learn's {@code ColumnTransformer}): each step encodes some raw
 * columns, and the outputs are joined along the feature axis. Once fitted, a pipeline knows its raw
 * input schema (column names and types) and its output shape — the model file's serving signature —
 * and it round-trips through JSON.
 *
 * <pre>{@code
 * Pipeline p = Pipeline.of(
 *         Pipeline.step(new StandardScaler(), "age", "income"),
 *         Pipeline.step(new OneHotEncoder(Unknown.IGNORE), "city"));
 * p.fit(train);
 * Tensor x = p.transform(test);          // [rows, 2 + cities]
 * }</pre>
 */
public final class Pipeline {
    /** One transform over some raw columns. */
    public record Step(List<String> columns, Transform transform) {
        public Step {
            columns = List.copyOf(columns);
            if (columns.isEmpty()) {
                throw new IllegalArgumentException("Pipeline step " + transform.type() + ": expected at least one column");
            }
        }
    }

    private final List<Step> steps;
    private List<ColumnSpec> schema;

    private Pipeline(List<Step> steps, List<ColumnSpec> schema) {
        this.steps = List.copyOf(steps);
        this.schema = schema;
    }

    public static Pipeline of(Step... steps) {
        if (steps.length == 0) {
            throw new IllegalArgumentException("Pipeline.of: expected at least one step");
        }
        return new Pipeline(List.of(steps), null);
    }

    public static Step step(Transform t, String... columns) {
        return new Step(List.of(columns), t);
    }

    public List<Step> steps() {
        return steps;
    }

    /** Fits every step on the training table (in order) and records the raw schema. */
    public Pipeline fit(Table train) {
        Map<String, ColumnSpec> specs = new LinkedHashMap<>();
        for (Step s : steps) {
            for (String c : s.columns()) {
                specs.put(c, train.column(c).spec());
            }
            s.transform().fit(train, s.columns());
        }
        schema = List.copyOf(specs.values());
        checkOutputTypes();
        return this;
    }

    private void checkOutputTypes() {
        if (steps.size() > 1) {
            for (Step s : steps) {
                if (s.transform() instanceof TextVectorization tv && tv.outputMode() == TextVectorization.OutputMode.INT) {
                    throw new IllegalStateException("Pipeline: a TextVectorization with INT output (token ids) cannot be "
                            + "joined with other features; give it its own pipeline (a named model input)");
                }
            }
        }
    }

    public boolean isFitted() {
        return schema != null;
    }

    /** The raw input columns (name and type) this pipeline reads, in order. */
    public List<ColumnSpec> rawSchema() {
        requireFitted();
        return schema;
    }

    /** The shape of one transformed example (no batch dimension): {@code [width]}. */
    public int[] outputShape() {
        requireFitted();
        int w = 0;
        for (Step s : steps) {
            w += s.transform().outputWidth(s.columns().size());
        }
        return new int[] {w};
    }

    /** INT32 for token ids, FLOAT32 otherwise. */
    public DType outputDType() {
        requireFitted();
        Transform t = steps.get(0).transform();
        return t instanceof TextVectorization tv && tv.outputMode() == TextVectorization.OutputMode.INT
                ? DType.INT32 : DType.FLOAT32;
    }

    /**
     * The features of {@code table}: {@code [rows, outputShape()[0]]}.
     *
     * @throws IllegalArgumentException if a raw column is absent or has another type than in training
     */
    public Tensor transform(Table table) {
        requireFitted();
        for (ColumnSpec spec : schema) {
            Column c = table.column(spec.name());
            if (c.type() != spec.type() && !(c.type() != ColumnType.NUMERIC && spec.type() != ColumnType.NUMERIC)) {
                throw new InvalidRecordException(InvalidRecordException.Problem.WRONG_TYPE, -1, spec.name(),
                        spec.type().jsonName(), "Pipeline: column \"" + spec.name() + "\" is " + c.type().jsonName()
                        + " but was " + spec.type().jsonName() + " in training");
            }
        }
        List<Tensor> parts = new ArrayList<>();
        for (Step s : steps) {
            parts.add(s.transform().transform(table, s.columns()));
        }
        return parts.size() == 1 ? parts.get(0) : Tensor.concat(1, parts.toArray(new Tensor[0]));
    }

    /**
     * Transforms raw records (for {@code predict} and serving): numbers for numeric columns, strings
     * otherwise; a null or absent value is missing.
     *
     * @throws IllegalArgumentException naming the record and column of a value of the wrong type
     */
    public Tensor transformRecords(List<Map<String, Object>> records) {
        requireFitted();
        List<Column> cols = new ArrayList<>();
        for (ColumnSpec spec : schema) {
            if (spec.type() == ColumnType.NUMERIC) {
                double[] v = new double[records.size()];
                for (int i = 0; i < v.length; i++) {
                    Object o = records.get(i).get(spec.name());
                    if (o != null && !(o instanceof Number)) {
                        throw InvalidRecordException.of(InvalidRecordException.Problem.WRONG_TYPE, i, spec.name(),
                                "a number", ValueKind.of(o));
                    }
                    v[i] = o == null ? Double.NaN : ((Number) o).doubleValue();
                }
                cols.add(Column.numeric(spec.name(), v));
            } else {
                String[] v = new String[records.size()];
                for (int i = 0; i < v.length; i++) {
                    Object o = records.get(i).get(spec.name());
                    v[i] = o == null ? null : o.toString();
                }
                cols.add(Column.strings(spec.name(), spec.type(), v));
            }
        }
        return transform(Table.of(cols));
    }

    public ObjectNode toJson() {
        ObjectNode n = Transforms.JSON.createObjectNode();
        n.put("type", "pipeline");
        ArrayNode st = n.putArray("steps");
        for (Step s : steps) {
            ObjectNode o = st.addObject();
            o.set("columns", Transforms.strings(s.columns()));
            o.set("transform", s.transform().toJson());
        }
        if (schema != null) {
            ArrayNode sc = n.putArray("raw_schema");
            schema.forEach(c -> sc.addObject().put("name", c.name()).put("type", c.type().jsonName()));
        }
        return n;
    }

    public static Pipeline fromJson(JsonNode n) {
        return fromJson(ConfigNode.root("", n, IllegalArgumentException::new));
    }

    /**
     * A fitted pipeline read back, every field checked: each step's columns are in the raw schema and
     * its fitted state fits them.
     *
     * @throws IllegalArgumentException naming the key path ({@code steps[1].transform.mean: expected a
     *     list of numbers, got true}) or the step that does not fit
     */
    public static Pipeline fromJson(ConfigNode n) {
        n.requireObject();
        List<Step> steps = new ArrayList<>();
        List<ConfigNode> stepNodes = n.required("steps").elements();
        if (stepNodes.isEmpty()) {
            throw n.get("steps").error("expected at least one step");
        }
        for (ConfigNode s : stepNodes) {
            List<String> columns = s.requireObject().required("columns").texts();
            if (columns.isEmpty()) {
                throw s.get("columns").error("expected at least one column");
            }
            steps.add(new Step(columns, Transforms.fromJson(s.required("transform"))));
        }
        List<ColumnSpec> schema = null;
        if (n.has("raw_schema")) {
            schema = new ArrayList<>();
            for (ConfigNode c : n.get("raw_schema").elements()) {
                String type = c.requireObject().choice("type", null, List.of("numeric", "categorical", "text"));
                if (type == null) {
                    throw c.get("type").error("required but missing");
                }
                schema.add(new ColumnSpec(c.required("name").asString(), ColumnType.fromJson(type)));
            }
            schema = List.copyOf(schema);
            for (int i = 0; i < steps.size(); i++) {
                Step st = steps.get(i);
                for (String col : st.columns()) {
                    if (schema.stream().noneMatch(c -> c.name().equals(col))) {
                        throw n.get("steps").elements().get(i).get("columns").error("column '" + col
                                + "' is not in raw_schema");
                    }
                }
                try {
                    st.transform().checkState(st.columns().size());
                } catch (IllegalArgumentException | IllegalStateException e) {
                    throw n.get("steps").elements().get(i).get("transform").error(e.getMessage());
                }
            }
        }
        Pipeline p = new Pipeline(steps, schema);
        if (schema != null) {
            try {
                p.checkOutputTypes();
            } catch (IllegalStateException e) {
                throw n.get("steps").error(e.getMessage());
            }
        }
        return p;
    }

    private void requireFitted() {
        if (schema == null) {
            throw new IllegalStateException("Pipeline is not fitted yet; call fit on the training table first");
        }
    }
}
