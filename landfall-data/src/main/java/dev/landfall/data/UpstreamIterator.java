package dev.landfall.data;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The iterator of a combinator: it reads {@code in} and, when closed, closes {@code in} (which may hold
 * a file or a thread). Subclasses compute the next element in {@link #advance()}; returning null ends
 * the pass, and an ended or failed pass closes its upstream at once, so a caller that reads to the end
 * or stops at an error leaks nothing.
 */
abstract class UpstreamIterator implements Iterator<Example>, AutoCloseable {
    final Iterator<Example> in;
    private Example next;
    private boolean ended;

    UpstreamIterator(Iterator<Example> in) {
        this.in = in;
    }

    /** The next element, or null at the end of the pass. */
    abstract Example advance();

    @Override
    public final boolean hasNext() {
        if (next == null && !ended) {
            try {
                next = advance();
            } catch (RuntimeException | Error e) {
                close();
                throw e;
            }
            if (next == null) {
                close();
            }
        }
        return next != null;
    }

    @Override
    public final Example next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Example e = next;
        next = null;
        return e;
    }

    /** Ends the pass and closes the upstream iterator; idempotent. */
    @Override
    public void close() {
        ended = true;
        next = null;
        Datasets.close(in);
    }
}
