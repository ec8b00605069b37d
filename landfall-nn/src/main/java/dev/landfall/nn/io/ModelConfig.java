package dev.landfall.nn.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.landfall.data.config.ConfigNode;
import dev.landfall.nn.Loss;
import dev.landfall.nn.Losses;
import dev.landfall.nn.Metric;
import dev.landfall.nn.Metrics;
import dev.landfall.nn.Model;
import dev.landfall.nn.Optimizers;
import dev.landfall.nn.Sequential;
import dev.landfall.nn.layers.Input;
import dev.landfall.nn.layers.Layer;
import dev.landfall.nn.layers.Layers;
import dev.landfall.nn.layers.SymbolicTensor;
import dev.landfall.nn.optimizers.Optimizer;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model's architecture and compile configuration as JSON, and back. The architecture lists the
 * distinct layers (class name and Keras-style config) and the layer calls in execution order, each
 * naming its inputs as {@code {"input": name}} or {@code {"node": index}}.
 */
public final class ModelConfig {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelConfig() {
    }

    /** The architecture of a built model. */
    public static ObjectNode architecture(Model model) {
        ObjectNode a = JSON.createObjectNode();
        a.put("class_name", model instanceof Sequential ? "Sequential" : "Functional");
        a.put("name", model.name());
        ArrayNode layers = a.putArray("layers");
        for (Layer l : model.layers()) {
            ObjectNode n = layers.addObject();
            n.put("class_name", l.className());
            n.set("config", JSON.valueToTree(l.getConfig()));
        }
        Map<SymbolicTensor, Integer> index = new IdentityHashMap<>();
        ArrayNode nodes = a.putArray("nodes");
        for (SymbolicTensor s : model.nodes()) {
            ObjectNode n = nodes.addObject();
            n.put("layer", s.layer().name());
            ArrayNode ins = n.putArray("inputs");
            for (SymbolicTensor in : s.inputs()) {
                ins.add(ref(in, index));
            }
            index.put(s, index.size());
        }
        ArrayNode inputs = a.putArray("inputs");
        model.inputs().forEach(i -> inputs.add(i.name()));
        ArrayNode outputs = a.putArray("outputs");
        model.outputs().forEach(o -> outputs.add(ref(o, index)));
        return a;
    }

    private static ObjectNode ref(SymbolicTensor s, Map<SymbolicTensor, Integer> index) {
        ObjectNode r = JSON.createObjectNode();
        if (s instanceof Input in) {
            r.put("input", in.name());
        } else {
            r.put("node", index.get(s));
        }
        return r;
    }

    /**
     * Rebuilds an unbuilt-weights model (weights freshly initialized) from {@link #architecture}.
     *
     * @throws ModelFileException naming what does not fit (unknown layer class, missing reference)
     */
    public static Model fromArchitecture(JsonNode a, String what) {
        ObjectNode doc = JSON.createObjectNode();
        doc.set("architecture", a);
        return fromArchitecture(ConfigNode.root(what + ": " + ModelFile.MODEL, doc, ModelFileException::new)
                .get("architecture"), what);
    }

    /**
     * Rebuilds the model from the architecture at this node of {@code model.json}, every field checked.
     *
     * @throws ModelFileException naming the key path ({@code architecture.layers[2].config.units: expected
     *     an integer, got true}) or what does not fit
     */
    @SuppressWarnings("unchecked")
    public static Model fromArchitecture(ConfigNode a, String what) {
        a.requireObject();
        Map<String, Layer> byName = new LinkedHashMap<>();
        for (ConfigNode n : a.required("layers").elements()) {
            String cls = n.requireObject().required("class_name").asString();
            if (!Layers.isRegistered(cls)) {
                throw n.get("class_name").error("unknown layer class '" + cls + "'; register custom layers with "
                        + "Layers.register before loading");
            }
            ConfigNode config = n.required("config").requireObject();
            Layer l;
            try {
                l = Layers.fromConfig(cls, JSON.convertValue(config.raw(), Map.class));
            } catch (IllegalArgumentException | IllegalStateException | ClassCastException | NullPointerException
                     | ArithmeticException | IndexOutOfBoundsException e) {
                throw keyed(config, e);
            }
            if (l.name() == null || byName.put(l.name(), l) != null) {
                throw config.get("name").error(l.name() == null ? "every layer needs a name"
                        : "the name '" + l.name() + "' is used twice");
            }
        }
        String kind = a.required("class_name").asString();
        Model m;
        try {
            if (kind.equals("Sequential")) {
                m = Sequential.of(byName.values().toArray(Layer[]::new));
            } else if (kind.equals("Functional")) {
                List<SymbolicTensor> done = new ArrayList<>();
                for (ConfigNode n : a.required("nodes").elements()) {
                    Layer l = layer(byName, n.requireObject().required("layer"));
                    List<SymbolicTensor> ins = new ArrayList<>();
                    for (ConfigNode r : n.required("inputs").elements()) {
                        ins.add(resolve(r, byName, done));
                    }
                    try {
                        done.add(l.apply(ins.toArray(SymbolicTensor[]::new)));
                    } catch (IllegalArgumentException | IllegalStateException e) {
                        throw n.error("layer '" + l.name() + "' does not fit its inputs: " + e.getMessage());
                    }
                }
                List<Input> inputs = new ArrayList<>();
                for (ConfigNode i : a.required("inputs").elements()) {
                    if (!(layer(byName, i) instanceof Input in)) {
                        throw i.error("'" + i.asString() + "' is not an input layer");
                    }
                    inputs.add(in);
                }
                List<SymbolicTensor> outputs = new ArrayList<>();
                for (ConfigNode r : a.required("outputs").elements()) {
                    outputs.add(resolve(r, byName, done));
                }
                m = Model.of(inputs, outputs);
            } else {
                throw a.get("class_name").error("unknown model class '" + kind + "' (expected Sequential or Functional)");
            }
        } catch (IllegalArgumentException | IllegalStateException | ClassCastException e) {
            throw new ModelFileException(what + ": the architecture cannot be rebuilt: " + e.getMessage(), e);
        }
        m.setName(a.has("name") ? a.get("name").asString() : m.name());
        return m;
    }

    /** A layer's config error with the config's key path in front (the layer's message starts with the key). */
    private static RuntimeException keyed(ConfigNode config, RuntimeException e) {
        return config.nestedError(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }

    private static Layer layer(Map<String, Layer> byName, ConfigNode name) {
        Layer l = byName.get(name.asString());
        if (l == null) {
            throw name.error("the architecture refers to layer '" + name.asString() + "', which it does not define");
        }
        return l;
    }

    private static SymbolicTensor resolve(ConfigNode r, Map<String, Layer> byName, List<SymbolicTensor> done) {
        r.requireObject();
        if (r.has("input")) {
            if (!(layer(byName, r.get("input")) instanceof Input in)) {
                throw r.get("input").error("'" + r.get("input").asString() + "' is not an input layer");
            }
            return in;
        }
        int i = r.required("node").asIntIn(0, Integer.MAX_VALUE, "a node index");
        if (i >= done.size()) {
            throw r.get("node").error("refers to node " + i + ", which does not come before it");
        }
        return done.get(i);
    }

    /** The compile configuration: optimizer, loss and metric names per output ({@code "*"} = every output). */
    public static ObjectNode compileConfig(Model model) {
        ObjectNode c = JSON.createObjectNode();
        c.set("optimizer", JSON.valueToTree(model.optimizer().getConfig()));
        ObjectNode losses = c.putObject("loss");
        model.compiledLosses().forEach((k, v) -> losses.set(k == null ? "*" : k, JSON.valueToTree(v.getConfig())));
        ObjectNode metrics = c.putObject("metrics");
        model.compiledMetrics().forEach((k, v) -> {
            ArrayNode names = metrics.putArray(k == null ? "*" : k);
            v.forEach(m -> names.add(m.name()));
        });
        return c;
    }

    /** Compiles {@code model} as described by {@link #compileConfig}; metrics not in the registry are left out. */
    public static void compile(Model model, JsonNode c, String what) {
        ObjectNode doc = JSON.createObjectNode();
        doc.set("compile", c);
        compile(model, ConfigNode.root(what + ": " + ModelFile.MODEL, doc, ModelFileException::new).get("compile"), what);
    }

    /** Compiles {@code model} from the compile configuration at this node, every field checked. */
    @SuppressWarnings("unchecked")
    public static void compile(Model model, ConfigNode c, String what) {
        c.requireObject();
        Optimizer opt;
        ConfigNode oc = c.required("optimizer").requireObject();
        try {
            opt = Optimizers.fromConfig(JSON.convertValue(oc.raw(), Map.class));
        } catch (IllegalArgumentException | IllegalStateException | ClassCastException e) {
            throw keyed(oc, e);
        }
        Map<String, Loss> losses = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigNode> e : c.required("loss").fields().entrySet()) {
            try {
                losses.put(e.getKey().equals("*") ? null : e.getKey(), Losses.fromConfig(JSON.convertValue(
                        e.getValue().requireObject().raw(), Map.class)));
            } catch (IllegalArgumentException | IllegalStateException | ClassCastException ex) {
                throw keyed(e.getValue(), ex);
            }
        }
        Map<String, List<Metric>> metrics = new LinkedHashMap<>();
        if (c.has("metrics")) {
            for (Map.Entry<String, ConfigNode> e : c.get("metrics").fields().entrySet()) {
                List<Metric> ms = new ArrayList<>();
                for (String n : e.getValue().texts()) {
                    if (Metrics.names().contains(n)) {
                        ms.add(Metrics.get(n));
                    }
                }
                metrics.put(e.getKey().equals("*") ? null : e.getKey(), ms);
            }
        }
        try {
            model.compile(opt, losses, metrics);
        } catch (IllegalArgumentException e) {
            throw c.error("the compile configuration cannot be restored: " + e.getMessage());
        }
    }
}
