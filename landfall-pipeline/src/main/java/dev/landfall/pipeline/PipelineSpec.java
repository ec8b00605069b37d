package dev.landfall.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.landfall.data.catalog.FashionMnist;
import dev.landfall.data.config.ConfigNode;
import dev.landfall.nn.privacy.PrivacyOptions;
import dev.landfall.data.format.DataFormat;
import dev.landfall.data.format.DataFormats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static dev.landfall.data.config.ConfigNode.keys;

/**
 * A pipeline file, read and validated: every problem is reported with the file and the key path. The
 * sections are described in the README ("Pipeline files").
 *
 * <pre>{@code
 * PipelineSpec spec = PipelineSpec.read(Path.of("examples/quickstart.yaml"));
 * PipelineRunner.Result r = PipelineRunner.run(spec, PipelineRunner.Options.defaults());
 * }</pre>
 *
 * @param file the file's name, for messages
 * @param baseDir the folder data paths are relative to (the file's folder)
 * @param seed the global seed ({@code Landfall.setSeed}), or null for a random one
 * @param cleaning what to clean in the raw table before splitting, or null
 * @param output the model file to write, relative to the current folder, or null
 * @param privacy the {@code privacy:} section (DP-SGD), or null for ordinary training
 */
public record PipelineSpec(String file, Path baseDir, Long seed, DataSpec data, CleaningSpec cleaning,
                           List<TransformSpec> preprocessing, List<EntrySpec> augmentation, ModelSpec model,
                           CompileSpec compile, FitSpec fit, String output, PrivacyOptions privacy) {

    static final List<String> SPLITS = List.of("train", "validation", "test");
    /** The name of the model input when a pipeline file does not name it. */
    static final String DEFAULT_INPUT = "input";

    /** Where the data is and how to read and split it. */
    public record DataSpec(ConfigNode node, List<Path> paths, DataFormat format, String label, String text,
                           List<String> classes, Path labels, int[] imageSize, String colorMode, char delimiter,
                           boolean header, List<String> names, Map<String, Double> split, long splitSeed,
                           boolean stratify) {
        boolean isImages() {
            return format.kind() == DataFormat.Kind.IMAGES;
        }
    }

    /** What to clean in the raw table before it is split (drop or impute missing values, duplicates, outliers). */
    public record CleaningSpec(ConfigNode node, boolean dropMissing, String impute, double fillValue,
                               boolean dropDuplicates, double[] clipQuantiles) {
    }

    /** A named entry with arguments: a transform, an augmentation, a layer, a callback. */
    public record EntrySpec(ConfigNode node, String name, ConfigNode args) {
    }

    /**
     * One preprocessing step: a transform over some raw columns (empty = every feature column), feeding
     * one model input.
     */
    public record TransformSpec(EntrySpec entry, List<String> columns, String input) {
    }

    /**
     * The model: a Sequential stack, or a functional graph whose layers name their {@code inputs}
     * (model inputs or earlier layers).
     *
     * @param inputShape Sequential only: the per-example input shape, or null (from the data)
     * @param inputs the model inputs' names (functional)
     * @param outputs the layers whose outputs are the model's outputs (functional; default the last one)
     */
    public record ModelSpec(ConfigNode node, String type, int[] inputShape, List<String> inputs,
                            List<LayerSpec> layers, List<String> outputs) {
        boolean isFunctional() {
            return type.equals("functional");
        }
    }

    /** A layer entry: the class, its Keras arguments, its name and (functional) the names of its inputs. */
    public record LayerSpec(EntrySpec entry, String name, List<String> inputs) {
    }

    /**
     * @param learningRate a constant rate, or NaN
     * @param schedule a learning-rate schedule's config ({@code class_name} and its keys), or null
     */
    public record CompileSpec(ConfigNode node, String optimizer, Map<String, Object> optimizerArgs,
                              double learningRate, Map<String, Object> schedule, String loss,
                              Map<String, Object> lossArgs, List<String> metrics) {
    }

    /** @param classWeight per-class weights by class name or id, {@code {"balanced": …}} for Keras's balanced weights, or empty */
    public record FitSpec(ConfigNode node, int epochs, int batchSize, String validation, double validationSplit,
                          boolean shuffle, String verbose, List<EntrySpec> callbacks, Map<String, Double> classWeight,
                          boolean balancedClassWeight, String report, TensorBoardSpec tensorboard) {
    }

    /**
     * {@code fit.tensorboard}: a folder, true (runs), or {@code {log_dir, histogram_freq, update_freq}}
     * (Keras's TensorBoard callback arguments; {@code update_freq} epoch, batch or a number of steps,
     * kept as steps with 0 for epochs only).
     */
    public record TensorBoardSpec(String logDir, int histogramFreq, int updateFreq) {
    }

    /** Where run reports go unless {@code fit.report} says otherwise. */
    public static final String DEFAULT_REPORT_DIR = "runs";

    /**
     * SnakeYAML's limits, set explicitly: at most 50 aliases per document (a "billion laughs" file is
     * refused), 50 levels of nesting, 3 M characters, no duplicate keys.
     */
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder().loaderOptions(loaderOptions()).build());

    private static org.yaml.snakeyaml.LoaderOptions loaderOptions() {
        org.yaml.snakeyaml.LoaderOptions o = new org.yaml.snakeyaml.LoaderOptions();
        o.setMaxAliasesForCollections(50);
        o.setNestingDepthLimit(50);
        o.setCodePointLimit(3 << 20);
        o.setAllowDuplicateKeys(false);
        return o;
    }

    /** Reads and validates a pipeline file. @throws PipelineException naming the file and key path */
    public static PipelineSpec read(Path yaml) {
        if (!Files.isRegularFile(yaml)) {
            throw new PipelineException(yaml + ": no such pipeline file");
        }
        try {
            return parse(Files.readString(yaml), yaml.getFileName().toString(), yaml.toAbsolutePath().normalize()
                    .getParent());
        } catch (IOException e) {
            throw new PipelineException(yaml + ": cannot read the file: " + e.getMessage(), e);
        }
    }

    /** Parses YAML text; data paths are resolved against {@code baseDir}. */
    public static PipelineSpec parse(String text, String file, Path baseDir) {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            long line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
            throw new PipelineException(file + (line > 0 ? " line " + line : "") + ": not valid YAML: "
                    + String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse(""), e);
        } catch (RuntimeException e) {
            // SnakeYAML's own limits (aliases, nesting, size) and its other refusals
            throw new PipelineException(file + ": not a pipeline file YAML can read: " + Objects.toString(e.getMessage(),
                    e.getClass().getSimpleName()).lines().findFirst().orElse(""), e);
        }
        ConfigNode top = ConfigNode.root(file, root, PipelineException::new);
        if (top.isMissing()) {
            throw new PipelineException(file + ": the file is empty; expected the sections data, model, compile, fit");
        }
        top.requireMap(keys("seed", "data", "cleaning", "preprocessing", "augmentation", "model", "compile", "fit",
                "privacy", "output"));
        Long seed = top.has("seed") ? top.integer("seed", 0) : null;
        DataSpec data = data(top.required("data"), baseDir);
        CleaningSpec cleaning = cleaning(top.get("cleaning"), data);
        ModelSpec model = model(top.required("model"));
        List<TransformSpec> pre = new ArrayList<>();
        for (ConfigNode n : top.list("preprocessing")) {
            EntrySpec e = entry(n);
            String input = e.args().string("input", model.inputs().get(0));
            if (!model.inputs().contains(input)) {
                throw e.args().get("input").error("no model input named '" + input + "' (inputs: "
                        + String.join(", ", model.inputs()) + ")");
            }
            pre.add(new TransformSpec(e, e.args().strings("columns"), input));
        }
        if (!pre.isEmpty() && data.isImages()) {
            throw top.get("preprocessing").error("preprocessing transforms work on table columns; for images put a "
                    + "Rescaling layer first in model.layers");
        }
        for (String in : model.inputs()) {
            if (model.inputs().size() > 1 && pre.stream().noneMatch(t -> t.input().equals(in))) {
                throw top.get("preprocessing").error("no step feeds model input '" + in + "'; give each step an "
                        + "input: key naming one of " + String.join(", ", model.inputs()));
            }
        }
        List<EntrySpec> aug = top.list("augmentation").stream().map(PipelineSpec::entry).toList();
        CompileSpec compile = compile(top.required("compile"));
        FitSpec fit = fit(top.get("fit"), data);
        ConfigNode out = top.get("output");
        String output = null;
        if (!out.isMissing()) {
            out.requireMap(keys("model"));
            output = out.string("model", null);
        }
        PrivacyOptions privacy = privacy(top.get("privacy"));
        if (privacy != null && fit.balancedClassWeight()) {
            throw fit.node().get("class_weight").error("balanced weights come from the training data's class counts, so "
                    + "one example changes the weight of every example of its class and DP-SGD's bound no longer holds; "
                    + "give fixed weights ({0: 1.0, 1: 3.0}) or none");
        }
        return new PipelineSpec(file, baseDir, seed, data, cleaning, List.copyOf(pre), aug, model, compile, fit, output,
                privacy);
    }

    /**
     * {@code privacy:}: DP-SGD with {@code l2_norm_clip} and {@code noise_multiplier} and/or
     * {@code target_epsilon}, at {@code delta} (default 1e-5).
     */
    private static PrivacyOptions privacy(ConfigNode p) {
        if (p.isMissing()) {
            return null;
        }
        p.requireMap(keys("noise_multiplier", "l2_norm_clip", "target_epsilon", "delta"));
        if (!p.has("noise_multiplier") && !p.has("target_epsilon")) {
            throw p.error("give noise_multiplier, target_epsilon or both (e.g. target_epsilon: 3.0)");
        }
        if (!p.has("l2_norm_clip")) {
            throw p.error("l2_norm_clip is required: the largest L2 norm an example's gradient may have (e.g. 1.0)");
        }
        double clip = p.positiveNumber("l2_norm_clip", 1);
        PrivacyOptions o;
        if (p.has("noise_multiplier")) {
            double noise = p.positiveNumber("noise_multiplier", 1);
            o = PrivacyOptions.of(noise, clip);
            if (p.has("target_epsilon")) {
                o.targetEpsilon(p.positiveNumber("target_epsilon", 1));
            }
        } else {
            o = PrivacyOptions.targetEpsilon(p.positiveNumber("target_epsilon", 1), clip);
        }
        if (p.has("delta")) {
            double delta = p.get("delta").asNumber();
            if (!(delta > 0 && delta < 1)) {
                throw p.get("delta").error("expected a number in (0, 1), e.g. 1e-5, got " + delta);
            }
            o.delta(delta);
        }
        return o;
    }

    private static DataSpec data(ConfigNode d, Path baseDir) {
        d.requireMap(keys("path", "format", "label", "text", "classes", "labels", "image_size", "color_mode",
                "delimiter", "header", "names", "split"));
        List<String> accepted = DataFormats.accepted();
        String name = d.choice("format", null, accepted);
        if (name == null) {
            throw d.get("format").error("required but missing (one of " + String.join(", ", DataFormats.names()) + ")");
        }
        DataFormat format = DataFormats.get(name);
        boolean ownTest = format.hasOwnTestSet();
        List<Path> paths = new ArrayList<>();
        for (String p : d.strings("path")) {
            paths.add(baseDir.resolve(p).normalize());
        }
        if (paths.isEmpty() && format.name().equals("fashion-mnist")) {
            paths.add(Path.of(FashionMnist.SYSTEM_DIR));
        }
        if (paths.isEmpty()) {
            throw d.get("path").error("required but missing (a file or folder, relative to this pipeline file)");
        }
        if (paths.size() > 1 && format.kind() != DataFormat.Kind.TABLE) {
            throw d.get("path").error("a list of files is only supported for table formats ("
                    + DataFormats.namesOf(DataFormat.Kind.TABLE) + "); give one path");
        }
        for (int i = 0; i < paths.size(); i++) {
            if (!Files.exists(paths.get(i))) {
                ConfigNode at = d.get("path");
                throw (paths.size() > 1 ? at.elements().get(i) : at).error("no such file or folder: " + paths.get(i)
                        + (format.name().equals("fashion-mnist") ? ". " + FashionMnist.howToGet(paths.get(i)) : ""));
            }
        }
        String label = d.string("label", switch (format.name()) {
            case "sklearn-csv" -> "target";
            case "json" -> "class";
            case "csv" -> null;
            default -> "label";
        });
        if (label == null) {
            throw d.get("label").error("required for csv data: the name of the column that holds the label");
        }
        Path labels = d.has("labels") ? baseDir.resolve(d.string("labels", null)).normalize() : null;
        if (format.name().equals("idx") && labels == null) {
            throw d.get("labels").error("required for idx data: the IDX file of labels beside the images in path");
        }
        if (labels != null && !Files.isRegularFile(labels)) {
            throw d.get("labels").error("no such file: " + labels);
        }
        int[] imageSize = null;
        if (format.name().equals("image-folder")) {
            List<ConfigNode> s = d.get("image_size").isMissing() ? List.of() : d.get("image_size").elements();
            if (s.size() != 2) {
                throw d.get("image_size").error("required for image-folder data: [height, width]");
            }
            imageSize = new int[] {s.get(0).asPositiveInt(), s.get(1).asPositiveInt()};
        }
        String color = d.choice("color_mode", "rgb", List.of("rgb", "grayscale"));
        String delim = d.string("delimiter", ",");
        if (delim.length() != 1 && !delim.equals("\\t")) {
            throw d.get("delimiter").error("expected one character, got '" + delim + "'");
        }
        boolean header = d.bool("header", true);
        List<String> names = d.strings("names");
        if (!names.isEmpty() && header) {
            throw d.get("names").error("names are for a file without a header line; add header: false");
        }
        ConfigNode s = d.get("split");
        Map<String, Double> split = new LinkedHashMap<>();
        long splitSeed = 42;
        boolean stratify = true;
        if (s.isMissing()) {
            split.put("train", ownTest ? 1.0 : 0.8);
            if (!ownTest) {
                split.put("test", 0.2);
            }
        } else {
            s.requireMap(keys("train", "validation", "test", "seed", "stratify"));
            for (String part : SPLITS) {
                if (s.has(part)) {
                    double f = s.number(part, 0);
                    if (!(f > 0 && f <= 1)) {
                        throw s.get(part).error("expected a fraction in (0, 1], got " + f);
                    }
                    split.put(part, f);
                }
            }
            splitSeed = s.integer("seed", 42);
            stratify = s.bool("stratify", true);
            double sum = split.values().stream().mapToDouble(Double::doubleValue).sum();
            if (!split.containsKey("train")) {
                throw s.get("train").error("required: the fraction of the data to train on");
            }
            if (Math.abs(sum - 1) > 1e-9) {
                throw s.error("the fractions must add up to 1, got " + split + " = " + sum);
            }
            if (split.containsKey("test") && ownTest) {
                throw s.get("test").error(format.name() + " has its own test set; split only the training set (train "
                        + "and validation)");
            }
            if (!split.containsKey("test") && !ownTest) {
                throw s.error("no test fraction: " + format.name() + " data has no test set of its own; add test: 0.2");
            }
        }
        List<String> classes = d.strings("classes");
        return new DataSpec(d, List.copyOf(paths), format, label, d.string("text", null), classes, labels, imageSize,
                color, delim.equals("\\t") ? '\t' : delim.charAt(0), header, names, split, splitSeed, stratify);
    }

    private static CleaningSpec cleaning(ConfigNode c, DataSpec data) {
        if (c.isMissing()) {
            return null;
        }
        c.requireMap(keys("drop_missing", "impute", "fill_value", "drop_duplicates", "clip_quantiles"));
        if (data.isImages()) {
            throw c.error("cleaning works on table rows; " + data.format().name() + " data is images");
        }
        String impute = c.choice("impute", null, List.of("mean", "median", "most_frequent", "constant"));
        boolean drop = c.bool("drop_missing", false);
        if (drop && impute != null) {
            throw c.get("impute").error("give either drop_missing or impute, not both");
        }
        double[] clip = null;
        if (c.has("clip_quantiles")) {
            List<ConfigNode> q = c.get("clip_quantiles").elements();
            if (q.size() != 2) {
                throw c.get("clip_quantiles").error("expected [low, high], e.g. [0.01, 0.99]");
            }
            clip = new double[] {q.get(0).asNumber(), q.get(1).asNumber()};
            if (!(clip[0] >= 0 && clip[0] < clip[1] && clip[1] <= 1)) {
                throw c.get("clip_quantiles").error("expected 0 <= low < high <= 1, got [" + clip[0] + ", " + clip[1] + "]");
            }
        }
        return new CleaningSpec(c, drop, impute, c.number("fill_value", 0), c.bool("drop_duplicates", false), clip);
    }

    private static ModelSpec model(ConfigNode m) {
        m.requireMap(keys("type", "input_shape", "inputs", "layers", "outputs"));
        String type = m.choice("type", "sequential", List.of("sequential", "functional"));
        boolean functional = type.equals("functional");
        int[] input = null;
        if (m.has("input_shape")) {
            if (functional) {
                throw m.get("input_shape").error("a functional model takes each input's shape from its data; drop "
                        + "input_shape");
            }
            input = m.get("input_shape").positiveInts();
        }
        if (!functional && (m.has("inputs") || m.has("outputs"))) {
            throw m.get(m.has("inputs") ? "inputs" : "outputs").error("inputs and outputs are for type: functional");
        }
        List<String> inputs = m.has("inputs") ? m.strings("inputs") : List.of(DEFAULT_INPUT);
        if (inputs.isEmpty() || inputs.stream().distinct().count() != inputs.size()) {
            throw m.get("inputs").error("expected distinct input names, got " + inputs);
        }
        List<ConfigNode> nodes = m.required("layers").elements();
        if (nodes.isEmpty()) {
            throw m.get("layers").error("expected at least one layer");
        }
        List<LayerSpec> layers = new ArrayList<>();
        List<String> known = new ArrayList<>(inputs);
        for (ConfigNode n : nodes) {
            EntrySpec e = entry(n);
            String name = e.args().has("name") ? e.args().get("name").asString() : null;
            List<String> ins = e.args().strings("inputs");
            if (!functional && !ins.isEmpty()) {
                throw e.args().get("inputs").error("inputs are for type: functional; a Sequential layer takes the "
                        + "previous one");
            }
            if (functional) {
                if (ins.isEmpty()) {
                    ins = List.of(known.get(known.size() - 1));
                }
                for (int i = 0; i < ins.size(); i++) {
                    if (!known.contains(ins.get(i))) {
                        ConfigNode at = e.args().get("inputs");
                        throw (at.isArray() ? at.elements().get(i) : at).error("no input or earlier layer named '"
                                + ins.get(i) + "' (known: " + String.join(", ", known) + ")");
                    }
                }
                if (name == null) {
                    throw e.args().get("name").error("required in a functional model: the name other layers and "
                            + "outputs refer to");
                }
            }
            if (name != null) {
                if (known.contains(name)) {
                    throw e.args().get("name").error("the name '" + name + "' is taken");
                }
                known.add(name);
            }
            layers.add(new LayerSpec(e, name, ins));
        }
        List<String> outputs = functional ? (m.has("outputs") ? m.strings("outputs")
                : List.of(layers.get(layers.size() - 1).name())) : List.of();
        for (int i = 0; i < outputs.size(); i++) {
            if (!known.contains(outputs.get(i)) || inputs.contains(outputs.get(i))) {
                ConfigNode at = m.get("outputs");
                throw (at.isArray() ? at.elements().get(i) : at).error("no layer named '" + outputs.get(i) + "'");
            }
        }
        return new ModelSpec(m, type, input, inputs, List.copyOf(layers), outputs);
    }

    private static CompileSpec compile(ConfigNode c) {
        c.requireMap(keys("optimizer", "loss", "metrics"));
        ConfigNode o = c.required("optimizer");
        String opt;
        Map<String, Object> optArgs = new LinkedHashMap<>();
        double lr = Double.NaN;
        Map<String, Object> schedule = null;
        if (o.isObject()) {
            opt = o.required("name").asString();
            optArgs = o.toMap();
            optArgs.remove("name");
            if (optArgs.containsKey("learning_rate")) {
                ConfigNode l = o.get("learning_rate");
                if (l.isObject()) {
                    schedule = Schedules.read(l);
                } else {
                    lr = o.positiveNumber("learning_rate", 0);
                }
                optArgs.remove("learning_rate");
            }
        } else {
            opt = o.asString();
        }
        ConfigNode l = c.required("loss");
        String loss;
        Map<String, Object> lossArgs = new LinkedHashMap<>();
        if (l.isObject()) {
            loss = l.required("name").asString();
            lossArgs = l.toMap();
        } else {
            loss = l.asString();
            lossArgs.put("name", loss);
        }
        List<String> metrics = c.has("metrics") ? c.strings("metrics") : List.of("accuracy");
        return new CompileSpec(c, opt, optArgs, lr, schedule, loss, lossArgs, metrics);
    }

    private static FitSpec fit(ConfigNode f, DataSpec data) {
        if (f.isMissing()) {
            return new FitSpec(f, 1, 32, data.split().containsKey("validation") ? "validation" : null, 0, true, "auto",
                    List.of(), Map.of(), false, DEFAULT_REPORT_DIR, null);
        }
        f.requireMap(keys("epochs", "batch_size", "validation", "validation_split", "shuffle", "verbose", "callbacks",
                "class_weight", "report", "tensorboard"));
        String validation = f.string("validation", data.split().containsKey("validation") ? "validation" : null);
        if (validation != null && !data.split().containsKey(validation)) {
            throw f.get("validation").error("no split named '" + validation + "' in data.split (splits: "
                    + String.join(", ", data.split().keySet()) + ")");
        }
        if ("train".equals(validation)) {
            throw f.get("validation").error("validating on the training split measures nothing; add a validation "
                    + "fraction to data.split");
        }
        double vs = f.number("validation_split", 0);
        if (!(vs >= 0 && vs < 1)) {
            throw f.get("validation_split").error("expected a fraction in (0, 1) of the training split, got " + vs);
        }
        if (vs > 0 && f.has("validation")) {
            throw f.get("validation_split").error("give either validation (a split name) or validation_split, not both");
        }
        Map<String, Double> classWeight = new LinkedHashMap<>();
        boolean balanced = false;
        ConfigNode cw = f.get("class_weight");
        if (!cw.isMissing()) {
            if (cw.raw().isTextual()) {
                if (!cw.asString().equals("balanced")) {
                    throw cw.error("expected balanced or a mapping of class (name or id) to weight, got '"
                            + cw.asString() + "'");
                }
                balanced = true;
            } else {
                for (Map.Entry<String, ConfigNode> e : cw.fields().entrySet()) {
                    double w = e.getValue().asNumber();
                    if (!(w >= 0)) {
                        throw e.getValue().error("expected a non-negative weight, got " + w);
                    }
                    classWeight.put(e.getKey(), w);
                }
            }
        }
        return new FitSpec(f, f.positiveInt("epochs", 1), f.positiveInt("batch_size", 32), vs > 0 ? null : validation,
                vs, f.bool("shuffle", true), f.choice("verbose", "auto", List.of("auto", "bar", "line", "silent")),
                f.list("callbacks").stream().map(PipelineSpec::entry).toList(), classWeight, balanced, report(f),
                tensorboard(f.get("tensorboard")));
    }

    /** {@code fit.report}: a folder (default runs), or false for none. */
    private static String report(ConfigNode f) {
        ConfigNode r = f.get("report");
        if (r.isMissing()) {
            return DEFAULT_REPORT_DIR;
        }
        if (r.raw().isBoolean()) {
            return r.asBool() ? DEFAULT_REPORT_DIR : null;
        }
        if (!r.raw().isTextual() || r.asString().isBlank()) {
            throw r.error("expected a folder for run reports (e.g. runs) or false, got " + ConfigNode.describe(r.raw()));
        }
        return r.asString();
    }

    private static TensorBoardSpec tensorboard(ConfigNode t) {
        if (t.isMissing() || t.raw().isBoolean() && !t.asBool()) {
            return null;
        }
        if (t.raw().isBoolean()) {
            return new TensorBoardSpec(DEFAULT_REPORT_DIR, 0, 0);
        }
        if (t.raw().isTextual() && !t.asString().isBlank()) {
            return new TensorBoardSpec(t.asString(), 0, 0);
        }
        if (!t.isObject()) {
            throw t.error("expected a folder for TensorBoard logs (e.g. runs) or {log_dir, histogram_freq, update_freq}, "
                    + "got " + ConfigNode.describe(t.raw()));
        }
        t.requireMap(keys("log_dir", "histogram_freq", "update_freq"));
        ConfigNode u = t.get("update_freq");
        // Keras's update_freq: 'epoch' (the default), 'batch', or every N steps
        int updateFreq = u.isMissing() ? 0 : u.raw().isTextual() ? switch (u.asString()) {
            case "epoch" -> 0;
            case "batch" -> 1;
            default -> throw u.error("expected epoch, batch or a number of steps, got '" + u.asString() + "'");
        } : t.nonNegativeInt("update_freq", 0);
        return new TensorBoardSpec(t.string("log_dir", DEFAULT_REPORT_DIR), t.nonNegativeInt("histogram_freq", 0),
                updateFreq);
    }

    private static EntrySpec entry(ConfigNode n) {
        return new EntrySpec(n, n.entryName(), n.entryArguments());
    }
}
