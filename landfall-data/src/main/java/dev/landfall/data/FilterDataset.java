package dev.landfall.data;

import java.util.Iterator;
import java.util.Objects;
import java.util.function.LongPredicate;
import java.util.function.Predicate;

/** Keeps the elements a test of (position in the upstream pass, element) accepts: filter and streamed splits. */
final class FilterDataset extends ForwardingDataset {
    /** Whether to keep the element at {@code index} of the upstream pass. */
    interface Keep {
        boolean test(long index, Example e);
    }

    private final Keep keep;

    private FilterDataset(Dataset upstream, Keep keep) {
        super(upstream);
        this.keep = keep;
    }

    static FilterDataset byExample(Dataset upstream, Predicate<Example> keep) {
        Objects.requireNonNull(keep, "filter: the predicate is null");
        return new FilterDataset(upstream, (i, e) -> keep.test(e));
    }

    static FilterDataset byIndex(Dataset upstream, LongPredicate keep) {
        return new FilterDataset(upstream, (i, e) -> keep.test(i));
    }

    @Override
    public Iterator<Example> iterator(int epoch) {
        return new UpstreamIterator(upstream.iterator(epoch)) {
            private long index;

            @Override
            Example advance() {
                while (in.hasNext()) {
                    Example e = in.next();
                    if (keep.test(index++, e)) {
                        return e;
                    }
                }
                return null;
            }
        };
    }

    @Override
    public long cardinality() {
        return -1;
    }

    @Override
    public boolean isInMemory() {
        return false; // in-memory datasets have a known cardinality; a filtered one does not
    }
}
