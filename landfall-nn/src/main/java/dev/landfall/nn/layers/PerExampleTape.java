package dev.landfall.nn.layers;

import dev.landfall.nn.Weight;
import dev.landfall.tensor.DType;
import dev.landfall.tensor.Shape;
import dev.landfall.tensor.Tensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-example gradients without a backward pass per example (DP-SGD, {@link dev.landfall.nn.privacy}).
 * During a private training step each layer tells the tape how each trainable weight enters its output
 * {@code z}, in one of four forms that cover Landfall's layers; the tape keeps {@code z}'s gradient from
 * the one backward pass of the summed per-example losses, and per-example gradients follow from it the
 * way Opacus's grad samplers compute them:
 * <ul>
 *   <li>{@link #linear}: {@code z = x · W} over the last axis (Dense, the attention projections, a
 *       convolution on its patches): example i's gradient is {@code Σ_p x[i,p]ᵀ g[i,p]};</li>
 *   <li>{@link #bias}: {@code z = … + b}: {@code Σ_p g[i,p]};</li>
 *   <li>{@link #scale}: {@code z = y·γ + …}: {@code Σ_p y[i,p] g[i,p]};</li>
 *   <li>{@link #gather}: {@code z = E[ids]} (Embedding): {@code g[i,p]} added to row {@code ids[i,p]}.</li>
 * </ul>
 * Where a weight enters one call with one position per example (a Dense layer on flat features) the
 * norms come from {@code |x_i|·|g_i|} and the clipped sum from one matrix product, so the per-example
 * gradients are never stored; elsewhere they are materialized, {@code [batch, …weight shape]}.
 */
public final class PerExampleTape {
    private enum Kind { LINEAR, BIAS, SCALE, GATHER, TABLE }

    /** @param row for a bias: the row of a 2-D bias weight added to z, or −1 for the whole weight */
    private record Entry(Kind kind, Weight weight, Tensor input, Tensor z, int row) {
        Entry(Kind kind, Weight weight, Tensor input, Tensor z) {
            this(kind, weight, input, z, -1);
        }
    }

    private final List<Entry> entries = new ArrayList<>();
    /** Per-example gradients already materialized (by the norms, for the clipped sum). */
    private final Map<Weight, Tensor> materializedCache = new LinkedHashMap<>();

    /** Records {@code z = x · W} (W reshaped to {@code [x.dim(-1), z.dim(-1)]}), x and z batched. */
    public void linear(Weight w, Tensor x, Tensor z) {
        add(new Entry(Kind.LINEAR, w, x, z));
    }

    /** Records that {@code b} is added to {@code z} along its last axis. */
    public void bias(Weight b, Tensor z) {
        add(new Entry(Kind.BIAS, b, null, z));
    }

    /** Records that row {@code row} of a 2-D bias weight is added to {@code z} (GRU's input and recurrent biases). */
    public void biasRow(Weight b, int row, Tensor z) {
        add(new Entry(Kind.BIAS, b, null, z, row));
    }

    /**
     * Records that the leading rows of a table weight are added to each example whole ({@code z = x + W[:steps]},
     * learned positions): example i's gradient is its own {@code g[i]}, zero in the rows it did not use.
     */
    public void table(Weight w, Tensor z) {
        add(new Entry(Kind.TABLE, w, null, z));
    }

    /** Records {@code z = y·γ (+ …)} with γ along the last axis. */
    public void scale(Weight gamma, Tensor y, Tensor z) {
        add(new Entry(Kind.SCALE, gamma, y, z));
    }

    /** Records {@code z = E[ids]}: rows of the weight picked by integer ids. */
    public void gather(Weight e, Tensor ids, Tensor z) {
        add(new Entry(Kind.GATHER, e, ids, z));
    }

    private void add(Entry e) {
        if (e.weight == null || !e.weight.trainable()) {
            return;
        }
        e.z.retainGrad();
        entries.add(e);
    }

    /** The weights recorded so far. */
    public java.util.Set<Weight> weights() {
        java.util.Set<Weight> out = new java.util.LinkedHashSet<>();
        entries.forEach(e -> out.add(e.weight));
        return out;
    }

    /** Forgets the records (a new step). */
    public void clear() {
        entries.clear();
        materializedCache.clear();
    }

    /**
     * Backpropagates {@code summedLoss} (the sum of the per-example losses) to the recorded outputs. The
     * batch gradients of the weights the tape covers by its dense rules are not computed, since per-example
     * gradients replace them (an embedding table's still is: it is a cheap scatter, and the gather needs
     * the table to carry the graph).
     */
    public void backward(Tensor summedLoss) {
        List<Tensor> paused = new ArrayList<>();
        for (Map.Entry<Weight, List<Entry>> e : byWeight().entrySet()) {
            Tensor v = e.getKey().value();
            if (v.requiresGrad() && e.getValue().stream().noneMatch(x -> x.kind == Kind.GATHER)) {
                v.requiresGrad(false);
                paused.add(v);
            }
        }
        try {
            summedLoss.backward();
        } finally {
            paused.forEach(v -> v.requiresGrad(true));
        }
    }

    private Map<Weight, List<Entry>> byWeight() {
        Map<Weight, List<Entry>> m = new LinkedHashMap<>();
        for (Entry e : entries) {
            m.computeIfAbsent(e.weight, k -> new ArrayList<>()).add(e);
        }
        return m;
    }

    /**
     * Each example's gradient of each recorded weight, {@code [batch, …weight shape]}, after the backward
     * pass of the summed per-example losses.
     */
    public Map<Weight, Tensor> perExample(int batch) {
        Map<Weight, Tensor> out = new LinkedHashMap<>();
        try (var g = Tensor.noGrad()) {
            byWeight().forEach((w, es) -> out.put(w, materialized(w, es, batch)));
        }
        return out;
    }

    /** The squared L2 norm of each example's gradient over all recorded weights. */
    public double[] squaredNorms(int batch) {
        double[] total = new double[batch];
        try (var g = Tensor.noGrad()) {
            for (Map.Entry<Weight, List<Entry>> e : byWeight().entrySet()) {
                List<Entry> es = e.getValue();
                double[] v;
                if (es.size() == 1 && es.get(0).kind == Kind.GATHER) {
                    v = gatherSquaredNorms(es.get(0), batch);
                } else {
                    Tensor n = es.size() == 1 && direct(es.get(0)) ? directSquaredNorms(es.get(0))
                            : flat(materialized(e.getKey(), es, batch)).square().sum(new int[] {1}, false);
                    v = n.to(DType.FLOAT64).toDoubleArray();
                }
                for (int i = 0; i < batch; i++) {
                    total[i] += v[i];
                }
            }
        }
        return total;
    }

    /** {@code Σ_i c_i ∇ℓ_i} for each recorded weight: the clipped sum when {@code c} are clipping factors. */
    public Map<Weight, Tensor> weightedSum(double[] c) {
        Map<Weight, Tensor> out = new LinkedHashMap<>();
        try (var g = Tensor.noGrad()) {
            for (Map.Entry<Weight, List<Entry>> e : byWeight().entrySet()) {
                Weight w = e.getKey();
                List<Entry> es = e.getValue();
                Tensor cw = Tensor.fromArray(c).to(w.value().dtype());
                Tensor sum;
                if (es.size() == 1 && direct(es.get(0))) {
                    Entry d = es.get(0);
                    Tensor x = rows(d.input);
                    Tensor gz = rows(gradOf(d));
                    sum = x.transpose(0, 1).matmul(gz.mul(cw.reshape(c.length, 1)));
                } else if (es.size() == 1 && es.get(0).kind == Kind.GATHER) {
                    sum = gatherSum(es.get(0), c);
                } else {
                    sum = cw.reshape(1, c.length).matmul(flat(materialized(w, es, c.length)));
                }
                out.put(w, sum.reshape(w.shape().toArray()));
            }
        }
        return out;
    }

    /** A linear record with one position per example: norms and sums without per-example storage. */
    private static boolean direct(Entry e) {
        return e.kind == Kind.LINEAR && e.input.rank() == 2;
    }

    private static Tensor directSquaredNorms(Entry e) {
        Tensor x = rows(e.input);
        Tensor g = rows(gradOf(e));
        int[] last = {1};
        return x.square().sum(last, false).mul(g.square().sum(last, false));
    }

    private static Tensor rows(Tensor t) {
        return t.reshape(t.dim(0), -1);
    }

    private static Tensor flat(Tensor perExample) {
        return perExample.reshape(perExample.dim(0), -1);
    }

    /** z's gradient, zeros where z did not reach the loss. */
    private static Tensor gradOf(Entry e) {
        Tensor g = e.z.grad();
        return g != null ? g : Tensor.zeros(e.z.shape(), e.z.dtype());
    }

    private Tensor materialized(Weight w, List<Entry> es, int batch) {
        Tensor cached = materializedCache.get(w);
        if (cached != null && cached.dim(0) == batch) {
            return cached;
        }
        Tensor sum = null;
        for (Entry e : es) {
            Tensor t = materialized(e, batch);
            sum = sum == null ? t : sum.add(t);
        }
        int[] dims = new int[w.shape().rank() + 1];
        dims[0] = batch;
        System.arraycopy(w.shape().toArray(), 0, dims, 1, dims.length - 1);
        Tensor out = sum.reshape(dims);
        materializedCache.put(w, out);
        return out;
    }

    private static Tensor materialized(Entry e, int batch) {
        Tensor g = gradOf(e);
        int out = g.dim(-1);
        Tensor g3 = g.reshape(batch, -1, out);
        return switch (e.kind) {
            case LINEAR -> e.input.reshape(batch, -1, e.input.dim(-1)).transpose(1, 2).matmul(g3); // xᵀg per example
            case BIAS -> e.row < 0 ? g3.sum(new int[] {1}, false) : inRow(g3.sum(new int[] {1}, false), e);
            case SCALE -> e.input.reshape(batch, -1, out).mul(g3).sum(new int[] {1}, false);
            case GATHER -> gatherPerExample(e, batch);
            case TABLE -> {
                int used = g.dim(1);
                int rows = e.weight.shape().dim(0);
                yield used == rows ? g : Tensor.concat(1, g, Tensor.zeros(Shape.of(batch, rows - used, g.dim(2)),
                        g.dtype()));
            }
        };
    }

    /** A per-example bias gradient {@code [batch, width]} placed in its row of a {@code [batch, rows, width]} zero tensor. */
    private static Tensor inRow(Tensor g, Entry e) {
        Tensor[] rows = new Tensor[e.weight.shape().dim(0)];
        for (int r = 0; r < rows.length; r++) {
            rows[r] = r == e.row ? g : Tensor.zeros(g.shape(), g.dtype());
        }
        return Tensor.stack(1, rows);
    }

    private static Tensor gatherPerExample(Entry e, int batch) {
        int rows = e.weight.shape().dim(0);
        int width = e.weight.shape().dim(1);
        int[] ids = e.input.to(DType.INT32).toIntArray();
        double[] g = gradOf(e).to(DType.FLOAT64).toDoubleArray();
        int per = ids.length / batch;
        double[] out = new double[batch * rows * width];
        for (int i = 0; i < batch; i++) {
            for (int p = 0; p < per; p++) {
                int id = ids[i * per + p];
                int src = (i * per + p) * width;
                int dst = (i * rows + id) * width;
                for (int k = 0; k < width; k++) {
                    out[dst + k] += g[src + k];
                }
            }
        }
        return Tensor.fromArray(out, batch, rows, width).to(e.weight.value().dtype());
    }

    /** Each example's squared norm over the embedding rows it touched, each row summed first. */
    private static double[] gatherSquaredNorms(Entry e, int batch) {
        int width = e.weight.shape().dim(1);
        int[] ids = e.input.to(DType.INT32).toIntArray();
        double[] g = gradOf(e).to(DType.FLOAT64).toDoubleArray();
        int per = ids.length / batch;
        double[] out = new double[batch];
        Map<Integer, double[]> rowSums = new java.util.HashMap<>();
        for (int i = 0; i < batch; i++) {
            rowSums.clear();
            for (int p = 0; p < per; p++) {
                double[] acc = rowSums.computeIfAbsent(ids[i * per + p], k -> new double[width]);
                int src = (i * per + p) * width;
                for (int k = 0; k < width; k++) {
                    acc[k] += g[src + k];
                }
            }
            for (double[] acc : rowSums.values()) {
                for (double a : acc) {
                    out[i] += a * a;
                }
            }
        }
        return out;
    }

    /** Embedding rows scattered with each example's factor, without a per-example table. */
    private static Tensor gatherSum(Entry e, double[] c) {
        int batch = c.length;
        int rows = e.weight.shape().dim(0);
        int width = e.weight.shape().dim(1);
        int[] ids = e.input.to(DType.INT32).toIntArray();
        double[] g = gradOf(e).to(DType.FLOAT64).toDoubleArray();
        int per = ids.length / batch;
        double[] out = new double[rows * width];
        for (int i = 0; i < batch; i++) {
            for (int p = 0; p < per; p++) {
                int src = (i * per + p) * width;
                int dst = ids[i * per + p] * width;
                for (int k = 0; k < width; k++) {
                    out[dst + k] += c[i] * g[src + k];
                }
            }
        }
        return Tensor.fromArray(out, rows, width).to(e.weight.value().dtype());
    }
}
