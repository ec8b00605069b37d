package dev.landfall.nn.losses;

import dev.landfall.nn.Loss;
import dev.landfall.tensor.Tensor;

import java.util.Map;

/** Mean squared error, mean absolute error, Huber and KL divergence, each reduced over the last axis. */
public final class Regression extends Loss {
    /** Which loss. */
    public enum Kind { MEAN_SQUARED_ERROR, MEAN_ABSOLUTE_ERROR, HUBER, KL_DIVERGENCE }

    private final Kind kind;
    private final double delta;

    public Regression(Kind kind, double delta) {
        super(switch (kind) {
            case MEAN_SQUARED_ERROR -> "mean_squared_error";
            case MEAN_ABSOLUTE_ERROR -> "mean_absolute_error";
            case HUBER -> "huber";
            case KL_DIVERGENCE -> "kl_divergence";
        });
        if (kind == Kind.HUBER && !(delta > 0)) {
            throw new IllegalArgumentException("Received an invalid value for delta, expected a positive float. "
                    + "Received: delta=" + delta);
        }
        this.kind = kind;
        this.delta = delta;
    }

    @Override
    public Tensor call(Tensor yTrue, Tensor yPred) {
        Tensor y = LossShapes.align(name(), yTrue, yPred);
        Tensor perElement = switch (kind) {
            case MEAN_SQUARED_ERROR -> yPred.sub(y).square();
            case MEAN_ABSOLUTE_ERROR -> yPred.sub(y).abs();
            case HUBER -> {
                // 0.5·e² where |e| ≤ δ, else δ·(|e| − 0.5·δ)
                Tensor e = yPred.sub(y).abs();
                Tensor quadratic = e.minimum(delta);
                Tensor linear = e.sub(quadratic);
                yield quadratic.square().mul(0.5).add(linear.mul(delta));
            }
            case KL_DIVERGENCE -> {
                Tensor t = y.clamp(CrossEntropy.EPSILON, 1);
                Tensor p = yPred.clamp(CrossEntropy.EPSILON, 1);
                yield t.mul(t.div(p).log());
            }
        };
        return kind == Kind.KL_DIVERGENCE ? perElement.sum(new int[] {-1}, false) : perElement.mean(new int[] {-1}, false);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        if (kind == Kind.HUBER) {
            c.put("delta", delta);
        }
        return c;
    }
}
