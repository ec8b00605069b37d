package dev.landfall.nn.optimizers;

import dev.landfall.data.config.ConfigMap;
import dev.landfall.nn.Weight;
import dev.landfall.tensor.BufferPool;
import dev.landfall.tensor.Tensor;

import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The base of every optimizer, split like Keras: {@link #build} creates per-weight slots,
 * {@link #updateStep} is only the math; this class owns gradient clipping ({@code clipnorm},
 * {@code clipvalue}, {@code globalClipnorm}), decoupled weight decay ({@code w -= w·wd·lr}), the
 * learning-rate schedule and the step count. Optimizers know weights, never layers.
 *
 * <p>Order of one {@link #apply}: clip gradients, decay weights, update each weight, count the step.
 */
public abstract class Optimizer {
    private final String name;
    private LearningRateSchedule schedule;
    private double clipnorm = Double.NaN;
    private double clipvalue = Double.NaN;
    private double globalClipnorm = Double.NaN;
    protected double weightDecay;
    private long iterations;
    private final Map<Weight, Map<String, Tensor>> slots = new IdentityHashMap<>();

    protected Optimizer(String name, double learningRate) {
        this.name = name;
        this.schedule = LearningRateSchedules.constant(learningRate);
    }

    /** The Keras name ({@code adam}). */
    public String name() {
        return name;
    }

    /** Uses a schedule instead of a constant rate. */
    public Optimizer learningRate(LearningRateSchedule s) {
        this.schedule = s;
        return this;
    }

    /** Sets a constant rate (as ReduceLROnPlateau does). */
    public Optimizer learningRate(double lr) {
        this.schedule = LearningRateSchedules.constant(lr);
        return this;
    }

    /** The schedule. */
    public LearningRateSchedule schedule() {
        return schedule;
    }

    /** The rate the next update uses. */
    public double currentLearningRate() {
        return schedule.at(iterations);
    }

    /** Clips each gradient to this L2 norm. Only one of the three clipping options may be set, as in Keras. */
    public Optimizer clipnorm(double v) {
        onlyClipping("clipnorm", clipvalue, globalClipnorm);
        clipnorm = positive("clipnorm", v);
        return this;
    }

    /** Clips each gradient element to [-v, v]. */
    public Optimizer clipvalue(double v) {
        onlyClipping("clipvalue", clipnorm, globalClipnorm);
        clipvalue = positive("clipvalue", v);
        return this;
    }

    /** Scales all gradients together so that their joint L2 norm is at most {@code v}. */
    public Optimizer globalClipnorm(double v) {
        onlyClipping("global_clipnorm", clipnorm, clipvalue);
        globalClipnorm = positive("global_clipnorm", v);
        return this;
    }

    private static void onlyClipping(String what, double other1, double other2) {
        if (!Double.isNaN(other1) || !Double.isNaN(other2)) {
            throw new IllegalArgumentException("Only one of clipnorm, clipvalue and global_clipnorm can be set; "
                    + "received " + what + " after another one");
        }
    }

    /** Decoupled weight decay: before each update {@code w -= w · decay · lr} (Loshchilov &amp; Hutter 2019). */
    public Optimizer weightDecay(double decay) {
        if (!(decay >= 0)) {
            throw new IllegalArgumentException("Received an invalid value for weight_decay, expected a non-negative "
                    + "float. Received: weight_decay=" + decay);
        }
        weightDecay = decay;
        return this;
    }

    private static double positive(String what, double v) {
        if (!(v > 0)) {
            throw new IllegalArgumentException("Received an invalid value for " + what + ", expected a positive float. "
                    + "Received: " + what + "=" + v);
        }
        return v;
    }

    /** Updates done so far. */
    public long iterations() {
        return iterations;
    }

    /**
     * Applies one update: {@code grads.get(i)} is the gradient of {@code weights.get(i)}; null
     * gradients skip their weight.
     *
     * @throws IllegalArgumentException when the lists differ in length or a gradient's shape differs from its weight's
     */
    public final void apply(List<Tensor> grads, List<Weight> weights) {
        if (grads.size() != weights.size()) {
            throw new IllegalArgumentException("apply: " + grads.size() + " gradients for " + weights.size() + " weights");
        }
        double lr = currentLearningRate();
        try (var g = Tensor.noGrad()) {
            Tensor[] clipped = clip(grads, weights);
            for (int i = 0; i < weights.size(); i++) {
                Weight w = weights.get(i);
                Tensor grad = clipped[i];
                if (grad == null) {
                    continue;
                }
                Map<String, Tensor> s = slotsOf(w);
                if (weightDecay > 0 && decays(w)) {
                    w.value().subInPlace(w.value().mul(weightDecay * lr));
                }
                updateStep(grad, w.value(), lr, s);
            }
        }
        iterations++;
    }

    /** The weight's slots, built on first use; they outlive the training step that builds them. */
    private Map<String, Tensor> slotsOf(Weight w) {
        Map<String, Tensor> m = slots.get(w);
        if (m == null) {
            m = new LinkedHashMap<>();
            build(w, m);
            for (Tensor t : m.values()) {
                BufferPool.keep(t);
            }
            slots.put(w, m);
        }
        return m;
    }

    /** Applies the gradients the last backward left on the weights' values. */
    public final void apply(List<Weight> weights) {
        apply(weights.stream().map(w -> w.value().grad()).toList(), weights);
    }

    /** Whether weight decay applies to this weight (all by default). */
    protected boolean decays(Weight w) {
        return true;
    }

    private Tensor[] clip(List<Tensor> grads, List<Weight> weights) {
        Tensor[] out = new Tensor[grads.size()];
        for (int i = 0; i < out.length; i++) {
            Tensor g = grads.get(i);
            if (g != null && !g.shape().equals(weights.get(i).shape())) {
                throw new IllegalArgumentException("apply: the gradient for " + weights.get(i).name() + " has shape "
                        + g.shape() + " but the weight has " + weights.get(i).shape());
            }
            out[i] = g == null ? null : g.to(weights.get(i).value().dtype());
        }
        if (!Double.isNaN(clipnorm)) {
            for (int i = 0; i < out.length; i++) {
                if (out[i] != null) {
                    double norm = Math.sqrt(out[i].square().sum().item());
                    if (norm > clipnorm) {
                        out[i] = out[i].mul(clipnorm / norm);
                    }
                }
            }
        }
        if (!Double.isNaN(globalClipnorm)) {
            double total = 0;
            for (Tensor g : out) {
                if (g != null) {
                    total += g.square().sum().item();
                }
            }
            double norm = Math.sqrt(total);
            if (norm > globalClipnorm) {
                for (int i = 0; i < out.length; i++) {
                    out[i] = out[i] == null ? null : out[i].mul(globalClipnorm / norm);
                }
            }
        }
        if (!Double.isNaN(clipvalue)) {
            for (int i = 0; i < out.length; i++) {
                out[i] = out[i] == null ? null : out[i].clamp(-clipvalue, clipvalue);
            }
        }
        return out;
    }

    /** Creates the slots for a weight ({@code slots.put("m", zeros)}). */
    protected abstract void build(Weight weight, Map<String, Tensor> slots);

    /**
     * The update math for one weight, in place on {@code w} (recording is off).
     *
     * @param lr the learning rate of this step
     */
    protected abstract void updateStep(Tensor grad, Tensor w, double lr, Map<String, Tensor> slots);

    /** Zero-filled tensor like a weight's value. */
    protected static Tensor zerosLike(Weight w) {
        return Tensor.zeros(w.shape(), w.value().dtype());
    }

    /** Configuration with Keras's keys. Subclasses add theirs. */
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name);
        c.put("learning_rate", schedule.getConfig());
        c.put("weight_decay", weightDecay);
        c.put("clipnorm", Double.isNaN(clipnorm) ? null : clipnorm);
        c.put("clipvalue", Double.isNaN(clipvalue) ? null : clipvalue);
        c.put("global_clipnorm", Double.isNaN(globalClipnorm) ? null : globalClipnorm);
        return c;
    }

    /** Applies the base keys of a config to a fresh optimizer. */
    protected static <O extends Optimizer> O withBaseConfig(O o, Map<String, Object> c) {
        Object lr = c.get("learning_rate");
        if (lr instanceof Map<?, ?>) {
            o.learningRate(LearningRateSchedules.fromConfig(ConfigMap.map(c, "learning_rate")));
        } else if (lr != null) {
            o.learningRate(ConfigMap.number(c, "learning_rate", 0));
        }
        o.weightDecay = ConfigMap.number(c, "weight_decay", o.weightDecay);
        if (c.get("clipnorm") != null) {
            o.clipnorm(ConfigMap.number(c, "clipnorm", 0));
        }
        if (c.get("clipvalue") != null) {
            o.clipvalue(ConfigMap.number(c, "clipvalue", 0));
        }
        if (c.get("global_clipnorm") != null) {
            o.globalClipnorm(ConfigMap.number(c, "global_clipnorm", 0));
        }
        return o;
    }

    /**
     * The optimizer's state by name, for saving: {@code iterations} and each slot as
     * {@code slot/weightName} ({@code m/dense.kernel}).
     */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> s = new LinkedHashMap<>();
        s.put("iterations", Tensor.scalar(iterations, dev.landfall.tensor.DType.FLOAT64));
        for (Map.Entry<Weight, Map<String, Tensor>> e : slots.entrySet()) {
            for (Map.Entry<String, Tensor> slot : e.getValue().entrySet()) {
                s.put(slot.getKey() + "/" + e.getKey().name(), slot.getValue());
            }
        }
        return s;
    }

    /**
     * Restores state saved by {@link #stateDict()} for these weights (slots are created as needed).
     *
     * @throws IllegalArgumentException naming a slot whose shape does not fit its weight
     */
    public void loadStateDict(Map<String, Tensor> state, List<Weight> weights) {
        Tensor it = state.get("iterations");
        if (it != null) {
            iterations = (long) it.item();
        }
        for (Weight w : weights) {
            Map<String, Tensor> m = slotsOf(w);
            for (Map.Entry<String, Tensor> slot : m.entrySet()) {
                Tensor saved = state.get(slot.getKey() + "/" + w.name());
                if (saved == null) {
                    continue;
                }
                if (!saved.shape().equals(slot.getValue().shape())) {
                    throw new IllegalArgumentException("optimizer slot " + slot.getKey() + "/" + w.name() + " has shape "
                            + saved.shape() + "; the weight needs " + slot.getValue().shape());
                }
                try (var g = Tensor.noGrad()) {
                    slot.getValue().copyFrom(saved);
                }
            }
        }
    }
}
