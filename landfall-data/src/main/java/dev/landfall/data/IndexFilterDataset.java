package dev.landfall.data;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.LongPredicate;

/** Keeps the elements whose position in the upstream pass a predicate accepts (streamed splits). */
final class IndexFilterDataset implements Dataset {
    private final Dataset upstream;
    private final LongPredicate keep;

    IndexFilterDataset(Dataset upstream, LongPredicate keep) {
        this.upstream = upstream;
        this.keep = keep;
    }

    @Override
    public Iterator<Example> iterator(int epoch) {
        Iterator<Example> in = upstream.iterator(epoch);
        return new Iterator<>() {
            private long index;
            private Example next;

            @Override
            public boolean hasNext() {
                while (next == null && in.hasNext()) {
                    Example e = in.next();
                    if (keep.test(index++)) {
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
        return false;
    }
}
