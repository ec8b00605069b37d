package dev.landfall.nn.optimizers;

import dev.landfall.data.config.ConfigMap;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Keras's learning-rate schedules, with their formulas. */
public final class LearningRateSchedules {
    private LearningRateSchedules() {
    }

    /** A constant rate. */
    public static LearningRateSchedule constant(double lr) {
        checkPositive("learning_rate", lr);
        return new Schedule("Constant", Map.of("learning_rate", lr), step -> lr);
    }

    /**
     * {@code initial · rate^(step / decaySteps)}; with {@code staircase} the exponent is floored
     * (a step decay).
     */
    public static LearningRateSchedule exponentialDecay(double initial, long decaySteps, double decayRate, boolean staircase) {
        checkPositive("initial_learning_rate", initial);
        if (decaySteps < 1) {
            throw new IllegalArgumentException("Received an invalid value for decay_steps, expected a positive integer. "
                    + "Received: decay_steps=" + decaySteps);
        }
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("initial_learning_rate", initial);
        c.put("decay_steps", decaySteps);
        c.put("decay_rate", decayRate);
        c.put("staircase", staircase);
        return new Schedule("ExponentialDecay", c, step -> {
            double p = (double) step / decaySteps;
            return initial * Math.pow(decayRate, staircase ? Math.floor(p) : p);
        });
    }

    /** Multiplies the rate by {@code factor} every {@code dropEvery} steps (exponential decay, staircase). */
    public static LearningRateSchedule stepDecay(double initial, long dropEvery, double factor) {
        return exponentialDecay(initial, dropEvery, factor, true);
    }

    /**
     * {@code values[0]} while {@code step ≤ boundaries[0]}, {@code values[i]} while
     * {@code boundaries[i-1] < step ≤ boundaries[i]}, the last value after.
     */
    public static LearningRateSchedule piecewiseConstant(long[] boundaries, double[] values) {
        if (values.length != boundaries.length + 1) {
            throw new IllegalArgumentException("piecewiseConstant: expected " + (boundaries.length + 1) + " values for "
                    + boundaries.length + " boundaries, got " + values.length);
        }
        for (int i = 1; i < boundaries.length; i++) {
            if (boundaries[i] <= boundaries[i - 1]) {
                throw new IllegalArgumentException("piecewiseConstant: boundaries must increase. Received: "
                        + Arrays.toString(boundaries));
            }
        }
        long[] b = boundaries.clone();
        double[] v = values.clone();
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("boundaries", Arrays.stream(b).boxed().toList());
        c.put("values", Arrays.stream(v).boxed().toList());
        return new Schedule("PiecewiseConstantDecay", c, step -> {
            for (int i = 0; i < b.length; i++) {
                if (step <= b[i]) {
                    return v[i];
                }
            }
            return v[v.length - 1];
        });
    }

    /**
     * Cosine decay with optional linear warm-up (Loshchilov &amp; Hutter 2017; Keras 3's CosineDecay):
     * during the first {@code warmupSteps} the rate goes linearly from {@code initial} to
     * {@code warmupTarget}; then it follows {@code target·((1−α)·½(1 + cos(π·t/decaySteps)) + α)}.
     *
     * @param warmupTarget the rate reached after warm-up, or NaN for none (then target = initial)
     */
    public static LearningRateSchedule cosineDecay(double initial, long decaySteps, double alpha,
                                                   double warmupTarget, long warmupSteps) {
        if (decaySteps < 1) {
            throw new IllegalArgumentException("Received an invalid value for decay_steps, expected a positive integer. "
                    + "Received: decay_steps=" + decaySteps);
        }
        boolean warm = !Double.isNaN(warmupTarget) && warmupSteps > 0;
        double target = warm ? warmupTarget : initial;
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("initial_learning_rate", initial);
        c.put("decay_steps", decaySteps);
        c.put("alpha", alpha);
        c.put("warmup_target", warm ? warmupTarget : null);
        c.put("warmup_steps", warmupSteps);
        return new Schedule("CosineDecay", c, step -> {
            if (warm && step < warmupSteps) {
                return initial + (warmupTarget - initial) * step / warmupSteps;
            }
            long t = Math.min(step - (warm ? warmupSteps : 0), decaySteps);
            double cosine = 0.5 * (1 + Math.cos(Math.PI * t / decaySteps));
            return target * ((1 - alpha) * cosine + alpha);
        });
    }

    /** Cosine decay without warm-up. */
    public static LearningRateSchedule cosineDecay(double initial, long decaySteps, double alpha) {
        return cosineDecay(initial, decaySteps, alpha, Double.NaN, 0);
    }

    /** Rebuilds a schedule from its config. */
    @SuppressWarnings("unchecked")
    public static LearningRateSchedule fromConfig(Map<String, Object> c) {
        String kind = ConfigMap.requiredString(c, "class_name");
        return switch (kind) {
            case "Constant" -> constant(num(c, "learning_rate"));
            case "ExponentialDecay" -> exponentialDecay(num(c, "initial_learning_rate"), steps(c, "decay_steps"),
                    num(c, "decay_rate"), ConfigMap.bool(c, "staircase", false));
            case "PiecewiseConstantDecay" -> piecewiseConstant(
                    java.util.Arrays.stream(ConfigMap.numbers(c, "boundaries", new double[0])).mapToLong(d -> (long) d)
                            .toArray(), ConfigMap.numbers(c, "values", new double[] {0}));
            case "CosineDecay" -> cosineDecay(num(c, "initial_learning_rate"), steps(c, "decay_steps"),
                    ConfigMap.number(c, "alpha", 0), ConfigMap.number(c, "warmup_target", Double.NaN),
                    ConfigMap.longValue(c, "warmup_steps", 0));
            default -> throw new IllegalArgumentException("class_name: unknown learning-rate schedule '" + kind
                    + "' (known: Constant, ExponentialDecay, PiecewiseConstantDecay, CosineDecay)");
        };
    }

    private static double num(Map<String, Object> c, String k) {
        return ConfigMap.requiredNumber(c, k);
    }

    private static long steps(Map<String, Object> c, String k) {
        long s = ConfigMap.longValue(c, k, -1);
        if (s < 1) {
            throw new IllegalArgumentException(k + ": expected a positive integer, got " + ConfigMap.describe(c.get(k)));
        }
        return s;
    }

    private static void checkPositive(String what, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException("Received an invalid value for " + what
                    + ", expected a non-negative finite number. Received: " + what + "=" + v);
        }
    }

    private record Schedule(String className, Map<String, Object> config, java.util.function.LongToDoubleFunction f)
            implements LearningRateSchedule {
        @Override
        public double at(long step) {
            return f.applyAsDouble(step);
        }

        @Override
        public Map<String, Object> getConfig() {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("class_name", className);
            c.putAll(config);
            return c;
        }
    }
}
