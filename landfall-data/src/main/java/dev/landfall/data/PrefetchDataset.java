package dev.landfall.data;

import java.lang.ref.Cleaner;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Produces elements on a background daemon thread into a bounded queue. Order and values are those of
 * the upstream dataset (its randomness is counter-based, so the producing thread does not matter).
 * An error in the producer is rethrown by the consumer's {@code next()}. The producer owns the upstream
 * iterator and closes it when it stops: at the end of the pass, on an error, or when the consumer
 * closes its iterator ({@link Datasets#close}) or drops it (then when it is garbage-collected).
 */
final class PrefetchDataset extends ForwardingDataset {
    private static final Cleaner CLEANER = Cleaner.create();
    private static final Object END = new Object();

    private final int size;

    PrefetchDataset(Dataset upstream, int size) {
        super(upstream);
        if (size < 1) {
            throw new IllegalArgumentException("prefetch: expected a positive number of elements. Received: n=" + size);
        }
        this.size = size;
    }

    /** State shared with the producer; it must not reference the iterator, so the cleaner can run. */
    private static final class Channel implements Runnable {
        final BlockingQueue<Object> queue;
        volatile boolean cancelled;
        Thread producer;

        Channel(int size) {
            queue = new ArrayBlockingQueue<>(size);
        }

        /** Cancels the producer, which then closes the upstream iterator and exits. */
        @Override
        public void run() {
            cancelled = true;
            producer.interrupt();
        }
    }

    @Override
    public Iterator<Example> iterator(int epoch) {
        Channel ch = new Channel(size);
        ch.producer = new Thread(() -> produce(ch, epoch), "landfall-prefetch");
        ch.producer.setDaemon(true);
        Consumer it = new Consumer(ch);
        CLEANER.register(it, ch);
        ch.producer.start();
        return it;
    }

    private void produce(Channel ch, int epoch) {
        Object last = END;
        Iterator<Example> in = null;
        try {
            in = upstream.iterator(epoch);
            while (!ch.cancelled && in.hasNext()) {
                ch.queue.put(in.next());
            }
        } catch (InterruptedException e) {
            last = null; // cancelled while waiting for room
        } catch (Throwable t) {
            last = t;
        }
        try {
            Datasets.close(in); // before END, so a consumer that saw the end sees the upstream closed
        } catch (RuntimeException e) {
            last = last == END ? e : last;
        }
        if (last != null && !ch.cancelled) {
            try {
                ch.queue.put(last);
            } catch (InterruptedException e) {
                // cancelled while waiting: nobody reads the end marker any more
            }
        }
    }

    private static final class Consumer implements Iterator<Example>, AutoCloseable {
        private final Channel ch;
        private Object next;
        private boolean closed;

        Consumer(Channel ch) {
            this.ch = ch;
        }

        @Override
        public boolean hasNext() {
            if (closed) {
                return false;
            }
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

        /** Cancels and interrupts the producer and waits until it has closed the upstream iterator. */
        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            next = null;
            ch.run();
            try {
                ch.producer.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
