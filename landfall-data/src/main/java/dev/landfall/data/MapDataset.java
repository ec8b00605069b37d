package dev.landfall.data;

import java.util.Iterator;
import java.util.Objects;
import java.util.function.UnaryOperator;

/** Applies a function to every element. */
final class MapDataset extends ForwardingDataset {
    private final UnaryOperator<Example> f;

    MapDataset(Dataset upstream, UnaryOperator<Example> f) {
        super(upstream);
        this.f = Objects.requireNonNull(f, "map: the function is null");
    }

    @Override
    public Iterator<Example> iterator(int epoch) {
        return new UpstreamIterator(upstream.iterator(epoch)) {
            @Override
            Example advance() {
                if (!in.hasNext()) {
                    return null;
                }
                Example out = f.apply(in.next());
                if (out == null) {
                    throw new IllegalStateException("map: the function returned null; return an Example "
                            + "(use filter to drop elements)");
                }
                return out;
            }
        };
    }
}
