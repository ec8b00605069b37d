package dev.landfall.data;

import dev.landfall.tensor.Rng;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * tf.data's shuffle buffer: fill with the first {@code bufferSize} elements, then emit a random slot
 * and refill it from upstream. The k-th draw of epoch e uses {@code Rng.of(seed).derive("shuffle")
 * .derive(e).nextInt(k, size)}, so the order depends only on (seed, epoch).
 */
final class ShuffleBufferDataset extends ForwardingDataset {
    private final Rng root;
    private final int bufferSize;

    ShuffleBufferDataset(Dataset upstream, long seed, int bufferSize) {
        super(upstream);
        if (bufferSize < 1) {
            throw new IllegalArgumentException("shuffle: expected a positive buffer size. Received: bufferSize="
                    + bufferSize);
        }
        this.root = Rng.of(seed).derive("shuffle");
        this.bufferSize = bufferSize;
    }

    @Override
    public Iterator<Example> iterator(int epoch) {
        Rng rng = root.derive(epoch);
        return new UpstreamIterator(upstream.iterator(epoch)) {
            private final List<Example> buffer = new ArrayList<>();
            private long draws;

            @Override
            Example advance() {
                while (buffer.size() < bufferSize && in.hasNext()) {
                    buffer.add(in.next());
                }
                if (buffer.isEmpty()) {
                    return null;
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
    public boolean orderDependsOnEpoch() {
        return true;
    }
}
