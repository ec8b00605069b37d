package dev.landfall.bench.data;

import dev.landfall.data.Dataset;
import dev.landfall.data.Example;
import dev.landfall.data.io.CsvFile;
import dev.landfall.data.io.CsvOptions;
import dev.landfall.data.transform.StandardScaler;
import dev.landfall.tensor.Rng;
import dev.landfall.tensor.Tensor;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Iterator;
import java.util.Locale;

/**
 * Streams a generated numeric CSV (1 GiB by default) through the CSV reader and a StandardScaler with
 * precomputed statistics, and prints throughput and peak heap (issue 4's benchmark). Meant to run on
 * one core with a small heap:
 *
 * <pre>
 * taskset -c 0 java -XX:ActiveProcessorCount=1 -Xmx512m -cp CLASSPATH dev.landfall.bench.data.CsvStreamBench \
 *     landfall-bench/target/bench-data/numeric-1g.csv
 * </pre>
 *
 * The file is generated (outside the timing) when absent; its column means and standard deviations
 * are known from the generator, so the scaler needs no extra pass.
 */
public final class CsvStreamBench {
    static final int COLUMNS = 32;
    static final long TARGET_BYTES = 1L << 30;

    private CsvStreamBench() {
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args.length > 0 ? args[0] : "landfall-bench/target/bench-data/numeric-1g.csv");
        long target = args.length > 1 ? Long.parseLong(args[1]) : TARGET_BYTES;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 4096;
        if (!Files.exists(file) || Files.size(file) < target) {
            long t0 = System.nanoTime();
            generate(file, target);
            System.out.printf(Locale.ROOT, "generated %s (%d bytes) in %.1f s%n", file, Files.size(file),
                    (System.nanoTime() - t0) / 1e9);
        }
        // Column j holds uniform values in [j - 50, j + 50): mean j, standard deviation 100 / sqrt(12).
        double[] mean = new double[COLUMNS];
        double[] scale = new double[COLUMNS];
        for (int j = 0; j < COLUMNS; j++) {
            mean[j] = j;
            scale[j] = 100 / Math.sqrt(12);
        }
        StandardScaler scaler = StandardScaler.of(mean, scale);
        System.gc();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            p.resetPeakUsage();
        }
        long gcBefore = gcCount();
        long bytes = Files.size(file);
        long t0 = System.nanoTime();
        Dataset d = CsvFile.stream(file, CsvOptions.defaults(), null).batch(batch);
        long rows = 0;
        double checksum = 0;
        for (Iterator<Example> it = d.iterator(); it.hasNext(); ) {
            Tensor z = scaler.transform(it.next().features().single());
            rows += z.dim(0);
            checksum += z.toFloatArray()[0];
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        long peakHeap = 0;
        StringBuilder pools = new StringBuilder();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                peakHeap += p.getPeakUsage().getUsed();
                pools.append(String.format(Locale.ROOT, " %s=%.1fMiB", p.getName(), p.getPeakUsage().getUsed() / 1048576.0));
            }
        }
        System.out.printf(Locale.ROOT, "file: %s, %d bytes, %d rows x %d columns, batch %d%n", file, bytes, rows,
                COLUMNS, batch);
        System.out.printf(Locale.ROOT, "time: %.2f s, throughput: %.1f MB/s (%.1f MiB/s), %.0f rows/s%n", secs,
                bytes / secs / 1e6, bytes / secs / 1048576.0, rows / secs);
        System.out.printf(Locale.ROOT, "peak heap (sum of heap pools' peaks): %.1f MiB;%s%n", peakHeap / 1048576.0, pools);
        System.out.printf(Locale.ROOT, "max heap: %.0f MiB, processors: %d, GCs: %d, checksum %.3f%n",
                Runtime.getRuntime().maxMemory() / 1048576.0, Runtime.getRuntime().availableProcessors(),
                gcCount() - gcBefore, checksum);
    }

    private static long gcCount() {
        long n = 0;
        for (GarbageCollectorMXBean g : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, g.getCollectionCount());
        }
        return n;
    }

    /** Writes rows of COLUMNS decimals with 6 fraction digits (atomically: temp file + rename). */
    static void generate(Path file, long targetBytes) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Rng rng = Rng.of(2024).derive("csv-bench");
        long written = 0;
        long row = 0;
        char[] line = new char[COLUMNS * 16 + 2];
        try (Writer w = new BufferedWriter(Files.newBufferedWriter(tmp, StandardCharsets.UTF_8), 1 << 20)) {
            StringBuilder header = new StringBuilder();
            for (int j = 0; j < COLUMNS; j++) {
                header.append(j == 0 ? "" : ",").append("f").append(j);
            }
            w.write(header.append('\n').toString());
            written += header.length();
            while (written < targetBytes) {
                int n = 0;
                for (int j = 0; j < COLUMNS; j++) {
                    if (j > 0) {
                        line[n++] = ',';
                    }
                    long micros = Math.round((j - 50 + 100 * rng.uniform(row * COLUMNS + j)) * 1e6);
                    n = writeFixed6(line, n, micros);
                }
                line[n++] = '\n';
                w.write(line, 0, n);
                written += n;
                row++;
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Writes micros / 1e6 with exactly 6 fraction digits. */
    private static int writeFixed6(char[] out, int at, long micros) {
        if (micros < 0) {
            out[at++] = '-';
            micros = -micros;
        }
        String whole = Long.toString(micros / 1_000_000);
        whole.getChars(0, whole.length(), out, at);
        at += whole.length();
        out[at++] = '.';
        long frac = micros % 1_000_000;
        for (int k = 5; k >= 0; k--) {
            out[at + k] = (char) ('0' + frac % 10);
            frac /= 10;
        }
        return at + 6;
    }
}
