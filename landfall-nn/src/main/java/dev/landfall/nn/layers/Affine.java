package dev.landfall.nn.layers;

import dev.landfall.nn.Weight;
import dev.landfall.tensor.Tensor;

/** The learned per-channel scale and shift of the normalization layers: {@code y·γ + β}, each optional. */
final class Affine {
    private Affine() {
    }

    /** A normalization's epsilon, checked: a positive number. */
    static double epsilon(double e) {
        if (!(e > 0)) {
            throw new IllegalArgumentException("Received an invalid value for epsilon, expected a positive float. "
                    + "Received: epsilon=" + e);
        }
        return e;
    }

    /** {@code (x − mean) / sqrt(var + ε)}: the normalization all three layers share. */
    static Tensor standardize(Tensor x, Tensor mean, Tensor var, double epsilon) {
        return x.sub(mean).div(var.add(epsilon).sqrt());
    }

    /** {@link #standardize} with the mean and variance over {@code axes} of x itself. */
    static Tensor standardize(Tensor x, int[] axes, double epsilon) {
        return standardize(x, x.mean(axes, true), x.var(axes, true), epsilon);
    }

    /** {@code y·gamma + beta}; a null weight (scale or center off) is skipped. */
    static Tensor apply(Tensor y, Weight gamma, Weight beta, CallContext ctx) {
        Tensor out = gamma == null ? y : y.mul(gamma.value());
        out = beta == null ? out : out.add(beta.value());
        if (ctx.tape() != null) {
            ctx.tape().scale(gamma, y, out);
            ctx.tape().bias(beta, out);
        }
        return out;
    }
}
