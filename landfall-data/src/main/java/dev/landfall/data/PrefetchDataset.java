package dev.landfall.data;

import java.lang.ref.Cleaner;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Produces elements on a background daemon thread into a bounded queue. Order and values are those of
 * the upstream dataset (its randomness is counter-based, so the producing thread does not matter).
 * An error in the producer is rethrown by the consumer's {@code next()}; a consumer that abandons its
 * iterator stops the producer (when the iterator is garbage-collected).
 */
final class PrefetchDataset implements Dataset {
    private static final Cleaner CLEANER = Cleaner.create();
    private static final Object END = new Object();

    private final Dataset upstream;
    private final int size;

    PrefetchDataset(Dataset upstream, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("prefetch: expected a positive number of elements. Received: n=" + size);
        }
        this.upstream = upstream;
        this.size = size;
    }

    /** State shared with the producer; it must not reference the iterator, so the cleaner can run. */
    private static final class Channel implements Runnable {
        final BlockingQueue<Object> queue;
        volatile boolean cancelled;

        Channel(int size) {
            queue = new ArrayBlockingQueue<>(size);
        }

        void put(Object o) throws InterruptedException {
            while (!cancelled && !queue.offer(o, 50, TimeUnit.MILLISECONDS)) {
                // waits for the consumer or for cancellation
            }
        }

        @Override
        public void run() {
            cancelled = true;
        }
    }

    @Override
    public Iterator<Example> iterator(int epoch) {
        Channel ch = new Channel(size);
        Thread producer = new Thread(() -> {
            try {
                Iterator<Example> in = upstream.iterator(epoch);
                while (!ch.cancelled && in.hasNext()) {
                    ch.put(in.next());
                }
                ch.put(END);
            } catch (Throwable t) {
                try {
                    ch.put(t);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                }
            }
        }, "landfall-prefetch");
        producer.setDaemon(true);
        Iterator<Example> it = new Iterator<>() {
            private Object next;

            @Override
            public boolean hasNext() {
                if (next == null) {
                    try {
                        next = ch.queue.take();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("prefetch: interrupted while waiting for the next element", e);
                    }
                }
                if (next instanceof Throwable t) {
                    next = END;
                    if (t instanceof RuntimeException re) {
                        throw re;
                    }
                    if (t instanceof Error err) {
                        throw err;
                    }
                    throw new IllegalStateException("prefetch: the producer failed: " + t, t);
                }
                return next != END;
            }

            @Override
            public Example next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Example e = (Example) next;
                next = null;
                return e;
            }
        };
        CLEANER.register(it, ch);
        producer.start();
        return it;
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
