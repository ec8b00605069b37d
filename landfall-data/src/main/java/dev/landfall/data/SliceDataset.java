package dev.landfall.data;

import java.util.Iterator;

/** Elements {@code [from, to)} of the upstream dataset (take and skip). */
final class SliceDataset extends ForwardingDataset {
    private final long from;
    private final long to;

    SliceDataset(Dataset upstream, long from, long to) {
        super(upstream);
        this.from = from;
        this.to = to;
    }

    @Override
    public Iterator<Example> iterator(int epoch) {
        return new UpstreamIterator(upstream.iterator(epoch)) {
            private long at;

            @Override
            Example advance() {
                while (at < from && in.hasNext()) {
                    in.next();
                    at++;
                }
                if (at >= to || !in.hasNext()) {
                    return null;
                }
                at++;
                Example e = in.next();
                if (at == to) {
                    close(); // take(n) is done: release the upstream now, not when the caller asks again
                }
                return e;
            }
        };
    }

    @Override
    public long cardinality() {
        long n = upstream.cardinality();
        if (n < 0) {
            return -1;
        }
        return Math.max(0, Math.min(n, to) - from);
    }
}
