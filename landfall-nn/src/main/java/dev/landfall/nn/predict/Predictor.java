package dev.landfall.nn.predict;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.landfall.data.InvalidRecordException;
import dev.landfall.data.ValueKind;
import dev.landfall.data.InvalidRecordException.Problem;
import dev.landfall.data.format.DataFormat;
import dev.landfall.data.format.DataFormats;
import dev.landfall.data.format.RawData;
import dev.landfall.data.format.ReadOptions;
import dev.landfall.data.io.CsvFile;
import dev.landfall.data.io.CsvOptions;
import dev.landfall.data.io.ImageFolder;
import dev.landfall.data.table.Column;
import dev.landfall.data.table.ColumnSpec;
import dev.landfall.data.table.ColumnType;
import dev.landfall.data.table.Table;
import dev.landfall.data.transform.Pipeline;
import dev.landfall.io.Progress;
import dev.landfall.data.Tensors;
import dev.landfall.nn.Loss;
import dev.landfall.nn.Model;
import dev.landfall.nn.io.LoadedModel;
import dev.landfall.nn.io.ModelFile;
import dev.landfall.nn.io.ServingSignature;
import dev.landfall.nn.layers.Input;
import dev.landfall.tensor.DType;
import dev.landfall.tensor.Tensor;

import java.awt.image.BufferedImage;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Raw records in, decoded predictions out: a model file's fitted preprocessing, its model and the
 * output decoding its serving signature describes (the class label and the probability of every
 * class in label order; regression values; every output by name). What {@code landfall predict} and
 * the model server run.
 *
 * <p>Thread-safe: many threads may call one predictor at once; nothing is locked, so one caller's
 * forward pass never waits for another's.
 *
 * <pre>{@code
 * Predictor p = Predictor.load(Path.of("quickstart.landfall"));
 * Prediction one = p.predict(Map.of("feature_0", 17.99, "feature_1", 10.38, ...));
 * one.label();                 // "malignant"
 * one.probability("benign");   // 0.0012
 * List<Prediction> many = p.predictJson("[{\"text\": \"Great food\"}, {\"text\": \"Cold fries\"}]");
 * }</pre>
 *
 * Bad records fail with an {@link InvalidRecordException} that names the record and field and says what
 * was expected (a missing column, a value of the wrong type, an unknown category, an image of the
 * wrong size).
 */
public final class Predictor {
    /** How the model takes its input. */
    public enum InputKind {
        /** Table rows through the saved preprocessing pipeline (columns by name). */
        TABLE,
        /** Rows of numbers by position (a model saved without a preprocessing pipeline). */
        TENSOR,
        /** Channels-last images {@code [height, width, channels]}. */
        IMAGES
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LoadedModel loaded;
    private final Model model;
    /** Each model input's fitted preprocessing, by input name (empty unless TABLE). */
    private final Map<String, Pipeline> pipelines;
    /** The raw columns the pipelines read, in order, once each. */
    private final List<ColumnSpec> rawSchema;
    private final InputKind kind;
    private final Input input;
    private final int[] example;
    private final boolean fromLogits;

    private Predictor(LoadedModel loaded) {
        this.loaded = loaded;
        this.model = loaded.model();
        // the weights are constants from here on: products keep them packed (bit-identical, repacked if changed)
        model.stateDict().values().forEach(Tensor::prepack);
        this.pipelines = loaded.pipelines();
        this.input = model.inputs().get(0);
        this.example = input.shape().toArray();
        List<ColumnSpec> schema = new ArrayList<>();
        if (!pipelines.isEmpty()) {
            kind = InputKind.TABLE;
            if (pipelines.size() != model.inputs().size()
                    || pipelines.size() > 1 && !pipelines.keySet().equals(java.util.Set.copyOf(model.inputNames()))) {
                throw new IllegalArgumentException("Predictor: the saved preprocessing feeds inputs "
                        + pipelines.keySet() + " but the model's inputs are " + model.inputNames());
            }
            for (Input in : model.inputs()) {
                Pipeline p = pipelines.size() == 1 ? pipelines.values().iterator().next() : pipelines.get(in.name());
                if (!Arrays.equals(p.outputShape(), in.shape().toArray())) {
                    throw new IllegalArgumentException("Predictor: the saved preprocessing makes examples of shape "
                            + Arrays.toString(p.outputShape()) + " but the model's input '" + in.name() + "' takes "
                            + Arrays.toString(in.shape().toArray()));
                }
                for (ColumnSpec c : p.rawSchema()) {
                    if (schema.stream().noneMatch(x -> x.name().equals(c.name()))) {
                        schema.add(c);
                    }
                }
            }
        } else if (model.inputs().size() != 1) {
            throw new IllegalArgumentException("Predictor: the model has " + model.inputs().size() + " inputs "
                    + model.inputNames() + " and no preprocessing that says which columns feed them");
        } else {
            kind = example.length == 3 ? InputKind.IMAGES : InputKind.TENSOR;
        }
        this.rawSchema = List.copyOf(schema);
        boolean logits = false;
        if (model.isCompiled()) {
            for (Loss l : model.compiledLosses().values()) {
                logits |= Boolean.TRUE.equals(l.getConfig().get("from_logits"));
            }
        }
        this.fromLogits = logits;
    }

    /**
     * The predictor of a model file.
     *
     * @throws dev.landfall.nn.io.ModelFileException when the file cannot be read
     */
    public static Predictor load(Path modelFile) {
        return of(ModelFile.load(modelFile));
    }

    /**
     * The predictor of a model in memory that takes tensors (no preprocessing), with its class names
     * in id order (empty for regression): what evaluation code uses before a model is saved.
     */
    public static Predictor of(Model model, List<String> labels) {
        return of(new LoadedModel(model, Map.of(), labels, null, ServingSignature.of(model, List.of()), Map.of(), 0,
                Map.of(), null, null, null));
    }

    /**
     * The predictor of a model file that one of the trusted Ed25519 keys signed ({@code landfall sign}).
     *
     * @throws dev.landfall.nn.io.ModelFileException naming the file when it is unsigned, changed since it was
     *     signed, or signed by an untrusted key
     */
    public static Predictor loadSigned(Path modelFile, Map<Path, java.security.PublicKey> trustedKeys) {
        // loads the bytes that verified, not the path again (which could have been replaced meanwhile)
        return of(dev.landfall.nn.io.ModelSignatures.loadVerified(modelFile, trustedKeys));
    }

    /** The predictor of a loaded model. */
    public static Predictor of(LoadedModel m) {
        return new Predictor(m);
    }

    /** The model file's contents (model, pipeline, labels, signature). */
    public LoadedModel loaded() {
        return loaded;
    }

    public Model model() {
        return model;
    }

    /** The class names, in class-id order; empty for a regression model. */
    public List<String> labels() {
        return loaded.labels();
    }

    public InputKind inputKind() {
        return kind;
    }

    /** Whether the model reads data of this format's kind. */
    public boolean accepts(DataFormat f) {
        return (f.kind() == DataFormat.Kind.IMAGES) == (kind == InputKind.IMAGES)
                && !(kind == InputKind.TENSOR && f.name().equals("json"));
    }

    /** What the model reads, for messages: {@code this model reads table rows (csv, sklearn-csv or json)}. */
    public String whatItReads() {
        return switch (kind) {
            case TABLE -> "this model reads table rows (" + DataFormats.namesOf(DataFormat.Kind.TABLE) + ")";
            case TENSOR -> "this model (saved without a preprocessing pipeline) reads rows of " + example[0]
                    + " numbers by position (csv or sklearn-csv)";
            case IMAGES -> "this model reads images of " + dims(example) + " ("
                    + DataFormats.namesOf(DataFormat.Kind.IMAGES) + ")";
        };
    }

    /**
     * How to read data for this model: the raw columns' types, the label column, the image size.
     *
     * @param withLabels whether the labels are required (evaluation) rather than read when present
     * @param labelsFile the IDX file of labels for IDX images, or null
     */
    public ReadOptions readOptions(boolean withLabels, Path labelsFile) {
        ReadOptions o = ReadOptions.defaults();
        String label = loaded.labelColumn() != null ? loaded.labelColumn() : kind == InputKind.TENSOR ? "target" : null;
        if (kind == InputKind.TABLE) {
            for (ColumnSpec c : rawSchema) {
                o = o.type(c.name(), c.type());
            }
            o = o.fields(rawSchema.stream().map(ColumnSpec::name).toList());
        } else if (kind == InputKind.IMAGES) {
            o = o.imageSize(example[0], example[1]).colorMode(example[2] == 1 ? ImageFolder.ColorMode.GRAYSCALE
                    : ImageFolder.ColorMode.RGB).labelsFile(labelsFile);
        }
        if (kind == InputKind.IMAGES) {
            return o; // labels of images come from labelsFile or the format (folders, Fashion-MNIST)
        }
        return withLabels ? o.label(label) : o.optionalLabel(label);
    }

    // ---------------------------------------------------------------- inputs

    /**
     * The model's input for data as a format read it: table rows through the saved pipeline, numbers
     * by position, or images as they are.
     *
     * @throws InvalidRecordException naming the record (its row in the source) and field
     */
    public Tensors inputs(RawData d) {
        return switch (kind) {
            case TABLE -> table(d);
            case TENSOR -> Tensors.of(numbers(d));
            case IMAGES -> Tensors.of(images(d));
        };
    }

    /** The raw columns the model reads (name and type), in order. */
    public List<ColumnSpec> rawSchema() {
        return rawSchema;
    }

    private Tensors table(RawData d) {
        if (d.isImages()) {
            throw new InvalidRecordException(Problem.WRONG_SHAPE, -1, null, "table rows", whatItReads() + ", not images");
        }
        Table t = d.table();
        for (ColumnSpec c : rawSchema) {
            if (!t.has(c.name())) {
                throw new InvalidRecordException(Problem.MISSING_FIELD, -1, c.name(), "the column",
                        "column '" + c.name() + "' that the model needs is missing (columns: "
                                + Table.listNames(t.names()) + ")");
            }
        }
        Table features = t.selectColumns(rawSchema.stream().map(ColumnSpec::name).toList());
        Map<String, Tensor> named = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, Pipeline> p : pipelines.entrySet()) {
                Tensor x = p.getValue().transform(features);
                checkFinite(x, d, features);
                named.put(pipelines.size() == 1 ? model.inputNames().get(0) : p.getKey(), x);
            }
        } catch (InvalidRecordException e) {
            throw e.record() < 0 ? e : e.at(d.rows()[e.record()] - 1, e.getMessage());
        }
        return named.size() == 1 ? Tensors.of(named.values().iterator().next()) : Tensors.of(named);
    }

    /** A missing value the pipeline does not fill would make a NaN prediction: refuse it, naming the record. */
    private static void checkFinite(Tensor x, RawData d, Table features) {
        if (x.dtype() != DType.FLOAT32) {
            return;
        }
        float[] v = x.toFloatArray();
        int width = v.length / Math.max(1, d.size());
        for (int i = 0; i < d.size(); i++) {
            for (int j = 0; j < width; j++) {
                if (Float.isNaN(v[i * width + j])) {
                    List<String> missing = new ArrayList<>();
                    for (Column c : features.columns()) {
                        if (c.isMissing(i)) {
                            missing.add(c.name());
                        }
                    }
                    String f = missing.isEmpty() ? null : missing.get(0);
                    throw new InvalidRecordException(Problem.MISSING_VALUE, i, f, "a value",
                            "record " + d.rows()[i] + ": " + (missing.isEmpty() ? "a value is not a number"
                                    : "no value for " + String.join(", ", missing)) + ", and the model's preprocessing "
                                    + "has no imputer for it (add a simple_imputer step, or give a value)");
                }
            }
        }
    }

    private Tensor numbers(RawData d) {
        if (d.isImages()) {
            throw new InvalidRecordException(Problem.WRONG_SHAPE, -1, null, "rows of numbers", whatItReads()
                    + ", not images");
        }
        Table t = d.table();
        int f = example.length == 1 ? example[0] : -1;
        if (f < 0 || t.names().size() != f) {
            throw new InvalidRecordException(Problem.WRONG_SHAPE, -1, null, f + " columns", "the model takes examples of "
                    + "shape " + dims(example) + "; the data has " + t.names().size() + " feature columns ("
                    + Table.listNames(t.names()) + ")");
        }
        for (Column c : t.columns()) {
            if (!c.isNumeric()) {
                throw new InvalidRecordException(Problem.WRONG_TYPE, -1, c.name(), "numbers", "column '" + c.name()
                        + "' is " + c.type().jsonName() + "; this model reads numbers only");
            }
            for (int i = 0; i < c.size(); i++) {
                if (c.isMissing(i)) {
                    throw new InvalidRecordException(Problem.MISSING_VALUE, d.rows()[i] - 1, c.name(), "a number",
                            "record " + d.rows()[i] + ", column '" + c.name() + "': missing value");
                }
            }
        }
        Tensor x = t.toTensor(t.names());
        return x.dtype() == input.dtype() ? x : x.to(input.dtype());
    }

    private Tensor images(RawData d) {
        if (!d.isImages()) {
            throw new InvalidRecordException(Problem.WRONG_SHAPE, -1, null, "images", whatItReads() + ", not table rows");
        }
        int[] s = d.images().shape().toArray();
        if (!Arrays.equals(Arrays.copyOfRange(s, 1, s.length), example)) {
            throw new InvalidRecordException(Problem.WRONG_IMAGE_SIZE, -1, null, dims(example),
                    "the images are " + dims(Arrays.copyOfRange(s, 1, s.length)) + "; the model takes " + dims(example));
        }
        return d.images();
    }

    // ---------------------------------------------------------------- predict

    /** Predictions for data as a format read it, in order, numbered by the data's rows. */
    public Predictions predict(RawData d) {
        return decode(inputs(d), d.rows());
    }

    /** Predictions for a batch of model inputs (already preprocessed), numbered 1…N. */
    public Predictions predictTensor(Tensor x) {
        if (x.rank() < 1 || !Arrays.equals(Arrays.copyOfRange(x.shape().toArray(), 1, x.rank()), example)) {
            throw new InvalidRecordException(Problem.WRONG_SHAPE, -1, input.name(), "[N, " + joined(example) + "]",
                    "input '" + input.name() + "': expected a batch of shape [N, " + joined(example) + "], got "
                            + x.shape());
        }
        int[] rows = new int[x.dim(0)];
        Arrays.setAll(rows, i -> i + 1);
        if (model.inputs().size() != 1) {
            throw new InvalidRecordException(Problem.WRONG_SHAPE, -1, null, "named inputs " + model.inputNames(),
                    "the model has inputs " + model.inputNames() + "; give each by name");
        }
        return decode(Tensors.of(x.dtype() == input.dtype() ? x : x.to(input.dtype())), rows);
    }

    /** The prediction for one record keyed by raw column name ({@code null} = a missing value). */
    public Prediction predict(Map<String, ?> record) {
        return predictRecords(List.of(record)).get(0);
    }

    /**
     * Predictions for records keyed by raw column name: numbers for numeric columns, strings for
     * categorical and text ones; {@code null} is a missing value (for an imputer to fill).
     *
     * @throws InvalidRecordException for an absent column, a value of the wrong type, an unknown category
     */
    public Predictions predictRecords(List<? extends Map<String, ?>> records) {
        if (kind != InputKind.TABLE) {
            throw new InvalidRecordException(Problem.WRONG_SHAPE, -1, null, kind == InputKind.IMAGES ? "images"
                    : "rows of numbers", whatItReads() + "; it has no named columns");
        }
        List<Column> cols = new ArrayList<>();
        for (ColumnSpec spec : rawSchema) {
            String name = spec.name();
            if (spec.type() == ColumnType.NUMERIC) {
                double[] v = new double[records.size()];
                for (int i = 0; i < v.length; i++) {
                    Object o = field(records.get(i), i, name);
                    if (o != null && !(o instanceof Number)) {
                        throw InvalidRecordException.of(Problem.WRONG_TYPE, i, name, "a number", ValueKind.of(o));
                    }
                    v[i] = o == null ? Double.NaN : ((Number) o).doubleValue();
                }
                cols.add(Column.numeric(name, v));
            } else {
                String[] v = new String[records.size()];
                for (int i = 0; i < v.length; i++) {
                    Object o = field(records.get(i), i, name);
                    if (o != null && !(o instanceof String || o instanceof Number || o instanceof Boolean)) {
                        throw InvalidRecordException.of(Problem.WRONG_TYPE, i, name, "a " + spec.type().jsonName()
                                + " value (a string)", ValueKind.of(o));
                    }
                    v[i] = o == null ? null : o.toString();
                }
                cols.add(Column.strings(name, spec.type(), v));
            }
        }
        int[] rows = new int[records.size()];
        Arrays.setAll(rows, i -> i + 1);
        RawData d = new RawData(Table.of(cols), null, null, List.of(), rows, List.of(), "records", null);
        return predict(d);
    }

    private static Object field(Map<String, ?> record, int i, String name) {
        if (record == null) {
            throw InvalidRecordException.of(Problem.MALFORMED, i, null, "a record", "nothing");
        }
        if (!record.containsKey(name)) {
            throw InvalidRecordException.of(Problem.MISSING_FIELD, i, name, "the field (null for a missing value)",
                    "no such field");
        }
        return record.get(name);
    }

    /** Predictions for one text, for a model whose only raw column is a text column. */
    public Prediction predictText(String text) {
        if (kind != InputKind.TABLE || rawSchema.size() != 1 || rawSchema.get(0).type() == ColumnType.NUMERIC) {
            throw new InvalidRecordException(Problem.WRONG_SHAPE, -1, null, "one text column", whatItReads()
                    + (kind == InputKind.TABLE ? " with columns " + rawSchema : "") + ", not a single text");
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put(rawSchema.get(0).name(), text);
        return predict(r);
    }

    /**
     * Predictions for a JSON object (one record) or array: of objects keyed by column name, or (for a
     * model that reads numbers by position) of numbers or arrays of numbers.
     */
    public Predictions predictJson(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidRecordException(Problem.MALFORMED, -1, null, "JSON", ValueKind.malformedJson(e)
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr()));
        }
        if (root == null) {
            throw new InvalidRecordException(Problem.MALFORMED, -1, null, "JSON", "no JSON value");
        }
        List<JsonNode> items = new ArrayList<>();
        if (root.isArray() && !(kind == InputKind.TENSOR && root.size() > 0 && root.get(0).isNumber())) {
            root.forEach(items::add);
        } else {
            items.add(root);
        }
        if (kind == InputKind.TENSOR) {
            return predictTensor(rowsOfNumbers(items));
        }
        List<Map<String, Object>> records = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode r = items.get(i);
            if (!r.isObject()) {
                throw InvalidRecordException.of(Problem.MALFORMED, i, null, "a JSON object keyed by column name",
                        r.getNodeType().toString().toLowerCase(java.util.Locale.ROOT));
            }
            Map<String, Object> m = new LinkedHashMap<>();
            int index = i;
            r.fields().forEachRemaining(e -> m.put(e.getKey(), plain(e.getValue(), index, e.getKey())));
            records.add(m);
        }
        return predictRecords(records);
    }

    private Tensor rowsOfNumbers(List<JsonNode> items) {
        int f = example[0];
        float[] v = new float[items.size() * f];
        for (int i = 0; i < items.size(); i++) {
            JsonNode r = items.get(i);
            if (!r.isArray() || r.size() != f) {
                throw InvalidRecordException.of(Problem.WRONG_SHAPE, i, null, "an array of " + f + " numbers",
                        r.isArray() ? r.size() + " values" : r.getNodeType().toString().toLowerCase(java.util.Locale.ROOT));
            }
            for (int j = 0; j < f; j++) {
                if (!r.get(j).isNumber()) {
                    throw InvalidRecordException.of(Problem.WRONG_TYPE, i, "[" + j + "]", "a number", ValueKind.of(r.get(j)));
                }
                v[i * f + j] = (float) r.get(j).asDouble();
            }
        }
        return Tensor.wrap(v, items.size(), f);
    }

    private static Object plain(JsonNode v, int record, String field) {
        if (v.isNull()) {
            return null;
        }
        if (v.isNumber()) {
            return v.asDouble();
        }
        if (v.isTextual() || v.isBoolean()) {
            return v.asText();
        }
        throw InvalidRecordException.of(Problem.WRONG_TYPE, record, field, "a number or a string",
                v.getNodeType().toString().toLowerCase(java.util.Locale.ROOT));
    }

    /** Predictions for CSV text: a header line with the raw column names, then one line per record. */
    public Predictions predictCsv(String csv) {
        ReadOptions o = readOptions(false, null);
        CsvOptions c = CsvOptions.defaults();
        for (Map.Entry<String, ColumnType> t : o.types().entrySet()) {
            c = c.withType(t.getKey(), t.getValue());
        }
        Table t;
        try {
            t = CsvFile.read("request", new StringReader(csv), c).table();
        } catch (dev.landfall.data.DataFormatException e) {
            throw new InvalidRecordException(Problem.MALFORMED, -1, null, "CSV with a header line", e.getMessage());
        }
        if (o.label() != null && t.has(o.label())) {
            t = t.dropColumns(o.label());
        }
        int[] rows = new int[t.rowCount()];
        Arrays.setAll(rows, i -> i + 1);
        return predict(new RawData(t, null, null, List.of(), rows, List.of(), "request", null));
    }

    /** The prediction for an encoded image (PNG, JPEG, BMP, GIF) of the model's size. */
    public Prediction predictImage(byte[] encoded) {
        BufferedImage img;
        try {
            img = ImageFolder.decode(encoded, "the image");
        } catch (dev.landfall.data.DataFormatException e) {
            throw new InvalidRecordException(Problem.BAD_IMAGE, 0, null, "a PNG, JPEG, BMP or GIF image",
                    e.getMessage().replace("the image: not an image", "the bytes are not an image"));
        }
        return predictImage(img);
    }

    /** The prediction for one image of the model's height and width (its channels are converted). */
    public Prediction predictImage(BufferedImage img) {
        if (kind != InputKind.IMAGES) {
            throw new InvalidRecordException(Problem.WRONG_SHAPE, -1, null, "table rows", whatItReads()
                    + ", not images");
        }
        if (img.getHeight() != example[0] || img.getWidth() != example[1]) {
            throw new InvalidRecordException(Problem.WRONG_IMAGE_SIZE, 0, null, example[0] + "x" + example[1],
                    "the image is " + img.getHeight() + "x" + img.getWidth() + " (height x width); the model takes "
                            + example[0] + "x" + example[1]);
        }
        Tensor x = ImageFolder.toTensor(img, example[0], example[1], example[2] == 1 ? ImageFolder.ColorMode.GRAYSCALE
                : ImageFolder.ColorMode.RGB);
        return predictTensor(x).get(0);
    }

    // ---------------------------------------------------------------- decoding

    private Predictions decode(Tensors x, int[] rows) {
        return decodeOutputs(forward(x), rows);
    }

    /**
     * The model's outputs for a batch of model inputs (as {@link #inputs} makes them), in inference
     * mode; what a server runs once for many requests' rows put together.
     */
    public Tensors forward(Tensors inputs) {
        return model.predict(inputs);
    }

    /** {@link #forward(Tensors)}, counting the examples done on {@code progress}. */
    public Tensors forward(Tensors inputs, Progress progress) {
        return model.predict(inputs, progress);
    }

    /**
     * The predictions of a batch of outputs ({@link #forward}), one per row, numbered by {@code rows}:
     * class labels and probabilities for a classifier, values otherwise, every output by name.
     */
    public Predictions decodeOutputs(Tensors out, int[] rows) {
        Map<String, float[]> all = new LinkedHashMap<>();
        Map<String, Integer> widths = new LinkedHashMap<>();
        List<String> names = model.outputNames();
        int n = rows.length;
        if (out.isSingle()) {
            all.put(names.get(0), out.single().toFloatArray());
        } else {
            out.named().forEach((k, v) -> all.put(k, v.toFloatArray()));
        }
        all.forEach((k, v) -> widths.put(k, v.length / Math.max(1, n)));
        String first = all.keySet().iterator().next();
        List<String> classes = labels();
        int k = widths.get(first);
        if (!classes.isEmpty() && !(k == 1 && classes.size() <= 2 || k == classes.size())) {
            throw new IllegalStateException("the model gives " + k + " outputs per example but has " + classes.size()
                    + " class names " + classes);
        }
        List<Prediction> ps = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Map<String, float[]> mine = new LinkedHashMap<>();
            for (Map.Entry<String, float[]> e : all.entrySet()) {
                int w = widths.get(e.getKey());
                mine.put(e.getKey(), Arrays.copyOfRange(e.getValue(), i * w, (i + 1) * w));
            }
            float[] v = mine.get(first);
            if (classes.isEmpty()) {
                ps.add(new Prediction(null, -1, new double[0], classes, v, mine));
            } else {
                double[] probs = probabilities(v, classes.size());
                int best = 0;
                for (int c = 1; c < probs.length; c++) {
                    if (probs[c] > probs[best]) {
                        best = c;
                    }
                }
                ps.add(new Prediction(classes.get(best), best, probs, classes, v, mine));
            }
        }
        return new Predictions(ps, rows);
    }

    /** One example's class probabilities from its output (a sigmoid unit, or one unit per class). */
    private double[] probabilities(float[] v, int classes) {
        double[] probs = new double[classes];
        if (v.length == 1) {
            // the complement in float, the output's own precision (what landfall predict has always printed)
            float p = fromLogits ? (float) (1 / (1 + Math.exp(-(double) v[0]))) : v[0];
            probs[1 % classes] = p;
            probs[0] = classes > 1 ? 1 - p : p;
            return probs;
        }
        if (fromLogits) {
            double max = Double.NEGATIVE_INFINITY;
            for (float f : v) {
                max = Math.max(max, f);
            }
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                probs[c] = Math.exp(v[c] - max);
                sum += probs[c];
            }
            for (int c = 0; c < classes; c++) {
                probs[c] /= sum;
            }
            return probs;
        }
        for (int c = 0; c < classes; c++) {
            probs[c] = v[c];
        }
        return probs;
    }

    private static String dims(int[] s) {
        StringBuilder b = new StringBuilder();
        for (int d : s) {
            b.append(b.length() == 0 ? "" : "x").append(d);
        }
        return b.toString();
    }

    private static String joined(int[] s) {
        StringBuilder b = new StringBuilder();
        for (int d : s) {
            b.append(b.length() == 0 ? "" : ", ").append(d);
        }
        return b.toString();
    }
}
