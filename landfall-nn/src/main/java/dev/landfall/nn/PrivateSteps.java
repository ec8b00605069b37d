package dev.landfall.nn;

import dev.landfall.data.Dataset;
import dev.landfall.data.Datasets;
import dev.landfall.data.Example;
import dev.landfall.data.Tensors;
import dev.landfall.nn.layers.BatchNormalization;
import dev.landfall.nn.layers.CallContext;
import dev.landfall.nn.layers.Layer;
import dev.landfall.nn.layers.PerExampleTape;
import dev.landfall.nn.privacy.PrivacyException;
import dev.landfall.nn.privacy.PrivacyOptions;
import dev.landfall.nn.privacy.PrivacySpent;
import dev.landfall.tensor.BufferPool;
import dev.landfall.tensor.DType;
import dev.landfall.tensor.Rng;
import dev.landfall.tensor.Tensor;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * DP-SGD inside {@code fit} (Abadi et al. 2016): Poisson-sampled batches, per-example gradients from
 * one backward pass ({@link PerExampleTape}; a backward pass per example for layers without a rule),
 * clipping to {@code l2NormClip}, Gaussian noise on the sum, division by the expected batch size, then
 * the compiled optimizer. The accountant counts every step, empty batches included.
 */
final class PrivateSteps {
    private final Model model;
    private final Dataset train;
    private final PrivacyOptions options;
    private final long examples;
    private final int expectedBatch;
    private final double q;
    private final long stepsPerEpoch;
    private final double sigma;
    private final PrivacySpent earlier;
    private final boolean fromNonPrivate;
    private final Rng rng;
    /** The padded size of every batch: the expected size plus two standard deviations of the Poisson count. */
    private final int capacity;
    private long steps;
    private int lastCount;
    private PrintStream console;
    private boolean saidFallback;

    private PrivateSteps(Model model, Dataset train, PrivacyOptions options, long examples, int expectedBatch,
                         long stepsPerEpoch, double sigma, PrivacySpent earlier) {
        this.model = model;
        this.train = train;
        this.options = options;
        this.examples = examples;
        this.expectedBatch = expectedBatch;
        this.q = (double) expectedBatch / examples;
        this.stepsPerEpoch = stepsPerEpoch;
        this.sigma = sigma;
        this.earlier = earlier;
        this.fromNonPrivate = model.trainedWithoutPrivacy();
        // not the global seed: whoever could rebuild the noise could take it off again
        this.rng = Rng.of(options.seed() != null ? options.seed() : new java.security.SecureRandom().nextLong())
                .derive("dp-sgd");
        double spread = Math.sqrt(expectedBatch * (1 - q));
        this.capacity = (int) Math.min(examples, (long) Math.ceil((expectedBatch + 2 * spread) / 8) * 8);
    }

    /**
     * Checks the data and the model, settles the noise (given, or from the target ε) and prints the plan.
     *
     * @throws IllegalArgumentException in one line when the data or a layer cannot be trained privately, or
     *     the target ε cannot be met
     */
    static PrivateSteps plan(Model model, Dataset train, Integer batchSize, int epochs, PrivacyOptions o,
                             PrintStream out, boolean verbose) {
        if (train.isBatched() || !train.isInMemory() || train.cardinality() < 0) {
            throw new PrivacyException("privacy: DP-SGD samples each example independently in each step "
                    + "(Poisson sampling), so it needs an unbatched in-memory dataset of known size; give fit the "
                    + "examples unbatched and set batchSize");
        }
        for (Layer l : model.layers()) {
            if (l instanceof BatchNormalization && l.isTrainable()) {
                throw new PrivacyException("privacy: layer '" + l.name() + "' (BatchNormalization) mixes the "
                        + "examples of a batch in training, so an example's gradient is not its own and cannot be "
                        + "clipped; use LayerNormalization or GroupNormalization, or freeze the layer (trainable: false)");
            }
        }
        long n = train.cardinality();
        if (n < 1) {
            throw new PrivacyException("privacy: the training data is empty");
        }
        int b = batchSize == null ? 32 : batchSize;
        if (b > n) {
            throw new PrivacyException("privacy: the expected batch size " + b + " is larger than the " + n
                    + " training examples");
        }
        long perEpoch = (n + b - 1) / b;
        long total = perEpoch * epochs;
        double q = (double) b / n;
        PrivacySpent earlier = model.privacySpent();
        double sigma = o.resolveNoise(q, total, earlier);
        if (o.delta() >= 1.0 / n) {
            out.printf(Locale.ROOT, "privacy: warning: delta %s is not below 1/N = %s (N = %d examples): a guarantee "
                    + "that allows one example in 1/delta to leak means little; use delta < 1/N, e.g. %s%n",
                    PrivacySpent.num(o.delta()), PrivacySpent.num(1.0 / n), n, PrivacySpent.num(Math.pow(10, Math.floor(Math.log10(0.1 / n)))));
        }
        double planned = PrivacySpent.after(earlier, new PrivacySpent.Phase(sigma, q, total, o.l2NormClip()), o, false)
                .epsilon();
        if (verbose) {
            out.printf(Locale.ROOT, "DP-SGD: noise multiplier %s, clipping norm %s, sampling rate %s (expected batch "
                        + "%d of %d examples), %,d steps; ε after training: %.3f at δ = %s%n", PrivacySpent.num(sigma),
                PrivacySpent.num(o.l2NormClip()), PrivacySpent.num(q), b, n, total, planned, PrivacySpent.num(o.delta()));
        }
        PrivateSteps p = new PrivateSteps(model, train, o, n, b, perEpoch, sigma, earlier);
        p.console = verbose ? out : null;
        return p;
    }

    long stepsPerEpoch() {
        return stepsPerEpoch;
    }

    /** The privacy spent by the steps so far (and the model's earlier private training). */
    PrivacySpent spent() {
        return PrivacySpent.after(earlier, new PrivacySpent.Phase(sigma, q, steps, options.l2NormClip()), options,
                fromNonPrivate);
    }

    /** The Poisson-sampled batches of one epoch: each example in each step with probability q. */
    Iterator<Example> epoch(int epoch) {
        Example all = everything(epoch);
        return new Iterator<>() {
            private long s;

            @Override
            public boolean hasNext() {
                return s < stepsPerEpoch;
            }

            @Override
            public Example next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Rng pick = rng.derive("sample").derive(epoch * stepsPerEpoch + s++);
                int[] idx = new int[capacity];
                int count = 0;
                // Each example independently with probability q: the gaps between chosen examples are
                // geometric, so a step draws about q·N numbers instead of N.
                double logMiss = Math.log1p(-q);
                long i = -1;
                for (long draw = 0; ; draw++) {
                    i += q >= 1 ? 1 : 1 + (long) Math.floor(Math.log(1 - pick.uniform(draw)) / logMiss);
                    if (i >= examples) {
                        break;
                    }
                    if (count == idx.length) {
                        idx = java.util.Arrays.copyOf(idx, (int) Math.min(examples, idx.length * 2L));
                    }
                    idx[count++] = (int) i;
                }
                // Padded to a fixed size with examples of weight 0, so every step's tensors have the same
                // shapes and the buffer pool reuses them; the padding adds nothing to any gradient.
                int size = Math.max(count, capacity);
                float[] weight = new float[size];
                java.util.Arrays.fill(weight, 0, count, 1f);
                Tensor at = Tensor.fromArray(java.util.Arrays.copyOf(idx, size));
                Tensor w = Tensor.fromArray(weight);
                lastCount = count;
                return new Example(all.features().apply(t -> t.indexSelect(0, at)),
                        all.target() == null ? null : all.target().apply(t -> t.indexSelect(0, at)),
                        all.sampleWeight() == null ? w : all.sampleWeight().indexSelect(0, at).to(DType.FLOAT32).mul(w));
            }
        };
    }

    /** The whole training set as one batch (the epoch's augmentation applied). */
    private Example everything(int epoch) {
        Iterator<Example> it = train.batch((int) examples).iterator(epoch);
        try {
            Example all = it.next();
            BufferPool.keep(all.features().named().values().toArray(Tensor[]::new));
            return all;
        } finally {
            Datasets.close(it);
        }
    }

    /** How many examples the last batch sampled (the rest is padding). */
    int realCount() {
        return lastCount;
    }

    /**
     * One private step on a padded batch: per-example gradients, clipping, the clipped sum, noise, the
     * optimizer. Returns the mean loss of the sampled examples (0 for an empty sample, which still takes a
     * noise-only step).
     */
    double step(Example batch, List<Metric> ms) {
        int batchSize = batch.features().named().values().iterator().next().dim(0);
        int real = lastCount;
        List<Weight> trainable = model.trainableWeights();
        long stepIndex = steps;
        Map<Weight, Tensor> sum = Map.of();
        double loss = 0;
        BufferPool.Scope scope = model.buffers().tryOpen();
        try {
            for (Weight w : trainable) {
                w.value().zeroGrad();
            }
            if (real > 0) {
                PerExampleTape tape = new PerExampleTape();
                CallContext ctx = new CallContext(true, null, rng.derive("step").derive(stepIndex), tape);
                Graph.Result out = model.forwardWithMasks(batch.features(), ctx);
                for (Map.Entry<String, Tensor> m : out.masks().entrySet()) {
                    if (m.getValue() != null) {
                        throw new PrivacyException("privacy: output '" + m.getKey() + "' carries a mask (a sequence "
                                + "output of padded inputs), whose loss is averaged over the valid steps of the whole "
                                + "batch; DP-SGD needs each example's loss on its own, so masked outputs are not supported");
                    }
                }
                Tensor penalty = penalty(trainable);
                Tensor l = model.trainingLoss(batch.features(), batch.target(), out.outputs(), batch.sampleWeight(),
                        out.masks());
                Tensor data = penalty == null ? l : l.sub(penalty); // the regularizers' gradients come after the noise
                tape.backward(data.mul(batchSize)); // each example's own loss, not the mean, reaches its rows
                // the padding weighs 0 but counts in Keras's mean: the loss of the sampled examples, plus the penalty
                loss = data.item() * batchSize / real + (penalty == null ? 0 : penalty.item());
                Objectives.updateMetrics(ms, model.outputNames(), batch.target(), out.outputs(), batch.sampleWeight(),
                        out.masks());
                double[] c;
                if (tape.weights().containsAll(trainable)) {
                    c = clipFactors(tape.squaredNorms(batchSize));
                    sum = tape.weightedSum(c);
                } else {
                    if (!saidFallback && console != null) {
                        List<String> untaped = trainable.stream().filter(w -> !tape.weights().contains(w))
                                .map(Weight::name).toList();
                        console.println("DP-SGD: no per-example rule for " + String.join(", ", untaped) + "; each step "
                                + "takes a backward pass per example (slower)");
                    }
                    saidFallback = true;
                    sum = oneByOne(batch, real, trainable, stepIndex);
                }
            }
            Map<Weight, Tensor> regularization = regularizationGradients(trainable);
            try (var g = Tensor.noGrad()) {
                Rng noise = rng.derive("noise").derive(stepIndex);
                for (int i = 0; i < trainable.size(); i++) {
                    Weight w = trainable.get(i);
                    Tensor n = Tensor.normal(w.shape(), 0, sigma * options.l2NormClip(), w.value().dtype(),
                            noise.derive(i));
                    Tensor s = sum.get(w);
                    Tensor grad = (s == null ? n : s.add(n)).div(expectedBatch);
                    Tensor r = regularization.get(w);
                    w.value().setGrad(r == null ? grad : grad.add(r));
                }
            }
            model.optimizer().apply(trainable);
            for (Weight w : trainable) {
                w.value().zeroGrad();
            }
        } finally {
            if (scope != null) {
                scope.close();
            }
        }
        steps++;
        return loss;
    }

    private double[] clipFactors(double[] squaredNorms) {
        double clip = options.l2NormClip();
        double[] c = new double[squaredNorms.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = Math.min(1.0, clip / (Math.sqrt(squaredNorms[i]) + 1e-6)); // Opacus's factor
        }
        return c;
    }

    /**
     * The generic route, for a model with a layer the tape has no rule for: a backward pass per example,
     * each gradient clipped, then summed.
     */
    private Map<Weight, Tensor> oneByOne(Example batch, int real, List<Weight> trainable, long stepIndex) {
        Map<Weight, Tensor> sum = new LinkedHashMap<>();
        for (int i = 0; i < real; i++) { // the sampled examples come first, the padding after
            Tensor at = Tensor.fromArray(new int[] {i});
            Tensors x = batch.features().apply(t -> t.indexSelect(0, at));
            Tensors y = batch.target() == null ? null : batch.target().apply(t -> t.indexSelect(0, at));
            Tensor sw = batch.sampleWeight() == null ? null : batch.sampleWeight().indexSelect(0, at);
            for (Weight w : trainable) {
                w.value().zeroGrad();
            }
            CallContext ctx = new CallContext(true, null, rng.derive("step").derive(stepIndex).derive(i));
            Graph.Result out = model.forwardWithMasks(x, ctx);
            Tensor penalty = penalty(trainable);
            Tensor l = model.trainingLoss(x, y, out.outputs(), sw, out.masks());
            (penalty == null ? l : l.sub(penalty)).backward();
            List<Tensor> grads = new ArrayList<>();
            double sq = 0;
            for (Weight w : trainable) {
                Tensor g = w.value().grad() == null ? Tensor.zeros(w.shape(), w.value().dtype()) : w.value().grad();
                grads.add(g);
                sq += g.to(DType.FLOAT64).square().sum().item();
            }
            double c = clipFactors(new double[] {sq})[0];
            try (var g = Tensor.noGrad()) {
                for (int k = 0; k < trainable.size(); k++) {
                    Tensor part = grads.get(k).mul(c);
                    sum.merge(trainable.get(k), part, Tensor::add);
                }
            }
        }
        return sum;
    }

    /** The regularizers' penalty (what the compiled loss adds), or null when no weight has one. */
    private static Tensor penalty(List<Weight> trainable) {
        Tensor penalty = null;
        for (Weight w : trainable) {
            if (w.regularizer() != null) {
                Tensor p = w.regularizer().penalty(w.value());
                penalty = penalty == null ? p : penalty.add(p);
            }
        }
        return penalty;
    }

    /** The regularizers' gradients: they depend on the weights alone, so they are added after the noise. */
    private static Map<Weight, Tensor> regularizationGradients(List<Weight> trainable) {
        for (Weight w : trainable) {
            w.value().zeroGrad();
        }
        Tensor penalty = penalty(trainable);
        if (penalty == null) {
            return Map.of();
        }
        penalty.backward();
        Map<Weight, Tensor> out = new LinkedHashMap<>();
        for (Weight w : trainable) {
            if (w.value().grad() != null) {
                out.put(w, w.value().grad());
            }
            w.value().zeroGrad();
        }
        return out;
    }

    /** ε spent so far, for the epoch logs. */
    double epsilon() {
        return spent().epsilon();
    }

    /** The noise multiplier in use (given, or settled from the target ε). */
    double noiseMultiplier() {
        return sigma;
    }
}
