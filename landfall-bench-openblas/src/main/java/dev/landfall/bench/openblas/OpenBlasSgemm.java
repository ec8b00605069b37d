package dev.landfall.bench.openblas;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas;
import org.bytedeco.openblas.presets.openblas_nolapack;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * sgemm GFLOP/s through OpenBLAS, the figures the fast kernels are measured against. Run it as its
 * own JVM (native threads must not linger in another benchmark's process), with the core type pinned:
 *
 * <pre>
 * OPENBLAS_CORETYPE=SkylakeX OPENBLAS_VERBOSE=2 java -cp CLASSPATH dev.landfall.bench.openblas.OpenBlasSgemm [threads...]
 * </pre>
 *
 * For each thread count and shape (128×512×784, 1024³, 2048³): warm-up, then the median, min and max
 * over 5 rounds, each round the mean of as many calls as fit in 0.5 s. Row-major
 * {@code C = A · B}, both operands untransposed, operands in native memory (no copies timed).
 */
public final class OpenBlasSgemm {
    private static final int[][] SHAPES = {{128, 512, 784}, {1024, 1024, 1024}, {2048, 2048, 2048}};
    private static final int ROUNDS = 5;

    private OpenBlasSgemm() {
    }

    public static void main(String[] args) {
        int[] threadCounts = args.length == 0 ? new int[] {1, 2} : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        // Loading prints "Core: ..." on stderr when OPENBLAS_VERBOSE=2: the kernel that will run.
        Loader.load(openblas.class);
        System.out.println("OpenBLAS (build core " + openblas.OPENBLAS_CHAR_CORENAME + "), OPENBLAS_CORETYPE="
                + System.getenv("OPENBLAS_CORETYPE") + ", OPENBLAS_VERBOSE=" + System.getenv("OPENBLAS_VERBOSE"));
        System.out.printf(Locale.ROOT, "%-16s %7s %12s %10s %16s%n", "shape", "threads", "median ms", "GFLOP/s", "min-max GFLOP/s");
        for (int threads : threadCounts) {
            openblas_nolapack.blas_set_num_threads(threads);
            if (openblas_nolapack.blas_get_num_threads() != threads) {
                throw new IllegalStateException("OpenBLAS runs " + openblas_nolapack.blas_get_num_threads()
                        + " threads, asked for " + threads);
            }
            for (int[] s : SHAPES) {
                run(s[0], s[1], s[2], threads);
            }
        }
    }

    private static void run(int m, int n, int k, int threads) {
        try (FloatPointer a = random(m * k, 1); FloatPointer b = random(k * n, 2); FloatPointer c = new FloatPointer((long) m * n)) {
            Runnable call = () -> openblas.cblas_sgemm(openblas.CblasRowMajor, openblas.CblasNoTrans, openblas.CblasNoTrans,
                    m, n, k, 1f, a, k, b, n, 0f, c, n);
            timeRounds(call, 1.0); // warm-up: thread pool, caches, clocks
            double[] gflops = new double[ROUNDS];
            for (int r = 0; r < ROUNDS; r++) {
                gflops[r] = 2.0 * m * n * k / timeRounds(call, 0.5) / 1e9;
            }
            Arrays.sort(gflops);
            double median = gflops[ROUNDS / 2];
            System.out.printf(Locale.ROOT, "%-16s %7d %12.3f %10.1f %16s%n", m + "x" + n + "x" + k, threads,
                    2.0 * m * n * k / median / 1e6, median,
                    String.format(Locale.ROOT, "%.1f-%.1f", gflops[0], gflops[ROUNDS - 1]));
        }
    }

    /** Mean seconds per call over at least {@code seconds}. */
    private static double timeRounds(Runnable call, double seconds) {
        long start = System.nanoTime();
        long deadline = start + (long) (seconds * 1e9);
        int calls = 0;
        do {
            call.run();
            calls++;
        } while (System.nanoTime() < deadline);
        return (System.nanoTime() - start) / 1e9 / calls;
    }

    private static FloatPointer random(int size, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] values = new float[size];
        for (int i = 0; i < size; i++) {
            values[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return new FloatPointer(values);
    }
}
