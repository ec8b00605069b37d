package dev.landfall.data;

import dev.landfall.data.augment.Augmentation;
import dev.landfall.tensor.Rng;
import java.util.Iterator;
import java.util.Objects;

/** Applies a random augmentation to each example's features with a per-(epoch, index) stream. */
final class AugmentDataset implements Dataset {
    private final Dataset upstream;
    private final Rng root;
    private final Augmentation augmentation;

    AugmentDataset(Dataset upstream, long seed, Augmentation augmentation) {
        DatasetChecks.checkUnbatched(upstream, "augment");
        this.upstream = upstream;
        this.root = Rng.of(seed).derive("augment");
        this.augmentation = Objects.requireNonNull(augmentation, "augment: the augmentation is null");
    }

    @Override
    public Iterator<Example> iterator(int epoch) {
        Iterator<Example> in = upstream.iterator(epoch);
        Rng epochRng = root.derive(epoch);
        return new Iterator<>() {
            private long index;

            @Override
            public boolean hasNext() {
                return in.hasNext();
            }

            @Override
            public Example next() {
                Example e = in.next();
                Rng rng = epochRng.derive(index++);
                return e.withFeatures(e.features().apply(t -> augmentation.apply(t, rng)));
            }
        };
    }

    @Override
    public long cardinality() {
        return upstream.cardinality();
    }

    @Override
    public boolean isBatched() {
        return false;
    }

    @Override
    public boolean isInMemory() {
        return upstream.isInMemory();
    }
}
