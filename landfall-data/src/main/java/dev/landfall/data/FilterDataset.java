package dev.landfall.data;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Predicate;

/** Keeps the elements a predicate accepts. */
final class FilterDataset implements Dataset {
    private final Dataset upstream;
    private final Predicate<Example> keep;

    FilterDataset(Dataset upstream, Predicate<Example> keep) {
        this.upstream = upstream;
        this.keep = Objects.requireNonNull(keep, "filter: the predicate is null");
    }

    @Override
    public Iterator<Example> iterator(int epoch) {
        Iterator<Example> in = upstream.iterator(epoch);
        return new Iterator<>() {
            private Example next;

            @Override
            public boolean hasNext() {
                while (next == null && in.hasNext()) {
                    Example e = in.next();
                    if (keep.test(e)) {
                        next = e;
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
        return -1;
    }

    @Override
    public boolean isBatched() {
        return upstream.isBatched();
    }

    @Override
    public boolean isInMemory() {
        return false; // in-memory datasets have a known cardinality; a filtered one does not
    }
}
