package dev.landfall.nn.callbacks;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * Prints training progress: on a terminal a bar redrawn in place with step count, ETA, loss and
 * metrics; otherwise one plain line per epoch. Added by {@code fit} according to its verbosity.
 */
public final class ProgressLogger extends Callback {
    private final PrintStream out;
    private final boolean bar;
    private final int epochs;
    private final long steps;
    private long epochStart;
    private int epoch;
    /** The length of the bar line last drawn, so a shorter one can blank what it does not cover. */
    private int drawn;

    /**
     * @param bar   true for the redrawn bar, false for one line per epoch
     * @param steps steps per epoch, or -1 when unknown
     */
    public ProgressLogger(PrintStream out, boolean bar, int epochs, long steps) {
        this.out = out;
        this.bar = bar;
        this.epochs = epochs;
        this.steps = steps;
    }

    @Override
    public void onEpochBegin(int epoch, Map<String, Double> logs) {
        this.epoch = epoch;
        epochStart = System.nanoTime();
        if (bar) {
            out.println("Epoch " + (epoch + 1) + "/" + epochs);
        }
    }

    @Override
    public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
        if (!bar) {
            return;
        }
        long done = batch + 1;
        double elapsed = (System.nanoTime() - epochStart) / 1e9;
        StringBuilder sb = new StringBuilder();
        if (steps > 0) {
            int width = 20;
            int filled = (int) Math.min(width, done * width / steps);
            sb.append(String.format(Locale.ROOT, "%" + String.valueOf(steps).length() + "d/%d ", done, steps))
                    .append("━".repeat(filled)).append(" ".repeat(width - filled));
            double eta = elapsed / done * (steps - done);
            sb.append(String.format(Locale.ROOT, " %s", done < steps ? "ETA " + seconds(eta) : seconds(elapsed)));
        } else {
            sb.append(done).append(" steps ").append(seconds(elapsed));
        }
        appendLogs(sb, logs);
        out.print(redraw(sb));
        out.flush();
    }

    /** {@code \r}, the line, and spaces over whatever the previous, longer line left on the screen. */
    private String redraw(CharSequence line) {
        String s = "\r" + line + " ".repeat(Math.max(0, drawn - line.length()));
        drawn = line.length();
        return s;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        double elapsed = (System.nanoTime() - epochStart) / 1e9;
        StringBuilder sb = new StringBuilder();
        if (bar) {
            sb.append(steps > 0 ? steps + "/" + steps + " " + "━".repeat(20) : "done").append(' ').append(seconds(elapsed));
            appendLogs(sb, logs);
            out.println(redraw(sb));
            drawn = 0;
            return;
        }
        sb.append("Epoch ").append(epoch + 1).append('/').append(epochs).append(" - ").append(seconds(elapsed));
        appendLogs(sb, logs);
        out.println(sb);
    }

    private static void appendLogs(StringBuilder sb, Map<String, Double> logs) {
        logs.forEach((k, v) -> sb.append(" - ").append(k).append(": ").append(String.format(Locale.ROOT, "%.4f", v)));
    }

    private static String seconds(double s) {
        return s < 1 ? String.format(Locale.ROOT, "%dms", Math.round(s * 1000)) : String.format(Locale.ROOT, "%.0fs", s);
    }
}
