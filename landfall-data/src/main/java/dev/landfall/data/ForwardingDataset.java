package dev.landfall.data;

import java.util.Objects;

/**
 * A dataset made from one upstream dataset. It forwards the properties a combinator leaves alone
 * (cardinality, batching, residence, epoch dependence); subclasses override only what they change.
 */
abstract class ForwardingDataset implements Dataset {
    final Dataset upstream;

    ForwardingDataset(Dataset upstream) {
        this.upstream = Objects.requireNonNull(upstream, "the upstream dataset is null");
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

    @Override
    public boolean orderDependsOnEpoch() {
        return upstream.orderDependsOnEpoch();
    }
}
