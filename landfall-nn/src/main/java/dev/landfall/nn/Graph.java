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
        return outputs.stream().map(o -> o.layer().name()).toList();
    }

    List<String> inputNames() {
        return inputs.stream().map(Layer::name).toList();
    }

    /** Runs every call in order, propagating masks the Keras way. */
    Result run(Tensors x, CallContext ctx, String modelName) {
        Map<SymbolicTensor, Tensor> values = new IdentityHashMap<>();
        Map<SymbolicTensor, Tensor> masks = new IdentityHashMap<>();
        List<Tensor> given = matchInputs(x, modelName);
        for (int i = 0; i < inputs.size(); i++) {
            values.put(inputs.get(i), given.get(i));
        }
        for (SymbolicTensor node : nodes) {
            List<Tensor> in = new ArrayList<>(node.inputs().size());
            List<Tensor> inMasks = new ArrayList<>(node.inputs().size());
            for (SymbolicTensor s : node.inputs()) {
                in.add(values.get(s));
                inMasks.add(masks.get(s));
            }
            boolean anyMask = inMasks.stream().anyMatch(m -> m != null);
            Layer layer = node.layer();
            values.put(node, layer.forward(in, ctx.withMasks(anyMask ? inMasks : null)));
            Tensor mask = layer.computeMask(in, anyMask ? inMasks : null);
            if (mask != null) {
                masks.put(node, mask);
            }
        }
        Map<String, Tensor> outMasks = new LinkedHashMap<>();
        Map<String, Tensor> named = new LinkedHashMap<>();
        for (SymbolicTensor o : outputs) {
            named.put(o.layer().name(), values.get(o));
            if (masks.containsKey(o)) {
                outMasks.put(o.layer().name(), masks.get(o));
            }
        }
        Tensors result = outputs.size() == 1 ? Tensors.of(values.get(outputs.get(0))) : Tensors.of(named);
        return new Result(result, outMasks);
    }

    private List<Tensor> matchInputs(Tensors x, String modelName) {
        List<Tensor> out = new ArrayList<>(inputs.size());
        if (inputs.size() == 1 && x.isSingle()) {
            out.add(checkInput(inputs.get(0), x.single()));
            return out;
        }
        Map<String, Tensor> named = x.named();
        for (Input in : inputs) {
            Tensor t = named.get(in.name());
            if (t == null) {
                throw new IllegalArgumentException("Model '" + modelName + "' expects inputs named " + inputNames()
                        + "; received " + named.keySet());
            }
            out.add(checkInput(in, t));
        }
        return out;
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
