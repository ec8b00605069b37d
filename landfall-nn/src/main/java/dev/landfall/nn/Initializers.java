package dev.landfall.nn;

import dev.landfall.tensor.DType;
import dev.landfall.tensor.Rng;
import dev.landfall.tensor.Shape;
import dev.landfall.tensor.Tensor;

import java.util.Map;

/**
 * Keras 3's weight initializers. Fans follow Keras: for a kernel {@code (…receptive, in, out)},
 * {@code fanIn = in·receptive}, {@code fanOut = out·receptive}. Glorot: Glorot &amp; Bengio 2010;
 * He: He et al. 2015; LeCun: LeCun et al. 1998; orthogonal: Saxe et al. 2014.
 */
public final class Initializers {
    private static final Registry<Initializer> REGISTRY = new Registry<>("initializer");
    /** Stddev correction of a normal truncated at ±2σ (Keras's VarianceScaling). */
    private static final double TRUNCATION_STD = 0.87962566103423978;

    public static final Initializer ZEROS = constantNamed("zeros", 0);
    public static final Initializer ONES = constantNamed("ones", 1);
    public static final Initializer GLOROT_UNIFORM = varianceScaling("glorot_uniform", 1.0, Mode.FAN_AVG, false);
    public static final Initializer GLOROT_NORMAL = varianceScaling("glorot_normal", 1.0, Mode.FAN_AVG, true);
    public static final Initializer HE_UNIFORM = varianceScaling("he_uniform", 2.0, Mode.FAN_IN, false);
    public static final Initializer HE_NORMAL = varianceScaling("he_normal", 2.0, Mode.FAN_IN, true);
    public static final Initializer LECUN_UNIFORM = varianceScaling("lecun_uniform", 1.0, Mode.FAN_IN, false);
    public static final Initializer LECUN_NORMAL = varianceScaling("lecun_normal", 1.0, Mode.FAN_IN, true);
    public static final Initializer RANDOM_NORMAL = randomNormal(0, 0.05);
    public static final Initializer RANDOM_UNIFORM = randomUniform(-0.05, 0.05);
    public static final Initializer TRUNCATED_NORMAL = truncatedNormal(0, 0.05);
    public static final Initializer ORTHOGONAL = orthogonal(1.0);

    private enum Mode { FAN_IN, FAN_OUT, FAN_AVG }

    private Initializers() {
    }

    /** The initializer with this Keras name. */
    public static Initializer get(String name) {
        return REGISTRY.get(name);
    }

    /** Registers a custom initializer. */
    public static void register(Initializer init) {
        REGISTRY.register(init.name(), init);
    }

    /** All registered names. */
    public static Map<String, Initializer> all() {
        return REGISTRY.all();
    }

    /** Every element {@code value}. */
    public static Initializer constant(double value) {
        return new Named("constant", (s, d, r) -> Tensor.full(s, value, d));
    }

    private static Initializer constantNamed(String name, double v) {
        return register(name, (s, d, r) -> Tensor.full(s, v, d));
    }

    /** Normal with the given mean and stddev (Keras default 0, 0.05). */
    public static Initializer randomNormal(double mean, double stddev) {
        return register("random_normal", (s, d, r) -> Tensor.normal(s, mean, stddev, d, r));
    }

    /** Uniform in {@code [lo, hi)} (Keras default −0.05, 0.05). */
    public static Initializer randomUniform(double lo, double hi) {
        return register("random_uniform", (s, d, r) -> Tensor.uniform(s, lo, hi, d, r));
    }

    /** Normal redrawn beyond two standard deviations (Keras default 0, 0.05). */
    public static Initializer truncatedNormal(double mean, double stddev) {
        return register("truncated_normal", (s, d, r) -> truncated(s, mean, stddev, d, r));
    }

    /** An orthogonal matrix (rows or columns orthonormal) times {@code gain}, for the flattened shape. */
    public static Initializer orthogonal(double gain) {
        return register("orthogonal", (s, d, r) -> orthogonalMatrix(s, gain, d, r));
    }

    private static Initializer register(String name, Factory f) {
        Initializer init = new Named(name, f);
        if (!REGISTRY.contains(name)) {
            REGISTRY.register(name, init);
        }
        return init;
    }

    @FunctionalInterface
    private interface Factory {
        Tensor create(Shape s, DType d, Rng r);
    }

    private record Named(String name, Factory f) implements Initializer {
        @Override
        public Tensor create(Shape shape, DType dtype, Rng rng) {
            return f.create(shape, dtype, rng);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static Initializer varianceScaling(String name, double scale, Mode mode, boolean normal) {
        return register(name, (s, d, r) -> {
            double[] fans = fans(s);
            double n = switch (mode) {
                case FAN_IN -> fans[0];
                case FAN_OUT -> fans[1];
                case FAN_AVG -> (fans[0] + fans[1]) / 2;
            };
            double variance = scale / Math.max(1.0, n);
            if (normal) {
                return truncated(s, 0, Math.sqrt(variance) / TRUNCATION_STD, d, r);
            }
            double limit = Math.sqrt(3.0 * variance);
            return Tensor.uniform(s, -limit, limit, d, r);
        });
    }

    /** Keras's {@code compute_fans}: {fanIn, fanOut}. */
    static double[] fans(Shape s) {
        int[] d = s.toArray();
        if (d.length == 0) {
            return new double[] {1, 1};
        }
        if (d.length == 1) {
            return new double[] {d[0], d[0]};
        }
        if (d.length == 2) {
            return new double[] {d[0], d[1]};
        }
        double receptive = 1;
        for (int i = 0; i < d.length - 2; i++) {
            receptive *= d[i];
        }
        return new double[] {d[d.length - 2] * receptive, d[d.length - 1] * receptive};
    }

    private static Tensor truncated(Shape s, double mean, double std, DType dtype, Rng rng) {
        int n = s.size();
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            double z = rng.normal(i);
            for (int attempt = 1; Math.abs(z) > 2.0; attempt++) {
                z = rng.derive(attempt).normal(i);
            }
            v[i] = mean + std * z;
        }
        return Tensor.fromArray(v, s.toArray()).to(dtype);
    }

    private static Tensor orthogonalMatrix(Shape s, double gain, DType dtype, Rng rng) {
        if (s.rank() < 2) {
            throw new IllegalArgumentException("The orthogonal initializer needs a shape of rank 2 or more. Received: " + s);
        }
        int cols = s.dim(-1);
        int rows = s.size() / cols;
        int tall = Math.max(rows, cols);
        int wide = Math.min(rows, cols);
        // Modified Gram-Schmidt on the columns of a tall normal matrix: Q with orthonormal columns
        // and a positive-diagonal R, the sign convention Keras applies after its QR.
        double[][] q = new double[wide][tall];
        for (int j = 0; j < wide; j++) {
            for (int i = 0; i < tall; i++) {
                q[j][i] = rng.normal((long) j * tall + i);
            }
            for (int k = 0; k < j; k++) {
                double dot = 0;
                for (int i = 0; i < tall; i++) {
                    dot += q[j][i] * q[k][i];
                }
                for (int i = 0; i < tall; i++) {
                    q[j][i] -= dot * q[k][i];
                }
            }
            double norm = 0;
            for (int i = 0; i < tall; i++) {
                norm += q[j][i] * q[j][i];
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < tall; i++) {
                q[j][i] /= norm;
            }
        }
        double[] out = new double[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                // rows >= cols: column c of Q; otherwise the transpose
                out[r * cols + c] = gain * (rows >= cols ? q[c][r] : q[r][c]);
            }
        }
        return Tensor.fromArray(out, s.toArray()).to(dtype);
    }
}
