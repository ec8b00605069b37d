package dev.landfall.tensor;

/**
 * One recorded operation in the define-by-run graph: its primitive, inputs, attributes and the
 * tensors its backward rule needs, with the storage versions they had when saved.
 */
final class Node {
    private static final int[] NO_VERSIONS = new int[0];
    final Op op;
    final Tensor[] inputs;
    final Object attrs;
    private Tensor[] saved;
    private int[] savedVersions;
    private boolean released;
    /** Set by {@link Tensor#retainGrad()} on this node's output. */
    Tensor retained;
    /** During backward: the gradient summed so far for this node's output. */
    Tensor pendingGrad;
    /** Whether {@link #pendingGrad} is an accumulator the walk made itself, so sums may go into it in place. */
    boolean pendingOwned;
    /** The last backward walk that reached this node (see {@code Autograd.topologicalOrder}). */
    long walk;

    Node(Op op, Tensor[] inputs, Object attrs, Tensor[] saved) {
        this.op = op;
        this.inputs = inputs;
        this.attrs = attrs;
        this.saved = saved;
        this.savedVersions = saved.length == 0 ? NO_VERSIONS : new int[saved.length];
        for (int i = 0; i < saved.length; i++) {
            savedVersions[i] = saved[i].storage.version;
        }
    }

    /** The i-th saved tensor, after checking that nothing modified it in place since it was saved. */
    Tensor saved(int i) {
        if (released) {
            throw new IllegalStateException("Trying to backward through the graph a second time (op " + op
                    + "): its saved tensors were freed by the first backward. Pass retainGraph=true to the first "
                    + "backward(gradient, retainGraph) call if you need to call it twice.");
        }
        Tensor t = saved[i];
        if (t.storage.version != savedVersions[i]) {
            throw new IllegalStateException("A tensor of shape " + t.shape() + " was modified in place after op "
                    + op + " saved it for backward (version " + t.storage.version + ", expected "
                    + savedVersions[i] + "). Modify a clone() instead, or change the tensor before using it.");
        }
        return t;
    }

    void release() {
        released = true;
        saved = null;
        savedVersions = null;
    }

    boolean isReleased() {
        return released;
    }
}
