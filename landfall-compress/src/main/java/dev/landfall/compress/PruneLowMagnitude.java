package dev.landfall.compress;

import dev.landfall.nn.Model;
import dev.landfall.nn.Weight;
import dev.landfall.nn.callbacks.Callback;
import dev.landfall.nn.layers.Conv;
import dev.landfall.nn.layers.Dense;
import dev.landfall.nn.layers.Layer;
import dev.landfall.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Magnitude pruning during training (tfmot's {@code prune_low_magnitude} as a callback): the kernels of
 * Dense and convolution layers lose their smallest weights by absolute value, to the sparsity that a
 * {@link PolynomialDecay} schedule gives at each step, per layer or over all of them at once
 * ({@code global}). Masks are recomputed on the schedule's steps and applied after every optimizer step,
 * so pruned weights stay zero in the forward pass and in the saved model file; biases are never pruned.
 *
 * <pre>{@code
 * PruneLowMagnitude prune = new PruneLowMagnitude(PolynomialDecay.of(0, 0.8, 0, 1000));
 * model.fit(x, y, FitOptions.epochs(5).callbacks(prune));
 * PruneLowMagnitude.sparsity(model);   // {dense.kernel=0.8, dense_1.kernel=0.8, …}
 * }</pre>
 *
 * <p>Unlike tfmot, the optimizer still updates masked weights (they are zeroed again after each step),
 * so a weight's moment estimates are not frozen while it is pruned; masks only recompute from the
 * weights' current values, which is what the schedule does anyway.
 */
public final class PruneLowMagnitude extends Callback {
    private final PolynomialDecay schedule;
    private final boolean global;
    /** Per pruned kernel, 1 where a weight is kept and 0 where it is cut, in the kernel's shape and dtype. */
    private final Map<Weight, Tensor> masks = new LinkedHashMap<>();
    /** Steps trained with this callback (tfmot's pruning step: its own count, kept across fits). */
    private long step;

    /** Per-layer pruning on a schedule. */
    public PruneLowMagnitude(PolynomialDecay schedule) {
        this(schedule, false);
    }

    /** @param global one threshold over all prunable kernels together instead of one per layer */
    public PruneLowMagnitude(PolynomialDecay schedule, boolean global) {
        this.schedule = schedule;
        this.global = global;
    }

    /** The kernels of Dense and convolution layers. */
    public static List<Weight> prunable(Model model) {
        List<Weight> out = new ArrayList<>();
        for (Layer l : model.layers()) {
            if (l instanceof Dense || l instanceof Conv) {
                for (Weight w : l.weights()) {
                    if (w.localName().equals("kernel") && w.trainable()) {
                        out.add(w);
                    }
                }
            }
        }
        return out;
    }

    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        if (prunable(model).isEmpty()) {
            throw new IllegalArgumentException("prune_low_magnitude: the model has no Dense or convolution kernel to "
                    + "prune");
        }
    }

    @Override
    public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
        if (schedule.prunesAt(step)) {
            updateMasks(schedule.sparsity(step));
        }
        applyMasks();
        step++;
    }

    /** Recomputes the masks to a sparsity: the {@code round(s·n)} smallest |w| are cut. */
    void updateMasks(double sparsity) {
        List<Weight> weights = prunable(model);
        if (global) {
            int total = 0;
            for (Weight w : weights) {
                total += w.value().size();
            }
            float[] all = new float[total];
            int at = 0;
            for (Weight w : weights) {
                float[] v = w.value().toFloatArray();
                for (float f : v) {
                    all[at++] = Math.abs(f);
                }
            }
            float threshold = threshold(all, sparsity);
            int cut = cutCount(all.length, sparsity);
            // ties at the threshold: cut them in order until the count is reached, as a sort would
            int[] tiesLeft = {cut - countBelow(all, threshold)};
            for (Weight w : weights) {
                masks.put(w, tensor(w, mask(w.value().toFloatArray(), threshold, tiesLeft)));
            }
        } else {
            for (Weight w : weights) {
                float[] v = w.value().toFloatArray();
                float[] abs = new float[v.length];
                for (int i = 0; i < v.length; i++) {
                    abs[i] = Math.abs(v[i]);
                }
                float threshold = threshold(abs, sparsity);
                int[] tiesLeft = {cutCount(v.length, sparsity) - countBelow(abs, threshold)};
                masks.put(w, tensor(w, mask(v, threshold, tiesLeft)));
            }
        }
    }

    private static int cutCount(int n, double sparsity) {
        return (int) Math.round(sparsity * n);
    }

    /** The |w| value at the cut: the k-th smallest (k = round(s·n)), or −1 when nothing is cut. */
    private static float threshold(float[] abs, double sparsity) {
        int k = cutCount(abs.length, sparsity);
        if (k == 0) {
            return -1;
        }
        float[] sorted = abs.clone();
        Arrays.sort(sorted);
        return sorted[k - 1];
    }

    private static int countBelow(float[] abs, float threshold) {
        int n = 0;
        for (float a : abs) {
            n += a < threshold ? 1 : 0;
        }
        return n;
    }

    /** Keeps |w| above the threshold, cuts those below, and cuts ties while {@code tiesLeft[0]} > 0. */
    private static boolean[] mask(float[] v, float threshold, int[] tiesLeft) {
        boolean[] keep = new boolean[v.length];
        for (int i = 0; i < v.length; i++) {
            float a = Math.abs(v[i]);
            if (a > threshold) {
                keep[i] = true;
            } else if (a == threshold) {
                keep[i] = tiesLeft[0] <= 0;
                tiesLeft[0]--;
            }
        }
        return keep;
    }

    /** A mask as a tensor of the kernel's shape and dtype, made once per mask update and kept. */
    private static Tensor tensor(Weight w, boolean[] keep) {
        float[] m = new float[keep.length];
        for (int i = 0; i < m.length; i++) {
            m[i] = keep[i] ? 1 : 0;
        }
        Tensor t = Tensor.fromArray(m, w.value().shape().toArray()).to(w.value().dtype());
        dev.landfall.tensor.BufferPool.keep(t);
        return t;
    }

    void applyMasks() {
        try (var g = Tensor.noGrad()) {
            masks.forEach((w, m) -> w.value().mulInPlace(m));
        }
    }

    /** The fraction of zeros in each prunable kernel, by weight name. */
    public static Map<String, Double> sparsity(Model model) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Weight w : prunable(model)) {
            float[] v = w.value().toFloatArray();
            int zeros = 0;
            for (float f : v) {
                zeros += f == 0 ? 1 : 0;
            }
            out.put(w.name(), (double) zeros / v.length);
        }
        return out;
    }
}
