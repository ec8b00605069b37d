package dev.landfall.data;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/** Groups consecutive examples into batches. */
final class BatchDataset implements Dataset {
    private final Dataset upstream;
    private final int size;
    private final boolean dropRemainder;

    BatchDataset(Dataset upstream, int size, boolean dropRemainder) {
        this.upstream = upstream;
        this.size = size;
        this.dropRemainder = dropRemainder;
    }

    @Override
    public Iterator<Example> iterator(int epoch) {
        Iterator<Example> in = upstream.iterator(epoch);
        return new Iterator<>() {
            private Example next;

            @Override
            public boolean hasNext() {
                if (next == null) {
                    List<Example> parts = new ArrayList<>(size);
                    while (parts.size() < size && in.hasNext()) {
                        parts.add(in.next());
                    }
                    if (!parts.isEmpty() && (parts.size() == size || !dropRemainder)) {
                        next = Batching.stack(parts);
                    }
                }
                return next != null;
            }

            @Override
            public Example next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Example e = next;
                next = null;
                return e;
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

    @Override
    public boolean isInMemory() {
        return upstream.isInMemory();
    }
}
