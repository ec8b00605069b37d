package dev.landfall.tensor;

import java.util.Arrays;

/**
 * Recycles the buffers of the tensors one step makes, so that a training loop does not churn the
 * garbage collector (DESIGN.md §3). A pool outlives many steps; each step runs inside a
 * {@link Scope}:
 *
 * <pre>{@code
 * BufferPool pool = new BufferPool();
 * for (...) {
 *     try (BufferPool.Scope step = pool.open()) {
 *         Tensor loss = ...;          // every tensor made here on this thread draws from the pool
 *         double l = loss.item();     // read what you need inside the step
 *         BufferPool.keep(newState);  // a tensor that must outlive the step
 *     }                               // the rest go back to the pool
 * }
 * }</pre>
 *
 * <p>A tensor made inside a scope and not kept must not be used after the scope closes. Its buffer
 * is detached when the scope closes, so using it later throws an {@link IllegalStateException}; a
 * recycled buffer can never be read through an old tensor. Tensors made before the scope, tensors
 * wrapping caller arrays and tensors made on other threads are never touched.
 *
 * <p>Buffers are kept per element type and length. A buffer that no step asked for during the last
 * two scopes is dropped, so a pool holds about one step's working set. One scope per pool can be
 * open at a time; a pool is not for sharing between threads.
 */
public final class BufferPool {
    private static final ThreadLocal<Scope> CURRENT = new ThreadLocal<>();
    /** Bins unused for this many scopes are dropped. */
    private static final int MAX_IDLE_SCOPES = 2;

    private final java.util.concurrent.atomic.AtomicReference<Scope> open = new java.util.concurrent.atomic.AtomicReference<>();
    private Bin[] bins = new Bin[0];
    private Storage[] lent = new Storage[64];
    private Bin[] lentFrom = new Bin[64];
    private int lentCount;
    private long scopes;
    /** Bytes of the arrays this pool had to allocate because none it held fitted. */
    private long freshBytes;

    /**
     * Opens a step on the calling thread: tensors it makes draw buffers from this pool until closed.
     *
     * @throws IllegalStateException when a scope of this pool is open already
     */
    public Scope open() {
        Scope s = tryOpen();
        if (s == null) {
            Scope other = open.get();
            throw new IllegalStateException("BufferPool.open(): a scope of this pool is already open"
                    + (other == null ? "" : " (on thread " + other.thread.getName() + ")") + "; close it first");
        }
        return s;
    }

    /** Like {@link #open()}, but returns null instead of waiting when another scope of this pool is open. */
    public Scope tryOpen() {
        Scope s = new Scope(CURRENT.get());
        if (!open.compareAndSet(null, s)) {
            return null;
        }
        scopes++;
        CURRENT.set(s);
        return s;
    }

    /**
     * Bytes of the arrays this pool has allocated because it held none of the length asked for: once a loop's
     * steps repeat, this stops growing.
     */
    public long freshBytes() {
        return freshBytes;
    }

    /** Bytes held for reuse now (not counting buffers lent to an open scope). */
    public long pooledBytes() {
        long total = 0;
        for (Bin b : bins) {
            total += (long) b.count * b.length * b.dtype.byteSize();
        }
        return total;
    }

    /**
     * Keeps these tensors' buffers (shared with their views) out of every pool for good: state made
     * during a step that must outlive it, such as a weight or an optimizer slot built lazily.
     */
    public static void keep(Tensor... tensors) {
        for (Tensor t : tensors) {
            if (t != null) {
                t.storage.pinned = true;
            }
        }
    }

    /** The storage for a new tensor made on this thread: from the open scope's pool, or fresh. */
    static Storage allocate(DType dtype, int n, boolean zeroed) {
        Scope s = CURRENT.get();
        if (s == null || s.closed || n == 0) {
            return new Storage(dtype, dtype.newArray(n));
        }
        return s.pool().lend(dtype, n, zeroed);
    }

    private Storage lend(DType dtype, int n, boolean zeroed) {
        Bin b = bin(dtype, n);
        b.lastUsed = scopes;
        Storage s;
        if (b.count > 0) {
            Object array = b.pop();
            if (zeroed) {
                zero(dtype, array);
            }
            s = new Storage(dtype, array);
        } else {
            s = new Storage(dtype, dtype.newArray(n));
            freshBytes += (long) n * dtype.byteSize();
        }
        if (lentCount == lent.length) {
            lent = Arrays.copyOf(lent, lentCount * 2);
            lentFrom = Arrays.copyOf(lentFrom, lentCount * 2);
        }
        lent[lentCount] = s;
        lentFrom[lentCount++] = b;
        return s;
    }

    private Bin bin(DType dtype, int length) {
        for (Bin b : bins) {
            if (b.length == length && b.dtype == dtype) {
                return b;
            }
        }
        Bin b = new Bin(dtype, length);
        bins = Arrays.copyOf(bins, bins.length + 1);
        bins[bins.length - 1] = b;
        return b;
    }

    private void takeBack() {
        for (int i = 0; i < lentCount; i++) {
            Storage s = lent[i];
            if (!s.pinned) {
                lentFrom[i].push(s.detach());
            }
            lent[i] = null;
            lentFrom[i] = null;
        }
        lentCount = 0;
        int n = 0;
        for (Bin b : bins) {
            if (scopes - b.lastUsed <= MAX_IDLE_SCOPES) {
                bins[n++] = b;
            }
        }
        if (n != bins.length) {
            bins = Arrays.copyOf(bins, n);
        }
    }

    /** Buffers of one type and length. */
    private static final class Bin {
        final DType dtype;
        final int length;
        Object[] free = new Object[4];
        int count;
        long lastUsed;

        Bin(DType dtype, int length) {
            this.dtype = dtype;
            this.length = length;
        }

        void push(Object array) {
            if (count == free.length) {
                free = Arrays.copyOf(free, count * 2);
            }
            free[count++] = array;
        }

        Object pop() {
            Object a = free[--count];
            free[count] = null;
            return a;
        }
    }

    /** One step: lends buffers on its thread and takes them back on {@link #close()}. */
    public final class Scope implements AutoCloseable {
        private final Scope previous;
        private final Thread thread = Thread.currentThread();
        private boolean closed;

        private Scope(Scope previous) {
            this.previous = previous;
        }

        BufferPool pool() {
            return BufferPool.this;
        }

        /**
         * Takes back every buffer lent to this scope except the kept ones; closing twice does nothing.
         *
         * @throws IllegalStateException on another thread than the one that opened it, or while a scope
         *         opened after it on this thread is still open (scopes nest: close them innermost first)
         */
        @Override
        public void close() {
            if (closed) {
                return;
            }
            if (Thread.currentThread() != thread) {
                throw new IllegalStateException("A BufferPool scope must be closed on the thread that opened it ("
                        + thread.getName() + ")");
            }
            if (CURRENT.get() != this) {
                throw new IllegalStateException("BufferPool scopes nest: close the scope opened after this one first "
                        + "(try-with-resources does)");
            }
            closed = true;
            takeBack();
            CURRENT.set(previous);
            open.set(null);
        }
    }

    private static void zero(DType dtype, Object array) {
        switch (dtype) {
            case BOOL -> Arrays.fill((boolean[]) array, false);
            case INT8 -> Arrays.fill((byte[]) array, (byte) 0);
            case INT32 -> Arrays.fill((int[]) array, 0);
            case FLOAT32 -> Arrays.fill((float[]) array, 0f);
            case FLOAT64 -> Arrays.fill((double[]) array, 0d);
        }
    }
}
