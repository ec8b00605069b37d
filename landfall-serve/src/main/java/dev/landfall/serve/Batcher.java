package dev.landfall.serve;

import dev.landfall.data.Tensors;
import dev.landfall.tensor.Tensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Dynamic batching for one model version: requests wait in a bounded queue; one worker takes the first,
 * gathers more until {@code maxBatch} rows or {@code maxDelay} after the first, runs them as one forward
 * pass and gives each request its rows back. A request past its deadline is answered 504 without
 * running; if the merged pass fails, each request runs alone, so one bad request fails only itself.
 * After {@link #close()} no request waits: the queue is drained and new ones run on the caller's thread,
 * so a version being unloaded never fails a request it accepted.
 */
final class Batcher implements AutoCloseable {
    /** One request's rows and where its result goes. */
    record Job(Tensors inputs, int rows, long deadlineNanos, long enqueuedNanos, CompletableFuture<Tensors> result) {
    }

    /** What the batcher reports (for metrics). */
    interface Listener {
        void batch(int rows, int requests);

        void queueWait(double seconds);
    }

    private final Function<Tensors, Tensors> forward;
    private final int maxBatch;
    private final long maxDelayNanos;
    private final BlockingQueue<Job> queue;
    private final Listener listener;
    private final Thread worker;
    private volatile boolean closed;
    private Job carry;

    Batcher(String name, Function<Tensors, Tensors> forward, int maxBatch, long maxDelayMicros, int maxQueue,
            Listener listener) {
        this.forward = forward;
        this.maxBatch = maxBatch;
        this.maxDelayNanos = maxDelayMicros * 1000;
        this.queue = new ArrayBlockingQueue<>(maxQueue);
        this.listener = listener;
        this.worker = new Thread(this::run, "landfall-batcher-" + name);
        this.worker.setDaemon(true);
        this.worker.start();
    }

    /**
     * Queues a request's rows.
     *
     * @param deadlineNanos {@code System.nanoTime()} after which it is not run, or {@code Long.MAX_VALUE}
     * @throws ServeException 503 when the queue is full
     */
    CompletableFuture<Tensors> submit(Tensors inputs, int rows, long deadlineNanos) {
        CompletableFuture<Tensors> f = new CompletableFuture<>();
        Job j = new Job(inputs, rows, deadlineNanos, System.nanoTime(), f);
        if (closed) {
            runAlone(j);
            return f;
        }
        if (!queue.offer(j)) {
            throw ServeException.unavailable("overloaded: " + queue.size() + " requests are waiting for this model; "
                    + "retry later");
        }
        if (closed && queue.remove(j)) { // closed meanwhile: the worker may be gone
            runAlone(j);
        }
        return f;
    }

    /** Requests waiting now. */
    int waiting() {
        return queue.size();
    }

    private void run() {
        List<Job> batch = new ArrayList<>();
        while (!closed || !queue.isEmpty() || carry != null) {
            try {
                batch.clear();
                Job first = carry != null ? carry : queue.poll(100, TimeUnit.MILLISECONDS);
                carry = null;
                if (first == null) {
                    continue;
                }
                batch.add(first);
                int rows = first.rows();
                long until = System.nanoTime() + maxDelayNanos;
                while (rows < maxBatch) {
                    long wait = until - System.nanoTime();
                    Job next = wait <= 0 ? queue.poll() : queue.poll(wait, TimeUnit.NANOSECONDS);
                    if (next == null) {
                        break;
                    }
                    if (rows + next.rows() > maxBatch) {
                        carry = next;
                        break;
                    }
                    batch.add(next);
                    rows += next.rows();
                }
                execute(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException | Error e) {
                for (Job j : batch) {
                    j.result().completeExceptionally(e);
                }
            }
        }
        // whatever is left (interrupted): run on this thread so nothing accepted is lost
        for (Job j; (j = queue.poll()) != null; ) {
            runAlone(j);
        }
    }

    private void execute(List<Job> batch) {
        long now = System.nanoTime();
        List<Job> live = new ArrayList<>(batch.size());
        for (Job j : batch) {
            if (now > j.deadlineNanos()) {
                j.result().completeExceptionally(new ServeException(504, "the request's deadline passed before it ran"));
            } else {
                live.add(j);
                listener.queueWait((now - j.enqueuedNanos()) / 1e9);
            }
        }
        if (live.isEmpty()) {
            return;
        }
        if (live.size() == 1) {
            runAlone(live.get(0));
            listener.batch(live.get(0).rows(), 1);
            return;
        }
        Tensors merged = concat(live);
        Tensors out;
        try {
            out = forward.apply(merged);
        } catch (RuntimeException e) {
            live.forEach(this::runAlone); // each request alone: only the bad one fails
            return;
        }
        int rows = 0;
        for (Job j : live) {
            j.result().complete(slice(out, rows, rows + j.rows()));
            rows += j.rows();
        }
        listener.batch(rows, live.size());
    }

    private void runAlone(Job j) {
        try {
            j.result().complete(forward.apply(j.inputs()));
        } catch (RuntimeException e) {
            j.result().completeExceptionally(e);
        }
    }

    private static Tensors concat(List<Job> jobs) {
        Tensors first = jobs.get(0).inputs();
        if (first.isSingle()) {
            return Tensors.of(Tensor.concat(0, jobs.stream().map(j -> j.inputs().single()).toArray(Tensor[]::new)));
        }
        Map<String, Tensor> named = new LinkedHashMap<>();
        for (String k : first.named().keySet()) {
            named.put(k, Tensor.concat(0, jobs.stream().map(j -> j.inputs().named().get(k)).toArray(Tensor[]::new)));
        }
        return Tensors.of(named);
    }

    private static Tensors slice(Tensors t, int from, int to) {
        if (t.isSingle()) {
            return Tensors.of(t.single().slice(0, from, to).copy());
        }
        Map<String, Tensor> named = new LinkedHashMap<>();
        t.named().forEach((k, v) -> named.put(k, v.slice(0, from, to).copy()));
        return Tensors.of(named);
    }

    /** Stops taking new requests into the queue; those queued still run. Waits for the worker. */
    @Override
    public void close() {
        closed = true;
        try {
            worker.join(TimeUnit.SECONDS.toMillis(60));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
