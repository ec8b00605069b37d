package dev.landfall.tensor;

/**
 * Opt-in detection of the first operation that makes a NaN from inputs without one, forward or
 * backward ({@link dev.landfall.Landfall#setDetectAnomaly}).
 */
public final class Anomaly {
    private static volatile boolean enabled;
    /** Set while a backward rule runs, so its inner operations are judged as one step. */
    private static final ThreadLocal<boolean[]> IN_RULE = ThreadLocal.withInitial(() -> new boolean[1]);

    private Anomaly() {
    }

    /** Turns detection on or off for the whole process. */
    public static void setEnabled(boolean on) {
        enabled = on;
    }

    /** Whether detection is on. */
    public static boolean enabled() {
        return enabled;
    }

    static void enterRule(boolean inside) {
        IN_RULE.get()[0] = inside;
    }

    static void checkForward(Op op, Tensor out, Tensor[] inputs) {
        if (IN_RULE.get()[0] || !out.dtype().isFloating() || !hasNaN(out)) {
            return;
        }
        for (Tensor t : inputs) {
            if (t != null && t.dtype().isFloating() && hasNaN(t)) {
                return;
            }
        }
        throw new ArithmeticException("Anomaly: op " + op + " produced NaN in its output of shape " + out.shape()
                + " from inputs without NaN");
    }

    static void checkBackward(Op op, Tensor gOut, Tensor[] gIn) {
        if (hasNaN(gOut)) {
            return;
        }
        for (int i = 0; i < gIn.length; i++) {
            if (gIn[i] != null && hasNaN(gIn[i])) {
                throw new ArithmeticException("Anomaly: the backward of op " + op + " produced NaN in the gradient of its input "
                        + i + " (shape " + gIn[i].shape() + ") from a gradient without NaN");
            }
        }
    }

    private static boolean hasNaN(Tensor t) {
        for (double v : t.toDoubleArray()) {
            if (Double.isNaN(v)) {
                return true;
            }
        }
        return false;
    }
}
