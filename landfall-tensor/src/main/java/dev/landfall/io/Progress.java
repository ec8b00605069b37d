package dev.landfall.io;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Progress of a long piece of work that is not an epoch (reading a large file, evaluating, writing a
 * report). Work that ends within two seconds prints nothing. Longer work shows, on a terminal, a line
 * redrawn in place every 200 ms (count and bar when the total is known, elapsed time otherwise), and
 * elsewhere (a log file, CI) a single line when it ends: {@code Evaluating: 10000 examples in 3.1 s}.
 *
 * <pre>{@code
 * try (Progress p = Progress.start(out, "Evaluating", n, "examples", Progress.terminal())) {
 *     for (...) { ...; p.advance(batch); }
 * }
 * }</pre>
 */
public final class Progress implements AutoCloseable {
    /** Progress that shows nothing. */
    public static final Progress NONE = new Progress(null, "", -1, "", false, 0);

    /** How long work may take before it shows progress. */
    static final long QUIET_MILLIS = 2000;
    private final long quietNanos;
    private final PrintStream out;
    private final String what;
    private final long total;
    private final String unit;
    private final boolean redraw;
    private final long start = System.nanoTime();
    private final AtomicLong done = new AtomicLong();
    private final Thread ticker;
    private volatile boolean closed;
    private int drawn;

    Progress(PrintStream out, String what, long total, String unit, boolean redraw, long quietMillis) {
        this.quietNanos = quietMillis * 1_000_000L;
        this.out = out;
        this.what = what;
        this.total = total;
        this.unit = unit;
        this.redraw = redraw;
        if (out != null && redraw) {
            ticker = new Thread(this::tick, "landfall-progress");
            ticker.setDaemon(true);
            ticker.start();
        } else {
            ticker = null;
        }
    }

    /**
     * Starts showing progress.
     *
     * @param what what is being done ("Evaluating", "Reading train.csv")
     * @param total how many units the work has, or -1 when unknown
     * @param unit what is counted ("examples", "MB")
     * @param terminal true to redraw a line in place, false for one line at the end
     */
    public static Progress start(PrintStream out, String what, long total, String unit, boolean terminal) {
        return new Progress(out, what, total, unit, terminal, QUIET_MILLIS);
    }

    /** Whether standard output is a terminal (where a line can be redrawn). */
    public static boolean terminal() {
        return System.console() != null;
    }

    /** Counts {@code n} more units done. */
    public void advance(long n) {
        done.addAndGet(n);
    }

    private void tick() {
        try {
            Thread.sleep(quietNanos / 1_000_000);
            while (!closed) {
                draw(line(), false);
                Thread.sleep(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String line() {
        double s = (System.nanoTime() - start) / 1e9;
        long d = done.get();
        StringBuilder b = new StringBuilder(what).append(": ");
        if (total > 0) {
            int width = 20;
            int filled = (int) Math.min(width, d * width / total);
            b.append(d).append('/').append(total).append(' ').append(unit).append(' ').append("━".repeat(filled))
                    .append(" ".repeat(width - filled)).append(String.format(Locale.ROOT, " %.1f s", s));
        } else {
            b.append(d > 0 ? d + " " + unit + " " : "").append(String.format(Locale.ROOT, "%.1f s", s));
        }
        return b.toString();
    }

    private synchronized void draw(String line, boolean end) {
        if (end) {
            // a redrawn line is finished in place; a log (no terminal) just gets the line
            out.println(redraw ? "\r" + line + " ".repeat(Math.max(0, drawn - line.length())) : line);
        } else {
            out.print("\r" + line + " ".repeat(Math.max(0, drawn - line.length())));
            out.flush();
            drawn = line.length();
        }
    }

    /** Ends the work: on a terminal the line is finished; elsewhere one line is printed if it took over 2 s. */
    @Override
    public void close() {
        if (out == null || closed) {
            return;
        }
        closed = true;
        if (ticker != null) {
            ticker.interrupt();
            try {
                ticker.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (System.nanoTime() - start < quietNanos) {
            if (drawn > 0) {
                draw("", true);
            }
            return;
        }
        double s = (System.nanoTime() - start) / 1e9;
        long d = done.get();
        draw(what + ": " + (d > 0 ? d + " " + unit + " in " : "") + String.format(Locale.ROOT, "%.1f s", s), true);
    }
}
