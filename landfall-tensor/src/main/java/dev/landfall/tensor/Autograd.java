package dev.landfall.tensor;

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
            Node[] order = topologicalOrder(root.gradFn);
            root.gradFn.pendingGrad = seed;
            try {
                run(order, retainGraph);
            } finally {
                for (Node n : order) {
                    n.pendingGrad = null; // a failed rule must not leave partial sums for a later backward
                    n.pendingOwned = false;
                }
            }
        }
    }

    private static void run(Node[] order, boolean retainGraph) {
        for (int i = order.length - 1; i >= 0; i--) {
            Node node = order[i];
            Tensor gOut = node.pendingGrad;
            node.pendingGrad = null;
            node.pendingOwned = false;
            if (gOut == null) {
                continue;
            }
            if (node.retained != null) {
                accumulateLeaf(node.retained, gOut);
            }
            if (node.op == Op.SLICE && addSliceInPlace(node, gOut)) {
                if (!retainGraph) {
                    node.release();
                }
                continue;
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
                    Node producer = input.gradFn;
                    if (producer.pendingGrad == null) {
                        producer.pendingGrad = gi; // may alias another gradient: never written to
                    } else if (producer.pendingOwned) {
                        producer.pendingGrad.addInPlace(gi);
                    } else {
                        producer.pendingGrad = producer.pendingGrad.add(gi);
                        producer.pendingOwned = true;
                    }
                } else {
                    accumulateLeaf(input, gi);
                }
            }
            if (!retainGraph) {
                node.release();
            }
        }
    }

    /**
     * A slice's gradient added straight into its input's accumulated gradient, in place: a loop that reads
     * step t of a sequence (a recurrent layer's {@code select(1, t)}) would otherwise make a zero tensor of
     * the whole input per step and sum them, T full-size tensors for T slices. Returns false where the
     * input's gradient goes the ordinary way (a leaf, or no gradient wanted).
     */
    private static boolean addSliceInPlace(Node node, Tensor g) {
        Tensor input = node.inputs[0];
        if (input == null || !input.requiresGrad || input.gradFn == null) {
            return false;
        }
        Ops.SliceAttrs s = (Ops.SliceAttrs) node.attrs;
        Node producer = input.gradFn;
        if (!producer.pendingOwned) {
            Tensor acc = producer.pendingGrad == null ? Tensor.zeros(input.shape, input.dtype())
                    : producer.pendingGrad.to(input.dtype()).copy();
            producer.pendingGrad = acc;
            producer.pendingOwned = true;
        }
        int count = g.shape.dim(s.axis());
        Tensor region = producer.pendingGrad.slice(s.axis(), s.start(), s.start() + (count - 1) * s.step() + 1, s.step());
        region.addInPlace(g.dtype() == input.dtype() ? g : g.to(input.dtype()));
        return true;
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
        int count = 0;
        int[] axes = new int[g.rank()];
        for (int i = 0; i < g.rank(); i++) {
            if (i < lead || (target.dim(i - lead) == 1 && g.shape.dim(i) != 1)) {
                axes[count++] = i;
            }
        }
        Tensor s = count == 0 ? g : g.sum(java.util.Arrays.copyOf(axes, count), true);
        return s.reshape(target.dimsUnsafe());
    }

    private static final java.util.concurrent.atomic.AtomicLong WALKS = new java.util.concurrent.atomic.AtomicLong();

    /** Nodes in an order where each comes after every node it consumes (iterative post-order DFS). */
    private static Node[] topologicalOrder(Node root) {
        long walk = WALKS.incrementAndGet(); // marks the nodes this walk has seen, instead of a visited set
        Node[] order = new Node[16];
        int size = 0;
        Node[] stack = new Node[16];
        int[] next = new int[16];
        int top = 0;
        root.walk = walk;
        stack[0] = root;
        next[0] = 0;
        top = 1;
        while (top > 0) {
            Node node = stack[top - 1];
            if (node.isReleased()) {
                throw new IllegalStateException("Trying to backward through the graph a second time (op " + node.op
                        + "): its saved tensors were freed by the first backward. Pass retainGraph=true to the first "
                        + "backward(gradient, retainGraph) call if you need to call it twice.");
            }
            if (next[top - 1] < node.inputs.length) {
                Tensor in = node.inputs[next[top - 1]++];
                if (in != null && in.gradFn != null && in.gradFn.walk != walk) {
                    in.gradFn.walk = walk;
                    if (top == stack.length) {
                        stack = java.util.Arrays.copyOf(stack, top * 2);
                        next = java.util.Arrays.copyOf(next, top * 2);
                    }
                    stack[top] = in.gradFn;
                    next[top++] = 0;
                }
            } else {
                top--;
                if (size == order.length) {
                    order = java.util.Arrays.copyOf(order, size * 2);
                }
                order[size++] = node;
            }
        }
        return java.util.Arrays.copyOf(order, size);
    }
}
