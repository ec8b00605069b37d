package dev.landfall.nn.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.landfall.Landfall;
import dev.landfall.data.config.ConfigNode;
import dev.landfall.io.AtomicFiles;
import dev.landfall.data.transform.Pipeline;
import dev.landfall.nn.Model;
import dev.landfall.nn.privacy.PrivacySpent;
import dev.landfall.tensor.Tensor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * The {@code *.landfall} model file (DESIGN.md §6): a zip of {@code model.json} (format version,
 * architecture, compile config, fitted pipeline, labels, serving signature),
 * {@code weights.safetensors}, {@code metadata.json} (version, created, metrics, training-data
 * fingerprint, SHA-256 of every other entry) and optionally {@code optimizer.safetensors}.
 * Written atomically ({@link AtomicFiles}: temp file, fsync, rename); read strictly. Weights that
 * hold NaN or infinities (a diverged run) are refused unless {@link SaveOptions#allowNonFinite}.
 *
 * <pre>{@code
 * ModelFile.save(Path.of("model.landfall"), model, SaveOptions.defaults().pipeline(p).labels(names));
 * LoadedModel m = ModelFile.load(Path.of("model.landfall"));
 * }</pre>
 */
public final class ModelFile {
    /** The format version this Landfall writes and the newest it reads. */
    public static final int FORMAT_VERSION = 1;
    static final String MODEL = "model.json";
    static final String WEIGHTS = "weights.safetensors";
    static final String OPTIMIZER = "optimizer.safetensors";
    static final String METADATA = "metadata.json";
    private static final Set<String> KNOWN = Set.of(MODEL, WEIGHTS, OPTIMIZER, METADATA);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ModelFile() {
    }

    /**
     * Writes a built model (compiled or not) and its companions to {@code file}, atomically: the old
     * file, if any, stays intact until the new one is complete.
     *
     * @throws ModelFileException naming the file when it cannot be written
     */
    public static void save(Path file, Model model, SaveOptions options) {
        String bad = options.allowNonFinite ? null : nonFiniteWeight(model);
        if (bad != null) {
            throw new ModelFileException(file + ": not saved: the weight " + bad + " holds NaN or infinite values (the "
                    + "training diverged); SaveOptions.allowNonFinite(true) saves it anyway");
        }
        Map<String, byte[]> entries = new LinkedHashMap<>();
        ObjectNode m = JSON.createObjectNode();
        m.put("formatVersion", FORMAT_VERSION);
        m.set("architecture", ModelConfig.architecture(model));
        if (model.isCompiled()) {
            m.set("compile", ModelConfig.compileConfig(model));
        }
        if (options.pipelines.size() == 1) {
            m.set("pipeline", options.pipelines.values().iterator().next().toJson());
        } else if (!options.pipelines.isEmpty()) {
            ObjectNode ps = m.putObject("pipelines");
            options.pipelines.forEach((input, p) -> ps.set(input, p.toJson()));
        }
        m.set("labels", JSON.valueToTree(options.labels));
        if (options.labelColumn != null) {
            m.put("labelColumn", options.labelColumn);
        }
        m.set("signature", ServingSignature.of(model, options.pipelines.values()).toJson(JSON));
        m.put("epoch", options.epoch);
        entries.put(MODEL, bytes(m));
        entries.put(WEIGHTS, SafeTensors.write(model.stateDict(), Map.of("format", "pt")));
        if (options.includeOptimizer && model.isCompiled()) {
            entries.put(OPTIMIZER, SafeTensors.write(model.optimizer().stateDict(), null));
        }
        ObjectNode meta = JSON.createObjectNode();
        meta.put("landfallVersion", Landfall.VERSION);
        meta.put("created", Instant.now().toString());
        meta.set("metrics", JSON.valueToTree(options.metrics));
        meta.put("trainingDataFingerprint", options.fingerprint);
        if (model.privacySpent() != null) {
            meta.set("privacy", privacyJson(model.privacySpent()));
        }
        ObjectNode digests = meta.putObject("sha256");
        entries.forEach((name, data) -> digests.put(name, Fingerprints.sha256(data)));
        entries.put(METADATA, bytes(meta));
        writeAtomically(file, entries);
    }

    /** The name of the first weight that holds a NaN or an infinity, or null when all are finite. */
    public static String nonFiniteWeight(Model model) {
        for (Map.Entry<String, Tensor> w : model.stateDict().entrySet()) {
            if (!allFinite(w.getValue())) {
                return w.getKey();
            }
        }
        return null;
    }

    /** Whether every element of a floating tensor is finite (other dtypes always are). */
    static boolean allFinite(Tensor t) {
        if (t.dtype() == dev.landfall.tensor.DType.FLOAT32) {
            for (float v : t.toFloatArray()) {
                if (!Float.isFinite(v)) {
                    return false;
                }
            }
        } else if (t.dtype() == dev.landfall.tensor.DType.FLOAT64) {
            for (double v : t.toDoubleArray()) {
                if (!Double.isFinite(v)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static byte[] bytes(JsonNode n) {
        try {
            return JSON.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new ModelFileException("cannot serialize model JSON: " + e.getMessage(), e);
        }
    }

    private static void writeAtomically(Path file, Map<String, byte[]> entries) {
        try {
            AtomicFiles.write(file, out -> {
                ZipOutputStream zip = new ZipOutputStream(out);
                for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                    zip.putNextEntry(new ZipEntry(e.getKey()));
                    zip.write(e.getValue());
                    zip.closeEntry();
                }
                zip.finish();
            });
        } catch (AtomicFiles.FileWriteException e) {
            throw new ModelFileException(e.getMessage(), e);
        }
    }

    /**
     * Reads a model file strictly: only known entries, no duplicates, sizes within the limits
     * ({@link ModelFileLimits}) before anything is decompressed, the format version not newer than this
     * Landfall's, every digest matching, every field of {@code model.json} of the type it must have, the
     * weights exactly the architecture's, the preprocessing fitting the model's input and the labels its
     * output.
     *
     * @throws ModelFileException whose message names the file, the entry and the key path of the problem;
     *     it is the only exception a damaged or hostile file makes this method throw
     */
    public static LoadedModel load(Path file) {
        String what = String.valueOf(file.getFileName());
        if (!Files.isRegularFile(file)) {
            throw new ModelFileException(file + ": no such model file");
        }
        try {
            return read(file, what);
        } catch (ModelFileException e) {
            throw e;
        } catch (OutOfMemoryError e) {
            throw new ModelFileException(what + ": the model does not fit in this JVM's memory ("
                    + ModelFileLimits.megabytes(Runtime.getRuntime().maxMemory()) + " MB); run with a larger -Xmx", e);
        } catch (RuntimeException e) {
            // a check this reader lacks: still the loader's one exception, with what was being read
            throw new ModelFileException(what + ": the model cannot be rebuilt: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
        }
    }

    private static LoadedModel read(Path file, String what) {
        Map<String, byte[]> entries = readEntries(file, what);
        for (String required : List.of(MODEL, WEIGHTS, METADATA)) {
            if (!entries.containsKey(required)) {
                throw new ModelFileException(what + ": the entry " + required + " is missing");
            }
        }
        ConfigNode model = parse(entries.get(MODEL), what, MODEL);
        int version = model.get("formatVersion").isMissing() ? -1
                : model.get("formatVersion").asIntIn(1, Integer.MAX_VALUE, "a positive format version");
        if (version < 1) {
            throw new ModelFileException(what + ": model.json has no valid formatVersion");
        }
        if (version > FORMAT_VERSION) {
            throw new ModelFileException(what + " has format version " + version + "; this Landfall reads at most "
                    + FORMAT_VERSION + ". Upgrade Landfall to read it");
        }
        ConfigNode meta = parse(entries.get(METADATA), what, METADATA);
        ConfigNode digests = meta.required("sha256").requireObject();
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            if (e.getKey().equals(METADATA)) {
                continue;
            }
            if (!digests.has(e.getKey())) {
                throw new ModelFileException(what + ": metadata.json has no SHA-256 for " + e.getKey());
            }
            if (!digests.get(e.getKey()).asString().equals(Fingerprints.sha256(e.getValue()))) {
                throw new ModelFileException(what + ": " + e.getKey() + " does not match its SHA-256 in metadata.json; "
                        + "the file was modified or damaged");
            }
        }
        Model m = ModelConfig.fromArchitecture(model.required("architecture"), what);
        SafeTensors.Contents weights = SafeTensors.read(entries.get(WEIGHTS), what + "/" + WEIGHTS);
        try {
            m.loadStateDict(weights.tensors(), true);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(what + ": the weights do not fit the architecture: " + e.getMessage(), e);
        }
        Map<String, Tensor> optimizerState = Map.of();
        if (model.has("compile")) {
            ModelConfig.compile(m, model.get("compile"), what);
            if (entries.containsKey(OPTIMIZER)) {
                optimizerState = SafeTensors.read(entries.get(OPTIMIZER), what + "/" + OPTIMIZER).tensors();
                try {
                    m.optimizer().loadStateDict(optimizerState, m.trainableWeights());
                } catch (IllegalArgumentException e) {
                    throw new ModelFileException(what + ": the optimizer state does not fit the model: " + e.getMessage(), e);
                }
            }
        }
        if (meta.has("privacy")) {
            m.recordPrivacy(privacy(meta.get("privacy")));
        }
        Map<String, Pipeline> pipelines = pipelines(model, m);
        List<String> labels = model.has("labels") ? model.get("labels").texts() : List.of();
        checkOutputs(m, labels, model, what);
        Map<String, Double> metrics = new LinkedHashMap<>();
        if (meta.has("metrics")) {
            meta.get("metrics").fields().forEach((k, v) -> metrics.put(k, v.raw().isNumber() ? v.raw().asDouble()
                    : v.raw().isTextual() ? parseMetric(v) : v.asNumber()));
        }
        String labelColumn = model.has("labelColumn") ? model.get("labelColumn").asString() : null;
        return new LoadedModel(m, java.util.Collections.unmodifiableMap(pipelines), List.copyOf(labels), labelColumn,
                ServingSignature.fromJson(model.get("signature")), metrics,
                model.get("epoch").isMissing() ? 0 : model.get("epoch").asIntIn(0, Integer.MAX_VALUE, "an epoch count"),
                optimizerState, meta.has("trainingDataFingerprint") ? meta.get("trainingDataFingerprint").asString() : "",
                meta.has("landfallVersion") ? meta.get("landfallVersion").asString() : "",
                meta.has("created") ? meta.get("created").asString() : "");
    }

    /** The DP-SGD record of metadata.json: each phase's parameters, δ, ε and the order that gave it. */
    private static ObjectNode privacyJson(PrivacySpent p) {
        ObjectNode o = JSON.createObjectNode();
        o.put("mechanism", "DP-SGD (Poisson-sampled Gaussian), RDP accountant");
        if (Double.isFinite(p.epsilon())) { // an unbounded ε (vanishing noise) is written as its absence
            o.put("epsilon", p.epsilon());
            o.put("order", p.order());
        }
        o.put("delta", p.delta());
        o.put("conversion", p.conversion());
        o.put("afterNonPrivateTraining", p.afterNonPrivateTraining());
        o.put("steps", p.steps());
        var phases = o.putArray("phases");
        for (PrivacySpent.Phase ph : p.phases()) {
            phases.addObject().put("noiseMultiplier", ph.noiseMultiplier()).put("sampleRate", ph.sampleRate())
                    .put("steps", ph.steps()).put("l2NormClip", ph.l2NormClip());
        }
        return o;
    }

    private static PrivacySpent privacy(ConfigNode n) {
        List<PrivacySpent.Phase> phases = new ArrayList<>();
        for (ConfigNode ph : n.required("phases").elements()) {
            phases.add(new PrivacySpent.Phase(ph.required("noiseMultiplier").asNumber(),
                    ph.required("sampleRate").asNumber(), ph.required("steps").asLong(),
                    ph.required("l2NormClip").asNumber()));
        }
        boolean bounded = n.has("epsilon");
        return new PrivacySpent(phases, n.required("delta").asNumber(),
                bounded ? n.get("epsilon").asNumber() : Double.POSITIVE_INFINITY,
                bounded ? n.required("order").asNumber() : Double.NaN, n.required("conversion").asString(),
                n.get("afterNonPrivateTraining").isMissing() || n.get("afterNonPrivateTraining").asBool());
    }

    /** Metrics may be NaN or infinite, which JSON writes as text. */
    private static double parseMetric(ConfigNode v) {
        return switch (v.raw().asText()) {
            case "NaN" -> Double.NaN;
            case "Infinity" -> Double.POSITIVE_INFINITY;
            case "-Infinity" -> Double.NEGATIVE_INFINITY;
            default -> v.asNumber();
        };
    }

    /** The fitted preprocessing, checked against the model's inputs. */
    private static Map<String, Pipeline> pipelines(ConfigNode model, Model m) {
        Map<String, Pipeline> pipelines = new LinkedHashMap<>();
        if (model.has("pipeline")) {
            pipelines.put(m.inputNames().get(0), pipeline(model.get("pipeline")));
        }
        if (model.has("pipelines")) {
            for (Map.Entry<String, ConfigNode> e : model.get("pipelines").fields().entrySet()) {
                if (!m.inputNames().contains(e.getKey())) {
                    throw e.getValue().error("the model has no input named '" + e.getKey() + "' (inputs: "
                            + m.inputNames() + ")");
                }
                pipelines.put(e.getKey(), pipeline(e.getValue()));
            }
        }
        ConfigNode at = model.get(model.has("pipeline") ? "pipeline" : "pipelines");
        if (!pipelines.isEmpty() && pipelines.size() != m.inputs().size()) {
            throw at.error("preprocessing feeds " + pipelines.size() + " input(s) but the model has "
                    + m.inputs().size() + " " + m.inputNames());
        }
        for (Map.Entry<String, Pipeline> e : pipelines.entrySet()) {
            Pipeline p = e.getValue();
            if (!p.isFitted()) {
                throw at.error("the preprocessing is not fitted (no raw_schema)");
            }
            var in = m.inputs().get(m.inputNames().indexOf(e.getKey()));
            int[] expected = in.shape().toArray();
            if (!java.util.Arrays.equals(p.outputShape(), expected) || p.outputDType() != in.dtype()) {
                throw at.error("the preprocessing makes examples of shape " + java.util.Arrays.toString(p.outputShape())
                        + " " + p.outputDType().displayName() + " but the model's input '" + e.getKey() + "' takes "
                        + java.util.Arrays.toString(expected) + " " + in.dtype().displayName());
            }
        }
        return pipelines;
    }

    private static Pipeline pipeline(ConfigNode n) {
        try {
            return Pipeline.fromJson(n.raw());
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw n.nestedError(e.getMessage());
        }
    }

    /** Labels fit the first output: one sigmoid unit for two classes, or one unit per class. */
    private static void checkOutputs(Model m, List<String> labels, ConfigNode model, String what) {
        if (labels.isEmpty()) {
            return;
        }
        if (labels.stream().distinct().count() != labels.size()) {
            throw model.get("labels").error("a label is listed twice: " + labels);
        }
        int[] out = m.outputs().get(0).shape().toArray();
        int units = out.length == 0 ? 1 : out[out.length - 1];
        if (!(units == 1 && labels.size() <= 2 || units == labels.size())) {
            throw model.get("labels").error(labels.size() + " labels but the output '" + m.outputNames().get(0)
                    + "' gives " + units + " value(s) per example");
        }
    }

    private static Map<String, byte[]> readEntries(Path file, String what) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile(), StandardCharsets.UTF_8)) {
            if (zip.size() > KNOWN.size()) {
                throw new ModelFileException(what + ": " + zip.size() + " entries; a model file holds at most "
                        + KNOWN.size() + " (" + String.join(", ", new java.util.TreeSet<>(KNOWN)) + ")");
            }
            Set<String> seen = new HashSet<>();
            long total = 0;
            Enumeration<? extends ZipEntry> it = zip.entries();
            while (it.hasMoreElements()) {
                ZipEntry e = it.nextElement();
                if (!KNOWN.contains(e.getName())) {
                    throw new ModelFileException(what + ": unexpected entry '" + e.getName() + "' (a model file holds only "
                            + String.join(", ", new java.util.TreeSet<>(KNOWN)) + ")");
                }
                if (!seen.add(e.getName())) {
                    throw new ModelFileException(what + ": the entry " + e.getName() + " appears twice");
                }
                total += ModelFileLimits.checkEntry(e, what, total);
                try (InputStream in = zip.getInputStream(e)) {
                    entries.put(e.getName(), ModelFileLimits.readEntry(in, e, what));
                }
            }
        } catch (ZipException e) {
            throw new ModelFileException(what + " is not a readable model file (truncated or not a zip archive): "
                    + e.getMessage(), e);
        } catch (IOException e) {
            throw new ModelFileException(what + ": cannot read the model file: " + e.getMessage(), e);
        }
        return entries;
    }

    private static ConfigNode parse(byte[] data, String what, String entry) {
        try {
            JsonNode n = JSON.readTree(data);
            if (n == null || !n.isObject()) {
                throw new ModelFileException(what + ": " + entry + " is not a JSON object");
            }
            return ConfigNode.root(what + ": " + entry, n, ModelFileException::new);
        } catch (IOException e) {
            throw new ModelFileException(what + ": " + entry + " is not valid JSON: " + e.getMessage(), e);
        }
    }
}
