package dev.landfall.nn.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
    @SuppressWarnings("unchecked")
    public static Model fromArchitecture(JsonNode a, String what) {
        try {
            Map<String, Layer> byName = new LinkedHashMap<>();
            for (JsonNode n : a.withArray("layers")) {
                String cls = n.path("class_name").asText();
                if (!Layers.isRegistered(cls)) {
                    throw new ModelFileException(what + ": unknown layer class '" + cls + "'; register custom layers with "
                            + "Layers.register before loading");
                }
                Layer l = Layers.fromConfig(cls, JSON.convertValue(n.get("config"), Map.class));
                byName.put(l.name(), l);
            }
            String kind = a.path("class_name").asText();
            Model m;
            if (kind.equals("Sequential")) {
                m = Sequential.of(byName.values().toArray(Layer[]::new));
            } else if (kind.equals("Functional")) {
                List<SymbolicTensor> done = new ArrayList<>();
                for (JsonNode n : a.withArray("nodes")) {
                    Layer l = layer(byName, n.path("layer").asText(), what);
                    List<SymbolicTensor> ins = new ArrayList<>();
                    for (JsonNode r : n.withArray("inputs")) {
                        ins.add(resolve(r, byName, done, what));
                    }
                    done.add(l.apply(ins.toArray(SymbolicTensor[]::new)));
                }
                List<Input> inputs = new ArrayList<>();
                for (JsonNode i : a.withArray("inputs")) {
                    inputs.add((Input) layer(byName, i.asText(), what));
                }
                List<SymbolicTensor> outputs = new ArrayList<>();
                for (JsonNode r : a.withArray("outputs")) {
                    outputs.add(resolve(r, byName, done, what));
                }
                m = Model.of(inputs, outputs);
            } else {
                throw new ModelFileException(what + ": unknown model class '" + kind + "' (expected Sequential or Functional)");
            }
            m.setName(a.path("name").asText(m.name()));
            return m;
        } catch (IllegalArgumentException | ClassCastException | IllegalStateException e) {
            throw new ModelFileException(what + ": the architecture cannot be rebuilt: " + e.getMessage(), e);
        }
    }

    private static Layer layer(Map<String, Layer> byName, String name, String what) {
        Layer l = byName.get(name);
        if (l == null) {
            throw new ModelFileException(what + ": the architecture refers to layer '" + name + "', which it does not define");
        }
        return l;
    }

    private static SymbolicTensor resolve(JsonNode r, Map<String, Layer> byName, List<SymbolicTensor> done, String what) {
        if (r.has("input")) {
            return (Input) layer(byName, r.get("input").asText(), what);
        }
        int i = r.path("node").asInt(-1);
        if (i < 0 || i >= done.size()) {
            throw new ModelFileException(what + ": a layer call refers to node " + i + ", which does not come before it");
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
    @SuppressWarnings("unchecked")
    public static void compile(Model model, JsonNode c, String what) {
        try {
            Optimizer opt = Optimizers.fromConfig(JSON.convertValue(c.get("optimizer"), Map.class));
            Map<String, Loss> losses = new LinkedHashMap<>();
            c.path("loss").fields().forEachRemaining(e -> losses.put(e.getKey().equals("*") ? null : e.getKey(),
                    Losses.fromConfig(JSON.convertValue(e.getValue(), Map.class))));
            Map<String, List<Metric>> metrics = new LinkedHashMap<>();
            c.path("metrics").fields().forEachRemaining(e -> {
                List<Metric> ms = new ArrayList<>();
                for (JsonNode n : e.getValue()) {
                    if (Metrics.names().contains(n.asText())) {
                        ms.add(Metrics.get(n.asText()));
                    }
                }
                metrics.put(e.getKey().equals("*") ? null : e.getKey(), ms);
            });
            model.compile(opt, losses, metrics);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ModelFileException(what + ": the compile configuration cannot be restored: " + e.getMessage(), e);
        }
    }
}
