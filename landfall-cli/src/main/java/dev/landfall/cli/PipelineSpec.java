package dev.landfall.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A pipeline file ({@code train PIPELINE.yaml}), read and validated: every problem is reported with
 * the file and the key path. The sections are described in the README ("Pipeline files").
 *
 * @param file the file's name, for messages
 * @param baseDir the folder data paths are relative to (the file's folder)
 * @param seed the global seed ({@code Landfall.setSeed}), or null for a random one
 */
record PipelineSpec(String file, Path baseDir, Long seed, DataSpec data, List<TransformSpec> preprocessing,
                    List<EntrySpec> augmentation, ModelSpec model, CompileSpec compile, FitSpec fit, String output) {

    static final List<String> FORMATS = List.of("csv", "sklearn-csv", "idx", "fashion-mnist", "text-json", "image-folder");
    static final List<String> SPLITS = List.of("train", "validation", "test");

    /** Where the data is and how to read and split it. */
    record DataSpec(YamlNode node, List<Path> paths, String format, String label, String text, List<String> classes,
                    Path labels, int[] imageSize, String colorMode, char delimiter, Map<String, Double> split,
                    long splitSeed, boolean stratify) {
        boolean hasOwnTestSet() {
            return format.equals("fashion-mnist");
        }

        boolean isImages() {
            return format.equals("idx") || format.equals("fashion-mnist") || format.equals("image-folder");
        }
    }

    /** A named entry with arguments: a transform, an augmentation, a layer, a callback. */
    record EntrySpec(YamlNode node, String name, YamlNode args) {
    }

    /** One preprocessing step: a transform over some raw columns (empty = every feature column). */
    record TransformSpec(EntrySpec entry, List<String> columns) {
    }

    /** A Sequential model: an optional per-example input shape and the layers. */
    record ModelSpec(YamlNode node, int[] inputShape, List<EntrySpec> layers) {
    }

    record CompileSpec(YamlNode node, String optimizer, Map<String, Object> optimizerArgs, double learningRate,
                       String loss, Map<String, Object> lossArgs, List<String> metrics) {
    }

    record FitSpec(YamlNode node, int epochs, int batchSize, String validation, double validationSplit,
                   boolean shuffle, String verbose, List<EntrySpec> callbacks) {
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** Reads and validates a pipeline file. @throws CliException naming the file and key path */
    static PipelineSpec read(Path yaml) {
        if (!Files.isRegularFile(yaml)) {
            throw new CliException(yaml + ": no such pipeline file");
        }
        try {
            return parse(Files.readString(yaml), yaml.getFileName().toString(),
                    yaml.toAbsolutePath().normalize().getParent());
        } catch (IOException e) {
            throw new CliException(yaml + ": cannot read the file: " + e.getMessage(), e);
        }
    }

    /** Parses YAML text; data paths are resolved against {@code baseDir}. */
    static PipelineSpec parse(String text, String file, Path baseDir) {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            long line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
            throw new CliException(file + (line > 0 ? " line " + line : "") + ": not valid YAML: "
                    + e.getOriginalMessage().lines().findFirst().orElse(""), e);
        }
        YamlNode top = new YamlNode(file, "", root);
        if (top.isMissing()) {
            throw new CliException(file + ": the file is empty; expected the sections data, model, compile, fit");
        }
        top.requireMap(keys("seed", "data", "preprocessing", "augmentation", "model", "compile", "fit", "output"));
        Long seed = top.has("seed") ? top.integer("seed", 0) : null;
        DataSpec data = data(top.required("data"), baseDir);
        List<TransformSpec> pre = new ArrayList<>();
        for (YamlNode n : top.list("preprocessing")) {
            EntrySpec e = entry(n);
            pre.add(new TransformSpec(e, e.args().strings("columns")));
        }
        if (!pre.isEmpty() && data.isImages()) {
            throw top.get("preprocessing").error("preprocessing transforms work on table columns; for images put a "
                    + "Rescaling layer first in model.layers");
        }
        List<EntrySpec> aug = top.list("augmentation").stream().map(PipelineSpec::entry).toList();
        ModelSpec model = model(top.required("model"));
        CompileSpec compile = compile(top.required("compile"));
        FitSpec fit = fit(top.get("fit"), data);
        YamlNode out = top.get("output");
        String output = null;
        if (!out.isMissing()) {
            out.requireMap(keys("model"));
            output = out.string("model", null);
        }
        return new PipelineSpec(file, baseDir, seed, data, List.copyOf(pre), aug, model, compile, fit, output);
    }

    private static DataSpec data(YamlNode d, Path baseDir) {
        d.requireMap(keys("path", "format", "label", "text", "classes", "labels", "image_size", "color_mode",
                "delimiter", "split"));
        String format = d.choice("format", null, FORMATS);
        if (format == null) {
            throw d.get("format").error("required but missing (one of " + String.join(", ", FORMATS) + ")");
        }
        List<Path> paths = new ArrayList<>();
        for (String p : d.strings("path")) {
            paths.add(baseDir.resolve(p).normalize());
        }
        if (paths.isEmpty() && format.equals("fashion-mnist")) {
            paths.add(Path.of(dev.landfall.data.catalog.FashionMnist.SYSTEM_DIR));
        }
        if (paths.isEmpty()) {
            throw d.get("path").error("required but missing (a file or folder, relative to this pipeline file)");
        }
        if (paths.size() > 1 && !format.equals("text-json")) {
            throw d.get("path").error("a list of files is only supported for text-json; give one path");
        }
        for (int i = 0; i < paths.size(); i++) {
            if (!Files.exists(paths.get(i))) {
                YamlNode at = d.get("path");
                throw (paths.size() > 1 ? at.elements().get(i) : at).error("no such file or folder: " + paths.get(i)
                        + (format.equals("fashion-mnist") ? ". " + dev.landfall.data.catalog.FashionMnist.howToGet(paths.get(i)) : ""));
            }
        }
        String label = d.string("label", switch (format) {
            case "sklearn-csv" -> "target";
            case "text-json" -> "class";
            case "csv" -> null;
            default -> "label";
        });
        if (label == null) {
            throw d.get("label").error("required for csv data: the name of the column that holds the label");
        }
        Path labels = d.has("labels") ? baseDir.resolve(d.string("labels", null)).normalize() : null;
        if (format.equals("idx") && labels == null) {
            throw d.get("labels").error("required for idx data: the IDX file of labels beside the images in path");
        }
        int[] imageSize = null;
        if (format.equals("image-folder")) {
            List<YamlNode> s = d.get("image_size").isMissing() ? List.of() : d.get("image_size").elements();
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
        YamlNode s = d.get("split");
        Map<String, Double> split = new LinkedHashMap<>();
        long splitSeed = 42;
        boolean stratify = true;
        if (s.isMissing()) {
            split.put("train", format.equals("fashion-mnist") ? 1.0 : 0.8);
            if (!format.equals("fashion-mnist")) {
                split.put("test", 0.2);
            }
        } else {
            s.requireMap(keys("train", "validation", "test", "seed", "stratify"));
            for (String name : SPLITS) {
                if (s.has(name)) {
                    double f = s.number(name, 0);
                    if (!(f > 0 && f <= 1)) {
                        throw s.get(name).error("expected a fraction in (0, 1], got " + f);
                    }
                    split.put(name, f);
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
            if (split.containsKey("test") && format.equals("fashion-mnist")) {
                throw s.get("test").error("fashion-mnist has its own test set of 10,000 images; split only the "
                        + "training set (train and validation)");
            }
            if (!split.containsKey("test") && !format.equals("fashion-mnist")) {
                throw s.error("no test fraction: " + format + " data has no test set of its own; add test: 0.2");
            }
        }
        List<String> classes = d.strings("classes");
        return new DataSpec(d, List.copyOf(paths), format, label, d.string("text", "text"), classes, labels, imageSize,
                color, delim.equals("\\t") ? '\t' : delim.charAt(0), split, splitSeed, stratify);
    }

    private static ModelSpec model(YamlNode m) {
        m.requireMap(keys("type", "input_shape", "layers"));
        m.choice("type", "sequential", List.of("sequential"));
        int[] input = null;
        if (m.has("input_shape")) {
            YamlNode s = m.get("input_shape");
            List<YamlNode> dims = s.raw().isArray() ? s.elements() : List.of(s);
            input = new int[dims.size()];
            for (int i = 0; i < input.length; i++) {
                input[i] = dims.get(i).asPositiveInt();
            }
        }
        List<YamlNode> layers = m.required("layers").elements();
        if (layers.isEmpty()) {
            throw m.get("layers").error("expected at least one layer");
        }
        return new ModelSpec(m, input, layers.stream().map(PipelineSpec::entry).toList());
    }

    private static CompileSpec compile(YamlNode c) {
        c.requireMap(keys("optimizer", "loss", "metrics"));
        YamlNode o = c.required("optimizer");
        String opt;
        Map<String, Object> optArgs = new LinkedHashMap<>();
        double lr = Double.NaN;
        if (o.raw().isObject()) {
            opt = o.required("name").asString();
            optArgs = o.toMap();
            optArgs.remove("name");
            if (optArgs.containsKey("learning_rate")) {
                lr = o.positiveNumber("learning_rate", 0);
                optArgs.remove("learning_rate");
            }
        } else {
            opt = o.asString();
        }
        YamlNode l = c.required("loss");
        String loss;
        Map<String, Object> lossArgs = new LinkedHashMap<>();
        if (l.raw().isObject()) {
            loss = l.required("name").asString();
            lossArgs = l.toMap();
        } else {
            loss = l.asString();
            lossArgs.put("name", loss);
        }
        List<String> metrics = c.has("metrics") ? c.strings("metrics") : List.of("accuracy");
        return new CompileSpec(c, opt, optArgs, lr, loss, lossArgs, metrics);
    }

    private static FitSpec fit(YamlNode f, DataSpec data) {
        if (f.isMissing()) {
            return new FitSpec(f, 1, 32, data.split().containsKey("validation") ? "validation" : null, 0, true, "auto",
                    List.of());
        }
        f.requireMap(keys("epochs", "batch_size", "validation", "validation_split", "shuffle", "verbose", "callbacks"));
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
        return new FitSpec(f, f.positiveInt("epochs", 1), f.positiveInt("batch_size", 32), vs > 0 ? null : validation,
                vs, f.bool("shuffle", true), f.choice("verbose", "auto", List.of("auto", "bar", "line", "silent")),
                f.list("callbacks").stream().map(PipelineSpec::entry).toList());
    }

    private static EntrySpec entry(YamlNode n) {
        return new EntrySpec(n, n.entryName(), n.entryArguments());
    }

    static Set<String> keys(String... k) {
        return new LinkedHashSet<>(List.of(k));
    }
}
