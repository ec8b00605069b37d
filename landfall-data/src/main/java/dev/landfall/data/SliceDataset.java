package dev.landfall.data;

import java.util.Iterator;
import java.util.NoSuchElementException;

/** Elements {@code [from, to)} of the upstream dataset (take and skip). */
final class SliceDataset implements Dataset {
    private final Dataset upstream;
    private final long from;
    private final long to;

    SliceDataset(Dataset upstream, long from, long to) {
        this.upstream = upstream;
        this.from = from;
        this.to = to;
    }

    @Override
    public Iterator<Example> iterator(int epoch) {
        Iterator<Example> in = upstream.iterator(epoch);
        return new Iterator<>() {
            private long at;

            @Override
            public boolean hasNext() {
                while (at < from && in.hasNext()) {
                    in.next();
                    at++;
                }
                return at < to && in.hasNext();
            }

            @Override
            public Example next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                at++;
                return in.next();
            }
        };
    }

    @Override
    public long cardinality() {
        long n = upstream.cardinality();
        if (n < 0) {
            return -1;
        }
        return Math.max(0, Math.min(n, to) - from);
    }

    @Override
    public boolean isBatched() {
        return upstream.isBatched();
    }

    @Override
    public boolean isInMemory() {
        return upstream.isInMemory();
    }
}
