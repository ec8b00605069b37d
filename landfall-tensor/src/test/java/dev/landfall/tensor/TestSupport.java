package dev.landfall.tensor;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Shared assertions for tensor tests. */
final class TestSupport {
    private TestSupport() {
    }

    /** ‖a − b‖∞ / max(‖a‖∞, ‖b‖∞), 0 when both are zero. */
    static double relativeError(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new AssertionError("lengths differ: " + a.length + " vs " + b.length);
        }
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < a.length; i++) {
            diff = Math.max(diff, Math.abs(a[i] - b[i]));
            scale = Math.max(scale, Math.max(Math.abs(a[i]), Math.abs(b[i])));
        }
        return scale == 0 ? diff : diff / scale;
    }

    static void assertClose(double[] expected, double[] actual, double tol, String what) {
        double err = relativeError(expected, actual);
        assertTrue(err <= tol, what + ": relative error " + err + " > " + tol
                + "\nexpected " + java.util.Arrays.toString(expected) + "\nactual   " + java.util.Arrays.toString(actual));
    }
}
