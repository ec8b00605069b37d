package dev.landfall.nn.metrics;

import dev.landfall.nn.Metric;
import dev.landfall.tensor.Tensor;

import java.util.function.BiFunction;

/**
 * A weighted mean of per-example values (accuracy, MAE, MSE): {@code Σ w·v / Σ w} over all batches.
 * Per-example values with extra axes are averaged over them first.
 */
public class MeanMetric extends Metric {
    private final BiFunction<Tensor, Tensor, Tensor> values;
    private double total;
    private double count;

    public MeanMetric(String name, BiFunction<Tensor, Tensor, Tensor> values) {
        super(name);
        this.values = values;
    }

    @Override
    public void update(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        try (var g = Tensor.noGrad()) {
            Tensor v = values.apply(yTrue, yPred).to(dev.landfall.tensor.DType.FLOAT64);
            if (v.rank() > 1) {
                int[] axes = new int[v.rank() - 1];
                for (int i = 0; i < axes.length; i++) {
                    axes[i] = i + 1;
                }
                v = v.mean(axes, false);
            }
            if (sampleWeight == null) {
                total += v.sum().item();
                count += v.size();
            } else {
                Tensor w = sampleWeight.to(dev.landfall.tensor.DType.FLOAT64).reshape(-1);
                total += v.reshape(-1).mul(w).sum().item();
                count += w.sum().item();
            }
        }
    }

    @Override
    public double result() {
        return count == 0 ? 0 : total / count;
    }

    @Override
    public void reset() {
        total = 0;
        count = 0;
    }

    @Override
    public Metric copy() {
        return new MeanMetric(name(), values);
    }
}
