package dev.landfall.data;

import dev.landfall.tensor.Rng;
import dev.landfall.tensor.Tensor;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Examples that are slices along axis 0 of tensors in memory. Selection (take, skip, split), a full
 * per-epoch shuffle and batching are index arithmetic here; batches are one gather per tensor.
 */
final class InMemoryDataset implements Dataset {
    private final Tensors features;
    private final Tensors target;
    private final Tensor weight;
    private final int[] indices;
    private final Long shuffleSeed;
    private final int batchSize;
    private final boolean dropRemainder;

    InMemoryDataset(Tensors features, Tensors target, Tensor weight, int[] indices, Long shuffleSeed,
            int batchSize, boolean dropRemainder) {
        this.features = features;
        this.target = target;
        this.weight = weight;
        this.indices = indices;
        this.shuffleSeed = shuffleSeed;
        this.batchSize = batchSize;
        this.dropRemainder = dropRemainder;
    }

    static InMemoryDataset of(Tensors features, Tensors target, Tensor weight) {
        int n = -1;
        String first = null;
        for (var e : features.named().entrySet()) {
            if (e.getValue().rank() == 0) {
                throw new IllegalArgumentException("fromTensors: feature \"" + e.getKey()
                        + "\" is a scalar; examples are slices along axis 0, so it needs at least one dimension");
            }
            if (n < 0) {
                n = e.getValue().dim(0);
                first = "feature \"" + e.getKey() + "\"";
            }
        }
        check(first, n, target, "target");
        if (weight != null && (weight.rank() != 1 || weight.dim(0) != n)) {
            throw new IllegalArgumentException("fromTensors: sample weights need shape [" + n + "] (one per example);"
                    + " got " + weight.shape());
        }
        for (var e : features.named().entrySet()) {
            if (e.getValue().dim(0) != n) {
                throw new IllegalArgumentException("fromTensors: " + first + " has " + n + " examples but feature \""
                        + e.getKey() + "\" has " + e.getValue().dim(0) + " (shape " + e.getValue().shape() + ")");
            }
        }
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        return new InMemoryDataset(features, target, weight, all, null, 0, false);
    }

    private static void check(String first, int n, Tensors t, String what) {
        if (t == null) {
            return;
        }
        for (var e : t.named().entrySet()) {
            if (e.getValue().rank() == 0 || e.getValue().dim(0) != n) {
                throw new IllegalArgumentException("fromTensors: " + first + " has " + n + " examples but " + what
                        + " \"" + e.getKey() + "\" has shape " + e.getValue().shape());
            }
        }
    }

    InMemoryDataset withIndices(int[] idx) {
        return new InMemoryDataset(features, target, weight, idx, shuffleSeed, batchSize, dropRemainder);
    }

    int[] indices() {
        return indices.clone();
    }

    Tensors target() {
        return target;
    }

    /** The order of epoch {@code epoch}: the selection, permuted when shuffled. */
    private int[] order(int epoch) {
        int[] order = indices.clone();
        if (shuffleSeed != null) {
            permute(order, Rng.of(shuffleSeed).derive("shuffle").derive(epoch));
        }
        return order;
    }

    /** Fisher–Yates with a counter-based stream: draw k picks among the first n-k elements. */
    static void permute(int[] a, Rng rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i, i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    @Override
    public Iterator<Example> iterator(int epoch) {
        int[] order = order(epoch);
        int step = batchSize == 0 ? 1 : batchSize;
        int end = batchSize > 0 && dropRemainder ? order.length - order.length % batchSize : order.length;
        return new Iterator<>() {
            private int at;

            @Override
            public boolean hasNext() {
                return at < end;
            }

            @Override
            public Example next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int from = at;
                at = Math.min(end, at + step);
                if (batchSize == 0) {
                    int i = order[from];
                    return new Example(features.apply(t -> t.select(0, i)),
                            target == null ? null : target.apply(t -> t.select(0, i)),
                            weight == null ? null : weight.select(0, i));
                }
                int[] rows = new int[at - from];
                System.arraycopy(order, from, rows, 0, rows.length);
                Tensor idx = Tensor.wrap(rows, rows.length);
                return new Example(features.apply(t -> t.indexSelect(0, idx)),
                        target == null ? null : target.apply(t -> t.indexSelect(0, idx)),
                        weight == null ? null : weight.indexSelect(0, idx));
            }
        };
    }

    @Override
    public long cardinality() {
        if (batchSize == 0) {
            return indices.length;
        }
        return dropRemainder ? indices.length / batchSize : (indices.length + batchSize - 1) / batchSize;
    }

    @Override
    public boolean isBatched() {
        return batchSize > 0;
    }

    @Override
    public boolean isInMemory() {
        return true;
    }

    @Override
    public boolean orderDependsOnEpoch() {
        return shuffleSeed != null;
    }

    @Override
    public Dataset shuffle(long seed) {
        if (batchSize > 0 || shuffleSeed != null) {
            return new ShuffleBufferDataset(this, seed, (int) Math.max(1, cardinality()));
        }
        return new InMemoryDataset(features, target, weight, indices, seed, 0, false);
    }

    @Override
    public Dataset batch(int n, boolean drop) {
        DatasetChecks.checkBatch(this, n);
        return new InMemoryDataset(features, target, weight, indices, shuffleSeed, n, drop);
    }

    @Override
    public Dataset take(long n) {
        DatasetChecks.nonNegative("take", n);
        if (batchSize > 0 || shuffleSeed != null) {
            return Dataset.super.take(n);
        }
        int k = (int) Math.min(n, indices.length);
        return withIndices(java.util.Arrays.copyOfRange(indices, 0, k));
    }

    @Override
    public Dataset skip(long n) {
        DatasetChecks.nonNegative("skip", n);
        if (batchSize > 0 || shuffleSeed != null) {
            return Dataset.super.skip(n);
        }
        int k = (int) Math.min(n, indices.length);
        return withIndices(java.util.Arrays.copyOfRange(indices, k, indices.length));
    }
}
