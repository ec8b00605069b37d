package dev.landfall.nn.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.landfall.data.config.ConfigNode;
import dev.landfall.data.table.ColumnSpec;
import dev.landfall.data.transform.Pipeline;
import dev.landfall.nn.Model;
import dev.landfall.nn.layers.Input;
import dev.landfall.nn.layers.SymbolicTensor;

import java.util.ArrayList;
import java.util.List;

/**
 * What a served model takes and gives: the raw columns before preprocessing, and the model's input
 * and output tensors (shape with -1 for the batch). {@code predict} and the server read it.
 */
public record ServingSignature(List<RawInput> rawInputs, List<TensorSpec> inputs, List<TensorSpec> outputs) {
    /** A raw input column and its type ({@code numeric}, {@code categorical}, {@code text}). */
    public record RawInput(String name, String type) {
    }

    /** A tensor's name, dtype ({@code float32}) and shape with -1 for the batch. */
    public record TensorSpec(String name, String dtype, int[] shape) {
    }

    /** The signature of a model with an optional fitted pipeline in front of it. */
    public static ServingSignature of(Model model, Pipeline pipeline) {
        return of(model, pipeline == null ? List.of() : List.of(pipeline));
    }

    /** The signature of a model with fitted pipelines in front of its inputs (raw columns in order, once each). */
    public static ServingSignature of(Model model, java.util.Collection<Pipeline> pipelines) {
        List<RawInput> raw = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Pipeline pipeline : pipelines) {
            for (ColumnSpec c : pipeline.rawSchema()) {
                if (seen.add(c.name())) {
                    raw.add(new RawInput(c.name(), c.type().name().toLowerCase(java.util.Locale.ROOT)));
                }
            }
        }
        List<TensorSpec> ins = new ArrayList<>();
        for (Input in : model.inputs()) {
            ins.add(new TensorSpec(in.name(), in.dtype().displayName(), batched(in.shape().toArray())));
        }
        List<TensorSpec> outs = new ArrayList<>();
        for (SymbolicTensor o : model.outputs()) {
            outs.add(new TensorSpec(o.layer().name(), o.dtype().displayName(), batched(o.shape().toArray())));
        }
        return new ServingSignature(raw, ins, outs);
    }

    private static int[] batched(int[] perExample) {
        int[] s = new int[perExample.length + 1];
        s[0] = -1;
        System.arraycopy(perExample, 0, s, 1, perExample.length);
        return s;
    }

    ObjectNode toJson(ObjectMapper json) {
        ObjectNode n = json.createObjectNode();
        ArrayNode raw = n.putArray("rawInputs");
        rawInputs.forEach(r -> raw.addObject().put("name", r.name()).put("type", r.type()));
        n.set("inputs", specs(json, inputs));
        n.set("outputs", specs(json, outputs));
        return n;
    }

    private static ArrayNode specs(ObjectMapper json, List<TensorSpec> specs) {
        ArrayNode a = json.createArrayNode();
        for (TensorSpec s : specs) {
            ObjectNode o = a.addObject().put("name", s.name()).put("dtype", s.dtype());
            ArrayNode shape = o.putArray("shape");
            for (int d : s.shape()) {
                shape.add(d);
            }
        }
        return a;
    }

    /** Reads a signature back; a missing one reads as empty. */
    static ServingSignature fromJson(ConfigNode n) {
        if (n.isMissing()) {
            return new ServingSignature(List.of(), List.of(), List.of());
        }
        n.requireObject();
        List<RawInput> raw = new ArrayList<>();
        for (ConfigNode r : n.list("rawInputs")) {
            raw.add(new RawInput(r.requireObject().required("name").asString(), r.required("type").asString()));
        }
        return new ServingSignature(raw, specsFrom(n.list("inputs")), specsFrom(n.list("outputs")));
    }

    private static List<TensorSpec> specsFrom(List<ConfigNode> a) {
        List<TensorSpec> out = new ArrayList<>();
        for (ConfigNode s : a) {
            List<ConfigNode> dims = s.requireObject().required("shape").elements();
            int[] shape = new int[dims.size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = dims.get(i).asIntIn(-1, Integer.MAX_VALUE, "a size (-1 for the batch)");
            }
            out.add(new TensorSpec(s.required("name").asString(), s.required("dtype").asString(), shape));
        }
        return out;
    }
}
