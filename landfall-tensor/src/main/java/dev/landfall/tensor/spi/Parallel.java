package dev.landfall.tensor.spi;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place that runs work on several threads. Work is cut into chunks whose boundaries depend
 * only on the range and the grain, never on the number of threads, so a kernel that combines chunk
 * results in chunk order gives bit-identical results with 1 or N threads. A call made from one of the
 * pool's own workers runs serially (no nested oversubscription).
 */
public final class Parallel {
    /** Work on the half-open index range {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    private static volatile int threads = initialThreads();
    private static final java.util.concurrent.atomic.AtomicLong PARALLEL_RUNS = new java.util.concurrent.atomic.AtomicLong();
    private static volatile ForkJoinPool pool;

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
            ForkJoinPool old = pool;
            pool = null;
            if (old != null) {
                old.shutdown();
            }
        }
    }

    private static ForkJoinPool pool() {
        ForkJoinPool p = pool;
        if (p == null) {
            synchronized (Parallel.class) {
                p = pool;
                if (p == null) {
                    p = new ForkJoinPool(Math.max(1, threads - 1), fjp -> {
                        ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(fjp);
                        t.setName("landfall-kernel-" + t.getPoolIndex());
                        t.setDaemon(true);
                        return t;
                    }, null, false);
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
        return Thread.currentThread() instanceof ForkJoinWorkerThread w && w.getPool() == pool;
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
        int t = threads;
        if (chunks == 1 || t == 1 || inWorker()) {
            body.run(0, n);
            return;
        }
        PARALLEL_RUNS.incrementAndGet();
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            int c;
            while ((c = next.getAndIncrement()) < chunks) {
                int from = c * g;
                body.run(from, (int) Math.min(n, (long) from + g));
            }
        };
        ForkJoinPool p = pool();
        int helpers = Math.min(t - 1, chunks - 1);
        List<ForkJoinTask<?>> tasks = new ArrayList<>(helpers);
        for (int i = 0; i < helpers; i++) {
            tasks.add(p.submit(worker));
        }
        Throwable failure = null;
        try {
            worker.run();
        } catch (RuntimeException | Error e) {
            failure = e;
            next.set(chunks);
        }
        for (ForkJoinTask<?> task : tasks) {
            try {
                task.join();
            } catch (RuntimeException | Error e) {
                if (failure == null) {
                    failure = e;
                }
            }
        }
        if (failure instanceof RuntimeException re) {
            throw re;
        } else if (failure instanceof Error err) {
            throw err;
        }
    }
}
