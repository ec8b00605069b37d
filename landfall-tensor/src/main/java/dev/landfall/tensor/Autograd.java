package dev.landfall.tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The reverse pass: orders the graph topologically without recursion, walks it from the output,
 * sums broadcast gradients back to each input's shape (the only place that does), and accumulates
 * into the leaves' {@code grad}.
 */
final class Autograd {
    private Autograd() {
    }

    static void backward(Tensor root, Tensor gradient, boolean retainGraph) {
        if (!root.requiresGrad) {
            throw new IllegalStateException("backward(): this tensor (shape " + root.shape + ") does not require grad: "
                    + "no input had requiresGrad(true), or it was computed inside Tensor.noGrad()");
        }
        Tensor seed;
        if (gradient == null) {
            if (root.size() != 1) {
                throw new IllegalArgumentException("backward() without a gradient needs a tensor with one element; this "
                        + "one has shape " + root.shape + ". Reduce it first (e.g. loss.mean()) or pass a gradient");
            }
            seed = Tensor.ones(root.shape, root.dtype());
        } else {
            if (!gradient.shape.equals(root.shape)) {
                throw new IllegalArgumentException("backward(gradient): gradient shape " + gradient.shape
                        + " differs from the tensor's shape " + root.shape);
            }
            seed = gradient.detach().to(root.dtype());
        }
        try (var g = Tensor.noGrad()) {
            if (root.gradFn == null) {
                accumulateLeaf(root, seed);
                return;
            }
            List<Node> order = topologicalOrder(root.gradFn);
            Map<Node, Tensor> grads = new IdentityHashMap<>();
            grads.put(root.gradFn, seed);
            for (int i = order.size() - 1; i >= 0; i--) {
                Node node = order.get(i);
                Tensor gOut = grads.remove(node);
                if (gOut == null) {
                    continue;
                }
                if (node.retained != null) {
                    accumulateLeaf(node.retained, gOut);
                }
                Tensor[] gIn;
                if (Anomaly.enabled()) {
                    Anomaly.enterRule(true);
                    try {
                        gIn = Gradients.backward(node, gOut);
                    } finally {
                        Anomaly.enterRule(false);
                    }
                    Anomaly.checkBackward(node.op, gOut, gIn);
                } else {
                    gIn = Gradients.backward(node, gOut);
                }
                for (int k = 0; k < node.inputs.length; k++) {
                    Tensor input = node.inputs[k];
                    if (input == null || !input.requiresGrad || gIn[k] == null) {
                        continue;
                    }
                    Tensor gi = sumTo(gIn[k], input.shape);
                    if (gi.dtype() != input.dtype()) {
                        gi = gi.to(input.dtype());
                    }
                    if (input.gradFn != null) {
                        grads.merge(input.gradFn, gi, Tensor::add);
                    } else {
                        accumulateLeaf(input, gi);
                    }
                }
                if (!retainGraph) {
                    node.release();
                }
            }
        }
    }

    private static void accumulateLeaf(Tensor leaf, Tensor g) {
        // A fresh contiguous tensor the user owns: never a view of another gradient.
        leaf.grad = leaf.grad == null ? g.copy() : leaf.grad.add(g);
    }

    /** Sums a gradient of a broadcast shape back to {@code target}. */
    static Tensor sumTo(Tensor g, Shape target) {
        if (g.shape.equals(target)) {
            return g;
        }
        int lead = g.rank() - target.rank();
        List<Integer> axes = new ArrayList<>();
        for (int i = 0; i < g.rank(); i++) {
            if (i < lead || (target.dim(i - lead) == 1 && g.shape.dim(i) != 1)) {
                axes.add(i);
            }
        }
        Tensor s = axes.isEmpty() ? g : g.sum(axes.stream().mapToInt(Integer::intValue).toArray(), true);
        return s.reshape(target.toArray());
    }

    /** Nodes in an order where each comes after every node it consumes (iterative post-order DFS). */
    private static List<Node> topologicalOrder(Node root) {
        List<Node> order = new ArrayList<>();
        Set<Node> visited = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Node> nodes = new ArrayDeque<>();
        ArrayDeque<int[]> next = new ArrayDeque<>();
        visited.add(root);
        nodes.push(root);
        next.push(new int[] {0});
        while (!nodes.isEmpty()) {
            Node node = nodes.peek();
            int[] i = next.peek();
            if (node.isReleased()) {
                throw new IllegalStateException("Trying to backward through the graph a second time (op " + node.op
                        + "): its saved tensors were freed by the first backward. Pass retainGraph=true to the first "
                        + "backward(gradient, retainGraph) call if you need to call it twice.");
            }
            if (i[0] < node.inputs.length) {
                Tensor in = node.inputs[i[0]++];
                if (in != null && in.gradFn != null && visited.add(in.gradFn)) {
                    nodes.push(in.gradFn);
                    next.push(new int[] {0});
                }
            } else {
                nodes.pop();
                next.pop();
                order.add(node);
            }
        }
        return order;
    }
}
