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
            Tensor w = sampleWeight == null ? null : sampleWeight.to(dev.landfall.tensor.DType.FLOAT64);
            if (w == null || w.rank() <= 1) {
                // per-example weights: first average each example's values over its extra axes
                if (v.rank() > 1) {
                    int[] axes = new int[v.rank() - 1];
                    for (int i = 0; i < axes.length; i++) {
                        axes[i] = i + 1;
                    }
                    v = v.mean(axes, false);
                }
                if (w == null) {
                    total += v.sum().item();
                    count += v.size();
                } else {
                    total += v.reshape(-1).mul(w.reshape(-1)).sum().item();
                    count += w.sum().item();
                }
            } else {
                // element weights (a mask): weigh each value; trailing axes of the values share a weight
                Tensor wb = SampleWeights.broadcast(w, v.shape());
                total += v.mul(wb).sum().item();
                count += wb.sum().item();
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
