package dev.landfall.data;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** Groups consecutive examples into batches. */
final class BatchDataset extends ForwardingDataset {
    private final int size;
    private final boolean dropRemainder;

    BatchDataset(Dataset upstream, int size, boolean dropRemainder) {
        super(upstream);
        this.size = size;
        this.dropRemainder = dropRemainder;
    }

    @Override
    public Iterator<Example> iterator(int epoch) {
        return new UpstreamIterator(upstream.iterator(epoch)) {
            @Override
            Example advance() {
                List<Example> parts = new ArrayList<>(size);
                while (parts.size() < size && in.hasNext()) {
                    parts.add(in.next());
                }
                return !parts.isEmpty() && (parts.size() == size || !dropRemainder) ? Batching.stack(parts) : null;
            }
        };
    }

    @Override
    public long cardinality() {
        long n = upstream.cardinality();
        if (n < 0) {
            return -1;
        }
        return dropRemainder ? n / size : (n + size - 1) / size;
    }

    @Override
    public boolean isBatched() {
        return true;
    }
}
