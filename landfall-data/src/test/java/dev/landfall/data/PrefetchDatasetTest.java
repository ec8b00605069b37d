package dev.landfall.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Iterator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class PrefetchDatasetTest {
    /** An endless upstream whose passes count how often they are closed and remember their thread. */
    static final class Endless implements Iterator<Example>, AutoCloseable {
        static final AtomicInteger CLOSED = new AtomicInteger();
        static final AtomicReference<Thread> PRODUCER = new AtomicReference<>();
        private final Iterator<Example> ten = DatasetTest.tenExamples().iterator();

        Endless() {
            PRODUCER.set(Thread.currentThread());
        }

        @Override
        public boolean hasNext() {
            return true;
        }

        @Override
        public Example next() {
            return ten.hasNext() ? ten.next() : DatasetTest.tenExamples().iterator().next();
        }

        @Override
        public void close() {
            CLOSED.incrementAndGet();
        }
    }

    @Test
    @Timeout(10) // a producer that ignores close() would block the join for ever
    void closeStopsTheProducerAndClosesTheUpstream() {
        Endless.CLOSED.set(0);
        Dataset d = Datasets.fromGenerator(epoch -> new Endless(), -1, false).prefetch(2);
        Iterator<Example> it = d.iterator(0);
        it.next();
        Datasets.close(it);
        assertEquals(1, Endless.CLOSED.get(), "close() returns after the producer closed its upstream");
        assertFalse(Endless.PRODUCER.get().isAlive());
        assertFalse(it.hasNext());
        Datasets.close(it); // twice is fine
    }

    @Test
    @Timeout(10)
    void closeReachesThroughCombinators() {
        Endless.CLOSED.set(0);
        Dataset d = Datasets.fromGenerator(epoch -> new Endless(), -1, false).map(e -> e).batch(2).prefetch(1);
        Iterator<Example> it = d.iterator(0);
        it.next();
        Datasets.close(it);
        assertEquals(1, Endless.CLOSED.get());
    }

    @Test
    void takeClosesItsUpstreamOnceItHasEnough() {
        Endless.CLOSED.set(0);
        Iterator<Example> it = Datasets.fromGenerator(epoch -> new Endless(), -1, false).take(2).iterator();
        it.next();
        assertEquals(0, Endless.CLOSED.get());
        it.next();
        assertEquals(1, Endless.CLOSED.get());
        assertFalse(it.hasNext());
    }

    @Test
    void closingAPlainIteratorDoesNothing() {
        Iterator<Example> it = DatasetTest.tenExamples().iterator();
        Datasets.close(it);
        assertTrue(it.hasNext());
    }
}
