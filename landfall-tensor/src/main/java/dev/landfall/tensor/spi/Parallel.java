package dev.landfall.tensor.spi;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one place that runs work on several threads. Work is cut into chunks whose boundaries depend
 * only on the range and the grain, never on the number of threads, so a kernel that combines chunk
 * results in chunk order gives bit-identical results with 1 or N threads. A call made from one of the
 * pool's own workers runs serially (no nested oversubscription).
 *
 * <p>The workers spin for a short while after each job and then park (DESIGN.md §3): a training step
 * runs hundreds of small parallel regions, and waking a parked thread for each (tens of µs) would
 * make two threads slower than one. While another thread's job occupies the pool, a call runs serially.
 */
public final class Parallel {
    /** Work on the half-open index range {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    /** How long an idle worker spins before it parks. */
    private static final long SPIN_NANOS = 200_000;
    private static volatile int threads = initialThreads();
    private static volatile Pool pool;
    private static final AtomicLong PARALLEL_RUNS = new AtomicLong();

    private Parallel() {
    }

    private static int initialThreads() {
        String env = System.getenv("LANDFALL_NUM_THREADS");
        if (env != null && !env.isBlank()) {
            try {
                int n = Integer.parseInt(env.trim());
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // fall through to the error below
            }
            throw new IllegalArgumentException(
                    "LANDFALL_NUM_THREADS must be a positive integer. Received: " + env);
        }
        return Runtime.getRuntime().availableProcessors();
    }

    /** The number of threads kernels may use (the caller counts as one). */
    public static int threads() {
        return threads;
    }

    /**
     * Sets the number of threads kernels may use.
     *
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public static synchronized void setThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException(
                    "Received an invalid value for numThreads, expected a positive integer. Received: numThreads=" + n);
        }
        if (n != threads) {
            threads = n;
            Pool old = pool;
            pool = null;
            if (old != null) {
                old.shutdown();
            }
        }
    }

    private static Pool pool() {
        Pool p = pool;
        if (p == null) {
            synchronized (Parallel.class) {
                p = pool;
                if (p == null) {
                    p = new Pool(threads - 1);
                    pool = p;
                }
            }
        }
        return p;
    }

    /**
     * How many calls so far really split their work across threads (for tests and diagnostics: a
     * determinism test can check that it exercised more than one thread).
     */
    public static long parallelRuns() {
        return PARALLEL_RUNS.get();
    }

    /** True on one of the kernel pool's worker threads. */
    public static boolean inWorker() {
        return Thread.currentThread() instanceof Worker;
    }

    /**
     * Runs {@code body} over {@code [0, n)} cut into chunks of {@code grain} indices (the last may be
     * shorter). Serial when there is one chunk, one thread, or the caller is a pool worker; then
     * {@code body} sees the whole range at once, so it must not depend on how the range is cut.
     */
    public static void forRange(int n, int grain, RangeBody body) {
        if (n <= 0) {
            return;
        }
        int g = Math.max(1, grain);
        int chunks = (int) ((n + (long) g - 1) / g);
        if (chunks == 1 || threads == 1 || inWorker() || !pool().run(new Job(body, n, g, chunks))) {
            body.run(0, n);
        }
    }

    /** One parallel region: chunks handed out in order to whoever asks, the caller included. */
    private static final class Job {
        private static final int CLOSED = Integer.MIN_VALUE;
        /** Spins (~10-50 ns each) before {@link #close} starts yielding. */
        private static final int CLOSE_SPINS = 1000;
        final RangeBody body;
        final int n;
        final int grain;
        final int chunks;
        final AtomicInteger next = new AtomicInteger();
        /** Sign bit: closed to newcomers; lower bits: workers inside. */
        final AtomicInteger state = new AtomicInteger();
        volatile Throwable failure;

        Job(RangeBody body, int n, int grain, int chunks) {
            this.body = body;
            this.n = n;
            this.grain = grain;
            this.chunks = chunks;
        }

        void work() {
            int c;
            while (failure == null && (c = next.getAndIncrement()) < chunks) {
                int from = c * grain;
                try {
                    body.run(from, (int) Math.min(n, (long) from + grain));
                } catch (Throwable t) {
                    failure = t;
                }
            }
        }

        boolean enter() {
            while (true) {
                int s = state.get();
                if (s < 0) {
                    return false;
                }
                if (state.compareAndSet(s, s + 1)) {
                    return true;
                }
            }
        }

        void exit() {
            state.decrementAndGet();
        }

        /** Stops newcomers and waits for the workers still inside. */
        void close() {
            while (true) {
                int s = state.get();
                if (state.compareAndSet(s, s | CLOSED)) {
                    break;
                }
            }
            // a worker still inside may have lost its core to another thread (a busy server has more
            // runnable threads than cores): after a short spin, yield so that it can finish
            for (int spins = 0; (state.get() & ~CLOSED) != 0; spins++) {
                if (spins < CLOSE_SPINS) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            }
        }
    }

    /** A kernel thread: takes jobs from its slot, spins a little when idle, then parks. */
    private static final class Worker extends Thread {
        final AtomicReference<Job> slot = new AtomicReference<>();
        volatile boolean parked;
        volatile boolean stopped;

        Worker(int index) {
            super("landfall-kernel-" + index);
            setDaemon(true);
        }

        @Override
        public void run() {
            long idleSince = System.nanoTime();
            while (!stopped) {
                Job j = slot.get();
                if (j != null) {
                    if (j.enter()) {
                        try {
                            j.work();
                        } finally {
                            j.exit();
                        }
                    }
                    slot.compareAndSet(j, null);
                    idleSince = System.nanoTime();
                } else if (System.nanoTime() - idleSince < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    parked = true;
                    if (slot.get() == null && !stopped) {
                        LockSupport.park(this);
                    }
                    parked = false;
                    idleSince = System.nanoTime();
                }
            }
        }
    }

    private static final class Pool {
        final Worker[] workers;
        final ReentrantLock lock = new ReentrantLock();

        Pool(int size) {
            workers = new Worker[Math.max(0, size)];
            for (int i = 0; i < workers.length; i++) {
                workers[i] = new Worker(i);
                workers[i].start();
            }
        }

        /** Runs the job with the workers; false when the pool is busy with another thread's job. */
        boolean run(Job j) {
            if (lock.isHeldByCurrentThread() || !lock.tryLock()) {
                return false; // a nested call from inside a job's body, or another thread's job: run serially
            }
            try {
                PARALLEL_RUNS.incrementAndGet();
                int helpers = Math.min(workers.length, j.chunks - 1);
                for (int i = 0; i < helpers; i++) {
                    Worker w = workers[i];
                    w.slot.set(j);
                    if (w.parked) {
                        LockSupport.unpark(w);
                    }
                }
                j.work();
                j.close();
                for (int i = 0; i < helpers; i++) {
                    workers[i].slot.compareAndSet(j, null);
                }
            } finally {
                lock.unlock();
            }
            Throwable f = j.failure;
            if (f instanceof RuntimeException re) {
                throw re;
            } else if (f instanceof Error err) {
                throw err;
            } else if (f != null) {
                throw new IllegalStateException(f);
            }
            return true;
        }

        void shutdown() {
            for (Worker w : workers) {
                w.stopped = true;
                LockSupport.unpark(w);
            }
        }
    }
}
