package dev.landfall.data;

import java.util.Iterator;
import java.util.Objects;
import java.util.function.UnaryOperator;

/** Applies a function to every element. */
final class MapDataset implements Dataset {
    private final Dataset upstream;
    private final UnaryOperator<Example> f;

    MapDataset(Dataset upstream, UnaryOperator<Example> f) {
        this.upstream = upstream;
        this.f = Objects.requireNonNull(f, "map: the function is null");
    }

    @Override
    public Iterator<Example> iterator(int epoch) {
        Iterator<Example> in = upstream.iterator(epoch);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return in.hasNext();
            }

            @Override
            public Example next() {
                Example out = f.apply(in.next());
                if (out == null) {
                    throw new IllegalStateException("map: the function returned null; return an Example "
                            + "(use filter to drop elements)");
                }
                return out;
            }
        };
    }

    @Override
    public long cardinality() {
        return upstream.cardinality();
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
