package dev.landfall.nn;

import dev.landfall.data.Tensors;
import dev.landfall.tensor.DType;
import dev.landfall.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code compile} set, and the one place that turns it into numbers: each output's loss and
 * metrics, the target of an output, and the weights that masks and sample weights give each position.
 * The training step, evaluation and custom steps all go through here.
 */
final class Objectives {
    private final Map<String, Loss> losses;
    private final Map<String, List<Metric>> metrics;

    /** @param losses by output name ({@code null} = every output); @param metrics likewise */
    Objectives(Map<String, Loss> losses, Map<String, List<Metric>> metrics) {
        this.losses = new LinkedHashMap<>(losses);
        this.metrics = new LinkedHashMap<>(metrics == null ? Map.of() : metrics);
    }

    Map<String, Loss> losses() {
        return losses;
    }

    Map<String, List<Metric>> metrics() {
        return metrics;
    }

    private Loss lossOf(String output) {
        return losses.containsKey(output) ? losses.get(output) : losses.get(null);
    }

    /**
     * The total loss: each output's loss (sample-weighted, Keras's reduction) with masked positions
     * weighing 0 and the others scaled by total/valid (so the "sum over batch size" reduction averages
     * over valid positions, as Keras 3), plus every weight's regularization penalty.
     *
     * @throws IllegalArgumentException naming the output when a target does not fit its prediction
     */
    Tensor loss(List<String> outputs, Tensors yTrue, Tensors yPred, Tensor sampleWeight, Map<String, Tensor> masks,
                List<Weight> trainable) {
        if (yTrue == null) {
            throw new IllegalArgumentException("The data has no targets; fit and evaluate need (features, target) examples");
        }
        Tensor total = null;
        for (String out : outputs) {
            Loss loss = lossOf(out);
            if (loss == null) {
                continue;
            }
            Tensor pred = pick(yPred, out, outputs);
            Tensor target = pick(yTrue, out, outputs);
            Tensor mask = masks.get(out);
            Tensor weight = mask == null ? sampleWeight : weights(mask, sampleWeight, pred.dtype(), true);
            Tensor l;
            try {
                l = loss.compute(target, pred, weight);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Output '" + out + "': " + e.getMessage(), e);
            } catch (IndexOutOfBoundsException e) {
                throw new IllegalArgumentException("Output '" + out + "': " + loss.name() + ": " + e.getMessage(), e);
            }
            total = total == null ? l : total.add(l);
        }
        for (Weight w : trainable) {
            if (w.regularizer() != null) {
                total = total.add(w.regularizer().penalty(w.value()));
            }
        }
        return total;
    }

    /** Fresh metric instances for one pass: per output, named with the output's name when there are several. */
    List<Metric> freshMetrics(List<String> outputs) {
        List<Metric> out = new ArrayList<>();
        for (String outName : outputs) {
            List<Metric> spec = metrics.containsKey(outName) ? metrics.get(outName) : metrics.getOrDefault(null, List.of());
            for (Metric m : spec) {
                Metric c = m.copy();
                c.bindLoss(lossOf(outName));
                out.add(outputs.size() == 1 ? c : new PrefixedMetric(outName, c));
            }
        }
        return out;
    }

    /** Updates metrics; an output's mask joins its sample weights, as Keras passes masks to metrics. */
    static void updateMetrics(List<Metric> ms, List<String> outputs, Tensors yTrue, Tensors yPred, Tensor sampleWeight,
                              Map<String, Tensor> masks) {
        try (var g = Tensor.noGrad()) {
            for (Metric m : ms) {
                String out = m instanceof PrefixedMetric p ? p.output : outputs.get(0);
                Tensor mask = masks.get(out);
                Tensor w = mask == null ? sampleWeight : weights(mask, sampleWeight, DType.FLOAT32, false);
                m.update(pick(yTrue, out, outputs), pick(yPred, out, outputs), w);
            }
        }
    }

    /**
     * The weight of each position from an output's mask and the per-example sample weights: the mask
     * as numbers (rescaled by total/valid for a loss), times the sample weights broadcast over it.
     */
    static Tensor weights(Tensor mask, Tensor sampleWeight, DType dtype, boolean rescale) {
        Tensor m = mask.to(dtype);
        if (rescale) {
            m = m.mul(m.size() / (m.sum().item() + 1e-7));
        }
        return sampleWeight == null ? m : m.mul(expandTo(sampleWeight.to(dtype), m.rank()));
    }

    /** Per-example weights {@code [batch]} reshaped to {@code [batch, 1, …]} of the given rank. */
    private static Tensor expandTo(Tensor perExample, int rank) {
        if (perExample.rank() >= rank) {
            return perExample;
        }
        int[] dims = new int[rank];
        Arrays.fill(dims, 1);
        dims[0] = perExample.dim(0);
        return perExample.reshape(dims);
    }

    /** The tensor of one output from a single tensor or a map keyed by output name. */
    static Tensor pick(Tensors t, String outputName, List<String> outputs) {
        if (t.isSingle()) {
            if (outputs.size() != 1) {
                throw new IllegalArgumentException("The model has outputs " + outputs
                        + "; give targets as a map keyed by those names");
            }
            return t.single();
        }
        Tensor v = t.named().get(outputName);
        if (v == null) {
            throw new IllegalArgumentException("No target for output '" + outputName + "'; targets given: "
                    + t.named().keySet() + ", outputs: " + outputs);
        }
        return v;
    }

    /** A metric of one output of a multi-output model, logged as {@code output_metric}. */
    private static final class PrefixedMetric extends Metric {
        final String output;
        final Metric inner;

        PrefixedMetric(String output, Metric inner) {
            super(output + "_" + inner.name());
            this.output = output;
            this.inner = inner;
        }

        @Override
        public void update(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
            inner.update(yTrue, yPred, sampleWeight);
        }

        @Override
        public double result() {
            return inner.result();
        }

        @Override
        public void reset() {
            inner.reset();
        }

        @Override
        public Metric copy() {
            return new PrefixedMetric(output, inner.copy());
        }
    }
}
