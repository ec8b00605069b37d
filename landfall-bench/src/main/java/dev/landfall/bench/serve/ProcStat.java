package dev.landfall.bench.serve;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU times from Linux's {@code /proc} (clock ticks of 1/100 s). */
final class ProcStat {
    private static final double TICK = 0.01;

    private ProcStat() {
    }

    /** A process's user + system CPU seconds so far. */
    static double cpuSeconds(long pid) {
        try {
            return fields(Files.readString(Path.of("/proc/" + pid + "/stat")), 14, 15);
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    /** The waited-for children's user + system CPU seconds, from a {@code /proc/PID/stat} line. */
    static double childrenCpuSeconds(String statLine) {
        return fields(statLine, 16, 17);
    }

    /** The whole machine's busy (non-idle) CPU seconds so far, all cores together. */
    static double machineBusySeconds() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                if (i != 4 && i != 5) { // idle, iowait
                    busy += Long.parseLong(f[i]);
                }
            }
            return busy * TICK;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** Fields {@code a} and {@code b} (1-based, as proc(5) numbers them) summed, in seconds. */
    private static double fields(String stat, int a, int b) {
        // the command name (field 2) is in parentheses and may hold spaces
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        return (Long.parseLong(f[a - 3]) + Long.parseLong(f[b - 3])) * TICK;
    }
}
