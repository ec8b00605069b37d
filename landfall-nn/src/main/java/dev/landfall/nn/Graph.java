package dev.landfall.nn;

import dev.landfall.data.Tensors;
import dev.landfall.nn.layers.CallContext;
import dev.landfall.nn.layers.Input;
import dev.landfall.nn.layers.Layer;
import dev.landfall.nn.layers.SymbolicTensor;
import dev.landfall.tensor.Tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A model's layer graph: the layer calls from the inputs to the outputs in execution order, the
 * distinct layers with names unique within the model, and the forward pass that propagates masks.
 */
final class Graph {
    /** Outputs of one forward pass and the masks that reached them (by output name; absent when unmasked). */
    record Result(Tensors outputs, Map<String, Tensor> masks) {
    }

    final List<Input> inputs;
    final List<SymbolicTensor> outputs;
    final List<SymbolicTensor> nodes;
    final List<Layer> layers;
    /** For node i, the value slots of its inputs; slots 0..inputs-1 hold the model inputs, then one per node. */
    private final int[][] inputSlots;
    private final int[] outputSlots;
    private List<String> outputNames;

    /**
     * Orders the calls topologically (iteratively), assigns unique layer names, and checks that every
     * output depends only on the listed inputs.
     */
    Graph(List<Input> ins, List<SymbolicTensor> outs) {
        if (ins.isEmpty() || outs.isEmpty()) {
            throw new IllegalArgumentException("A model needs at least one input and one output");
        }
        Set<SymbolicTensor> declared = Collections.newSetFromMap(new IdentityHashMap<>());
        declared.addAll(ins);
        List<SymbolicTensor> order = new ArrayList<>();
        Set<SymbolicTensor> done = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<SymbolicTensor> stack = new ArrayDeque<>();
        ArrayDeque<Integer> next = new ArrayDeque<>();
        for (SymbolicTensor out : outs) {
            if (done.contains(out)) {
                continue;
            }
            stack.push(out);
            next.push(0);
            while (!stack.isEmpty()) {
                SymbolicTensor s = stack.peek();
                int i = next.pop();
                if (s instanceof Input in) {
                    if (!declared.contains(in)) {
                        throw new IllegalArgumentException("An output depends on input '" + in.name() + "' "
                                + SymbolicTensor.display(in.shape()) + ", which is not among the model's inputs");
                    }
                    stack.pop();
                    done.add(s);
                } else if (i < s.inputs().size()) {
                    next.push(i + 1);
                    SymbolicTensor child = s.inputs().get(i);
                    if (!done.contains(child)) {
                        if (stack.contains(child)) {
                            throw new IllegalArgumentException("The layer graph has a cycle at " + child.layer());
                        }
                        stack.push(child);
                        next.push(0);
                    }
                } else {
                    stack.pop();
                    if (done.add(s)) {
                        order.add(s);
                    }
                }
            }
        }
        List<Layer> ls = new ArrayList<>();
        Set<Layer> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Input in : ins) {
            if (seen.add(in)) {
                ls.add(in);
            }
        }
        for (SymbolicTensor s : order) {
            if (seen.add(s.layer())) {
                ls.add(s.layer());
            }
        }
        assignNames(ls);
        this.inputs = List.copyOf(ins);
        this.outputs = List.copyOf(outs);
        this.nodes = Collections.unmodifiableList(order);
        this.layers = Collections.unmodifiableList(ls);
        Map<SymbolicTensor, Integer> slot = new IdentityHashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            slot.putIfAbsent(inputs.get(i), i);
        }
        for (int i = 0; i < nodes.size(); i++) {
            slot.put(nodes.get(i), inputs.size() + i);
        }
        this.inputSlots = new int[nodes.size()][];
        for (int i = 0; i < nodes.size(); i++) {
            this.inputSlots[i] = nodes.get(i).inputs().stream().mapToInt(slot::get).toArray();
        }
        this.outputSlots = outputs.stream().mapToInt(slot::get).toArray();
    }

    private static void assignNames(List<Layer> ls) {
        Set<String> used = new HashSet<>();
        for (Layer l : ls) {
            if (l.name() != null && !used.add(l.name())) {
                throw new IllegalArgumentException("Layer names must be unique within a model: '" + l.name()
                        + "' is used twice");
            }
        }
        for (Layer l : ls) {
            if (l.name() == null) {
                String base = l.defaultName();
                String candidate = base;
                for (int i = 1; used.contains(candidate); i++) {
                    candidate = base + "_" + i;
                }
                l.setName(candidate);
                used.add(candidate);
            }
        }
    }

    List<String> outputNames() {
        // Made again only when a layer was renamed since (setName), so a step allocates nothing here.
        List<String> names = outputNames;
        boolean current = names != null;
        for (int i = 0; current && i < outputs.size(); i++) {
            current = names.get(i) == outputs.get(i).layer().name();
        }
        if (!current) {
            names = outputs.stream().map(o -> o.layer().name()).toList();
            outputNames = names;
        }
        return names;
    }

    List<String> inputNames() {
        return inputs.stream().map(Layer::name).toList();
    }

    /** Runs every call in order, propagating masks the Keras way. */
    Result run(Tensors x, CallContext ctx, String modelName) {
        int n = inputs.size();
        Tensor[] values = new Tensor[n + nodes.size()];
        Tensor[] masks = null; // made when the first mask appears
        matchInputs(x, modelName, values);
        for (int i = 0; i < nodes.size(); i++) {
            int[] from = inputSlots[i];
            List<Tensor> in;
            List<Tensor> inMasks = null;
            if (from.length == 1) {
                in = List.of(values[from[0]]);
            } else {
                Tensor[] a = new Tensor[from.length];
                for (int k = 0; k < from.length; k++) {
                    a[k] = values[from[k]];
                }
                in = java.util.Arrays.asList(a);
            }
            if (masks != null) {
                Tensor[] m = new Tensor[from.length];
                boolean any = false;
                for (int k = 0; k < from.length; k++) {
                    m[k] = masks[from[k]];
                    any |= m[k] != null;
                }
                inMasks = any ? java.util.Arrays.asList(m) : null;
            }
            Layer layer = nodes.get(i).layer();
            values[n + i] = layer.forward(in, inMasks == null && ctx.masks() == null ? ctx : ctx.withMasks(inMasks));
            Tensor mask = layer.computeMask(in, inMasks);
            if (mask != null) {
                if (masks == null) {
                    masks = new Tensor[values.length];
                }
                masks[n + i] = mask;
            }
        }
        if (outputs.size() == 1 && (masks == null || masks[outputSlots[0]] == null)) {
            return new Result(Tensors.of(values[outputSlots[0]]), Map.of());
        }
        Map<String, Tensor> outMasks = new LinkedHashMap<>();
        Map<String, Tensor> named = new LinkedHashMap<>();
        for (int i = 0; i < outputs.size(); i++) {
            String name = outputs.get(i).layer().name();
            named.put(name, values[outputSlots[i]]);
            if (masks != null && masks[outputSlots[i]] != null) {
                outMasks.put(name, masks[outputSlots[i]]);
            }
        }
        Tensors result = outputs.size() == 1 ? Tensors.of(values[outputSlots[0]]) : Tensors.of(named);
        return new Result(result, outMasks);
    }

    private void matchInputs(Tensors x, String modelName, Tensor[] values) {
        if (inputs.size() == 1 && x.isSingle()) {
            values[0] = checkInput(inputs.get(0), x.single());
            return;
        }
        Map<String, Tensor> named = x.named();
        for (int i = 0; i < inputs.size(); i++) {
            Input in = inputs.get(i);
            Tensor t = named.get(in.name());
            if (t == null) {
                throw new IllegalArgumentException("Model '" + modelName + "' expects inputs named " + inputNames()
                        + "; received " + named.keySet());
            }
            values[i] = checkInput(in, t);
        }
    }

    private static Tensor checkInput(Input in, Tensor t) {
        if (t.rank() == 0 || !Layer.perExample(t.shape()).equals(in.shape())) {
            throw new IllegalArgumentException("Input '" + in.name() + "' expects examples of shape "
                    + SymbolicTensor.display(in.shape()) + "; received a batch of shape " + t.shape()
                    + (t.rank() == 0 ? "" : " (examples of shape " + SymbolicTensor.display(Layer.perExample(t.shape())) + ")"));
        }
        return t.dtype() == in.dtype() ? t : t.to(in.dtype());
    }
}
