package dev.landfall.tensor.spi;

/** Scalar definitions of the elementwise functions, shared by every kernel's scalar tail. */
public final class ScalarMath {
    private static final double TWO_OVER_SQRT_PI = 1.1283791670955126;

    private ScalarMath() {
    }

    /** The value of {@code op} at {@code x}. */
    public static double apply(UnaryOp op, double x) {
        return switch (op) {
            case NEG -> -x;
            case EXP -> Math.exp(x);
            case LOG -> Math.log(x);
            case SQRT -> Math.sqrt(x);
            case RECIPROCAL -> 1.0 / x;
            case ABS -> Math.abs(x);
            case TANH -> Math.tanh(x);
            case SIGMOID -> sigmoid(x);
            case ERF -> erf(x);
            case RELU -> Math.max(x, 0.0);
        };
    }

    /** The value of {@code op} at {@code (a, b)}. */
    public static double apply(BinaryOp op, double a, double b) {
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case POW -> Math.pow(a, b);
            case MAXIMUM -> Math.max(a, b);
            case MINIMUM -> Math.min(a, b);
            case MASK_POSITIVE -> b > 0 ? a : 0.0;
        };
    }

    /** {@code 1 / (1 + e^-x)}, written so that neither branch overflows. */
    public static double sigmoid(double x) {
        if (x >= 0) {
            return 1.0 / (1.0 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1.0 + e);
    }

    /**
     * The error function to double precision. For |x| &lt; 3 the series
     * {@code erf x = 2/√π · e^{-x²} · Σ 2ⁿ x^{2n+1} / (2n+1)!!} (all terms positive, so no
     * cancellation); beyond, the continued fraction of erfc (Abramowitz &amp; Stegun 7.1.14), which
     * converges fast there.
     */
    public static double erf(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        double ax = Math.abs(x);
        double r;
        if (ax < 3.0) {
            double x2 = ax * ax;
            double term = ax;
            double sum = ax;
            for (int n = 1; n < 200; n++) {
                term *= 2.0 * x2 / (2 * n + 1);
                sum += term;
                if (term < 1e-17 * sum) {
                    break;
                }
            }
            r = TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
        } else if (ax < 6.5) {
            r = 1.0 - erfcContinuedFraction(ax);
        } else {
            r = 1.0;
        }
        return x < 0 ? -r : r;
    }

    /** erfc(x) for x ≥ 3, by the modified Lentz method on Laplace's continued fraction. */
    private static double erfcContinuedFraction(double x) {
        // erfc(x) = e^{-x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + …)))))
        double tiny = 1e-300;
        double f = x;
        double c = x;
        double d = 0;
        for (int k = 1; k < 300; k++) {
            double a = k * 0.5;
            d = x + a * d;
            d = d == 0 ? tiny : d;
            c = x + a / c;
            c = c == 0 ? tiny : c;
            d = 1.0 / d;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1.0) < 1e-16) {
                break;
            }
        }
        return Math.exp(-x * x) / (f * 1.7724538509055159);
    }
}
