package dev.landfall.data;

import dev.landfall.tensor.Rng;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * tf.data's shuffle buffer: fill with the first {@code bufferSize} elements, then emit a random slot
 * and refill it from upstream. The k-th draw of epoch e uses {@code Rng.of(seed).derive("shuffle")
 * .derive(e).nextInt(k, size)}, so the order depends only on (seed, epoch).
 */
final class ShuffleBufferDataset implements Dataset {
    private final Dataset upstream;
    private final Rng root;
    private final int bufferSize;

    ShuffleBufferDataset(Dataset upstream, long seed, int bufferSize) {
        if (bufferSize < 1) {
            throw new IllegalArgumentException("shuffle: expected a positive buffer size. Received: bufferSize="
                    + bufferSize);
        }
        this.upstream = upstream;
        this.root = Rng.of(seed).derive("shuffle");
        this.bufferSize = bufferSize;
    }

    @Override
    public Iterator<Example> iterator(int epoch) {
        Iterator<Example> in = upstream.iterator(epoch);
        Rng rng = root.derive(epoch);
        return new Iterator<>() {
            private final List<Example> buffer = new ArrayList<>();
            private long draws;

            @Override
            public boolean hasNext() {
                while (buffer.size() < bufferSize && in.hasNext()) {
                    buffer.add(in.next());
                }
                return !buffer.isEmpty();
            }

            @Override
            public Example next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int k = rng.nextInt(draws++, buffer.size());
                Example out = buffer.get(k);
                if (in.hasNext()) {
                    buffer.set(k, in.next());
                } else {
                    Example last = buffer.remove(buffer.size() - 1);
                    if (k < buffer.size()) {
                        buffer.set(k, last);
                    }
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
