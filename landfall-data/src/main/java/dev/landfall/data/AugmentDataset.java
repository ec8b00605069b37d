package dev.landfall.data;

import dev.landfall.data.augment.Augmentation;
import dev.landfall.tensor.Rng;
import java.util.Iterator;
import java.util.Objects;

/** Applies a random augmentation to each example's features with a per-(epoch, index) stream. */
final class AugmentDataset extends ForwardingDataset {
    private final Rng root;
    private final Augmentation augmentation;

    AugmentDataset(Dataset upstream, long seed, Augmentation augmentation) {
        super(upstream);
        DatasetChecks.checkUnbatched(upstream, "augment");
        this.root = Rng.of(seed).derive("augment");
        this.augmentation = Objects.requireNonNull(augmentation, "augment: the augmentation is null");
    }

    @Override
    public Iterator<Example> iterator(int epoch) {
        Rng epochRng = root.derive(epoch);
        return new UpstreamIterator(upstream.iterator(epoch)) {
            private long index;

            @Override
            Example advance() {
                if (!in.hasNext()) {
                    return null;
                }
                Example e = in.next();
                Rng rng = epochRng.derive(index++);
                return e.withFeatures(e.features().apply(t -> augmentation.apply(t, rng)));
            }
        };
    }
}
