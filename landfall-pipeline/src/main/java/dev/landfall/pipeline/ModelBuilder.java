package dev.landfall.pipeline;

import dev.landfall.compress.PolynomialDecay;
import dev.landfall.compress.PruneLowMagnitude;
import dev.landfall.data.config.ConfigNode;
import dev.landfall.nn.Activations;
import dev.landfall.nn.Loss;
import dev.landfall.nn.Losses;
import dev.landfall.nn.Memory;
import dev.landfall.nn.Metric;
import dev.landfall.nn.Metrics;
import dev.landfall.nn.Model;
import dev.landfall.nn.Optimizers;
import dev.landfall.nn.Sequential;
import dev.landfall.nn.callbacks.CSVLogger;
import dev.landfall.nn.callbacks.Callback;
import dev.landfall.nn.callbacks.EarlyStopping;
import dev.landfall.nn.callbacks.ModelCheckpoint;
import dev.landfall.nn.callbacks.ReduceLROnPlateau;
import dev.landfall.nn.callbacks.TerminateOnNaN;
import dev.landfall.nn.io.SaveOptions;
import dev.landfall.nn.layers.Input;
import dev.landfall.nn.layers.Layer;
import dev.landfall.nn.layers.Layers;
import dev.landfall.nn.layers.SymbolicTensor;
import dev.landfall.nn.optimizers.LearningRateSchedules;
import dev.landfall.nn.optimizers.Optimizer;
import dev.landfall.tensor.DType;
import dev.landfall.tensor.Shape;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

import static dev.landfall.data.config.ConfigNode.keys;

/** Builds the model, its compile settings and its callbacks from a pipeline file's sections. */
final class ModelBuilder {
    /** Keras config keys that must be positive integers (or lists of them). */
    private static final Set<String> POSITIVE = Set.of("units", "filters", "input_dim", "output_dim", "num_heads",
            "key_dim", "value_dim", "kernel_size", "strides", "pool_size", "dilation_rate");
    /** Keys a layer cannot do without. */
    private static final Map<String, List<String>> REQUIRED = Map.of(
            "Dense", List.of("units"), "Conv1D", List.of("filters", "kernel_size"),
            "Conv2D", List.of("filters", "kernel_size"), "Embedding", List.of("input_dim", "output_dim"),
            "MultiHeadAttention", List.of("num_heads", "key_dim"), "Dropout", List.of("rate"),
            "Reshape", List.of("target_shape"), "Activation", List.of("activation"));
    static final List<String> CALLBACKS = List.of("early_stopping", "reduce_lr_on_plateau", "model_checkpoint",
            "csv_logger", "terminate_on_nan", "prune_low_magnitude");

    private ModelBuilder() {
    }

    /** The layer classes a pipeline file may name (Keras class names). */
    static List<String> knownLayers() {
        Set<String> names = new TreeSet<>(Layers.classNames());
        names.remove("InputLayer");
        return List.copyOf(names);
    }

    /** Fresh, unbuilt layers, each checked against its entry's key path. */
    static List<Layer> layers(PipelineSpec.ModelSpec m) {
        List<String> known = knownLayers();
        List<Layer> out = new ArrayList<>();
        for (PipelineSpec.LayerSpec l : m.layers()) {
            out.add(layer(l.entry(), known));
        }
        return out;
    }

    private static Layer layer(PipelineSpec.EntrySpec e, List<String> known) {
        String cls = e.name();
        if (!known.contains(cls)) {
            String hint = known.stream().filter(k -> k.equalsIgnoreCase(cls)).findFirst()
                    .map(k -> "; did you mean '" + k + "'?").orElse("");
            throw e.node().error("unknown layer '" + cls + "' (known: " + String.join(", ", known) + ")" + hint);
        }
        ConfigNode a = e.args();
        for (String k : REQUIRED.getOrDefault(cls, List.of())) {
            if (!a.has(k)) {
                throw a.get(k).error("required for " + cls + " but missing");
            }
        }
        for (String k : a.keys()) {
            ConfigNode v = a.get(k);
            if (POSITIVE.contains(k)) {
                v.positiveInts();
            } else if (k.equals("rate")) {
                double r = v.asNumber();
                if (!(r >= 0 && r < 1)) {
                    throw v.error("expected a fraction in [0, 1), got " + r);
                }
            } else if (k.equals("activation") && !Activations.all().containsKey(v.asString())) {
                throw v.error("unknown activation '" + v.asString() + "' (known: "
                        + String.join(", ", Activations.all().keySet()) + ")");
            } else if (k.equals("padding")) {
                a.choice("padding", "valid", List.of("valid", "same"));
            }
        }
        Map<String, Object> config = a.toMap();
        config.remove("inputs"); // a functional wiring key, not the layer's
        Layer l;
        try {
            l = Layers.fromConfig(cls, config);
        } catch (RuntimeException ex) {
            throw e.node().error(cls + ": " + ex.getMessage());
        }
        Set<String> accepted = new TreeSet<>(l.getConfig().keySet());
        for (String k : a.keys()) {
            if (!accepted.contains(k) && !k.equals("inputs")) {
                throw a.get(k).error("unknown key '" + k + "' for " + cls + " (known: " + String.join(", ", accepted) + ")");
            }
        }
        return l;
    }

    /**
     * The Sequential model for examples of this shape and dtype. A layer that does not fit the
     * shape before it is named by its key path.
     */
    static Sequential sequential(PipelineSpec.ModelSpec m, int[] dataShape, DType dtype) {
        int[] shape = m.inputShape() != null ? m.inputShape() : dataShape;
        if (m.inputShape() != null && !Arrays.equals(m.inputShape(), dataShape)) {
            throw m.node().get("input_shape").error(Arrays.toString(m.inputShape()) + " does not fit the data: "
                    + "after preprocessing each example has shape " + Arrays.toString(dataShape));
        }
        List<Layer> layers = layers(m);
        List<Layer> all = new ArrayList<>();
        all.add(Input.of(Shape.of(shape), dtype));
        all.addAll(layers);
        try {
            return Sequential.of(all.toArray(Layer[]::new));
        } catch (RuntimeException ex) {
            // find the first layer that does not fit, on fresh layers, to name it by its key path
            SymbolicTensor x = Input.of(Shape.of(shape), dtype);
            List<Layer> fresh = layers(m);
            for (int i = 0; i < fresh.size(); i++) {
                try {
                    x = fresh.get(i).apply(x);
                } catch (RuntimeException inner) {
                    throw notFitting(m.layers().get(i), x.shape(), inner);
                }
            }
            throw m.node().error(ex.getMessage());
        }
    }

    /**
     * The functional model: one Input per named model input (shaped like its data), each layer called
     * on the inputs its entry names, the named outputs.
     */
    static Model functional(PipelineSpec.ModelSpec m, Map<String, int[]> inputShapes, Map<String, DType> dtypes) {
        Map<String, SymbolicTensor> values = new LinkedHashMap<>();
        List<Input> inputs = new ArrayList<>();
        for (String name : m.inputs()) {
            Input in = Input.of(Shape.of(inputShapes.get(name)), dtypes.get(name));
            in.setName(name);
            inputs.add(in);
            values.put(name, in);
        }
        List<Layer> layers = layers(m);
        for (int i = 0; i < layers.size(); i++) {
            PipelineSpec.LayerSpec spec = m.layers().get(i);
            SymbolicTensor[] ins = spec.inputs().stream().map(values::get).toArray(SymbolicTensor[]::new);
            try {
                values.put(spec.name(), layers.get(i).apply(ins));
            } catch (RuntimeException ex) {
                throw notFitting(spec, ins.length == 1 ? ins[0].shape() : null, ex);
            }
        }
        List<SymbolicTensor> outputs = m.outputs().stream().map(values::get).toList();
        try {
            return Model.of(inputs, outputs).setName("functional");
        } catch (RuntimeException ex) {
            throw m.node().error(ex.getMessage());
        }
    }

    private static RuntimeException notFitting(PipelineSpec.LayerSpec l, Shape input, RuntimeException cause) {
        if (cause instanceof Memory.TooLargeException) {
            return l.entry().node().error(cause.getMessage());
        }
        return l.entry().node().error(l.entry().name() + " does not fit its input"
                + (input == null ? "s" : " of shape " + input) + ": " + cause.getMessage());
    }

    /** What {@code compile} asks for, built and checked (before any data is read). */
    record Compiled(Optimizer optimizer, Loss loss, Metric[] metrics) {
    }

    static Compiled compiled(PipelineSpec.CompileSpec c) {
        Optimizer opt;
        Map<String, Object> oc = new LinkedHashMap<>(c.optimizerArgs());
        oc.put("name", c.optimizer().equals("SGD") ? "SGD" : c.optimizer().toLowerCase(Locale.ROOT));
        try {
            opt = Optimizers.fromConfig(oc);
            if (!Double.isNaN(c.learningRate())) {
                opt.learningRate(c.learningRate());
            } else if (c.schedule() != null) {
                opt.learningRate(LearningRateSchedules.fromConfig(c.schedule()));
            }
        } catch (RuntimeException ex) {
            throw c.node().get("optimizer").error(ex.getMessage());
        }
        Loss loss;
        try {
            loss = Losses.fromConfig(c.lossArgs());
        } catch (RuntimeException ex) {
            throw c.node().get("loss").error(ex.getMessage());
        }
        List<Metric> metrics = new ArrayList<>();
        for (int i = 0; i < c.metrics().size(); i++) {
            try {
                metrics.add(Metrics.get(c.metrics().get(i)));
            } catch (RuntimeException ex) {
                ConfigNode at = c.node().get("metrics");
                throw (at.isArray() ? at.elements().get(i) : at).error(ex.getMessage());
            }
        }
        return new Compiled(opt, loss, metrics.toArray(Metric[]::new));
    }

    /** Compiles the model as the {@code compile} section says. */
    static void compile(Model model, PipelineSpec.CompileSpec c) {
        Compiled k = compiled(c);
        model.compile(k.optimizer(), k.loss(), k.metrics());
    }

    /**
     * The callbacks of {@code fit.callbacks}.
     *
     * @param saveOptions what a model_checkpoint saves beside the model (asked at each save)
     */
    static List<Callback> callbacks(PipelineSpec.FitSpec f, Supplier<SaveOptions> saveOptions) {
        List<Callback> out = new ArrayList<>();
        for (PipelineSpec.EntrySpec e : f.callbacks()) {
            ConfigNode a = e.args();
            try {
                out.add(switch (e.name()) {
                    case "early_stopping" -> {
                        a.requireMap(keys("monitor", "min_delta", "patience", "mode", "restore_best_weights",
                                "start_from_epoch"));
                        yield new EarlyStopping(a.string("monitor", "val_loss"), a.number("min_delta", 0),
                                a.nonNegativeInt("patience", 0), a.choice("mode", "auto", List.of("auto", "min", "max")),
                                a.bool("restore_best_weights", false), a.nonNegativeInt("start_from_epoch", 0));
                    }
                    case "reduce_lr_on_plateau" -> {
                        a.requireMap(keys("monitor", "factor", "patience", "mode", "min_delta", "cooldown", "min_lr"));
                        yield new ReduceLROnPlateau(a.string("monitor", "val_loss"), a.number("factor", 0.1),
                                a.nonNegativeInt("patience", 10), a.choice("mode", "auto", List.of("auto", "min", "max")),
                                a.number("min_delta", 1e-4), a.nonNegativeInt("cooldown", 0), a.number("min_lr", 0));
                    }
                    case "model_checkpoint" -> {
                        a.requireMap(keys("path", "monitor", "save_best_only", "mode"));
                        yield new ModelCheckpoint(Path.of(a.required("path").asText()),
                                a.string("monitor", "val_loss"), a.bool("save_best_only", true),
                                a.choice("mode", "auto", List.of("auto", "min", "max")), saveOptions);
                    }
                    case "csv_logger" -> {
                        a.requireMap(keys("path"));
                        yield CSVLogger.of(Path.of(a.required("path").asText()));
                    }
                    case "terminate_on_nan" -> {
                        a.requireMap(keys());
                        yield new TerminateOnNaN();
                    }
                    case "prune_low_magnitude" -> {
                        // tfmot's prune_low_magnitude with its PolynomialDecay schedule
                        a.requireMap(keys("initial_sparsity", "final_sparsity", "begin_step", "end_step", "power",
                                "frequency", "scope"));
                        PolynomialDecay schedule = new PolynomialDecay(a.number("initial_sparsity", 0),
                                a.required("final_sparsity").asNumber(), a.integer("begin_step", 0),
                                a.required("end_step").asLong(), a.number("power", 3), a.positiveInt("frequency", 100));
                        yield new PruneLowMagnitude(schedule, a.choice("scope", "layer", List.of("layer", "global"))
                                .equals("global"));
                    }
                    default -> throw e.node().error("unknown callback '" + e.name() + "' (known: "
                            + String.join(", ", CALLBACKS) + ")");
                });
            } catch (IllegalArgumentException ex) {
                throw e.node().error(ex.getMessage());
            }
        }
        return out;
    }
}
