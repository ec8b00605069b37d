package dev.landfall.nn;

import dev.landfall.data.Dataset;
import dev.landfall.data.Datasets;
import dev.landfall.data.Example;
import dev.landfall.data.Tensors;
import dev.landfall.io.Progress;
import dev.landfall.nn.callbacks.Callback;
import dev.landfall.nn.callbacks.ProgressLogger;
import dev.landfall.nn.layers.CallContext;
import dev.landfall.tensor.BufferPool;
import dev.landfall.tensor.DType;
import dev.landfall.tensor.Rng;
import dev.landfall.tensor.Tensor;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The loops behind fit, evaluate and predict, made once per model: batching, shuffling, callbacks,
 * the buffer pool around each step. It runs the model's graph and its {@code trainStep}; losses and
 * metrics come from the model's {@link Objectives}.
 */
final class Trainer {
    private static final int DEFAULT_BATCH = 32;
    private final Model model;

    Trainer(Model model) {
        this.model = model;
    }

    private void requireCompiled(String what) {
        if (!model.isCompiled()) {
            throw new IllegalStateException("You must call compile() before " + what
                    + ", e.g. model.compile(Optimizers.adam(), Losses.binaryCrossentropy(), Metrics.accuracy())");
        }
    }

    private static Dataset batched(Dataset d, Integer batchSize, boolean shuffle, long seed, String what) {
        if (d.isBatched()) {
            if (batchSize != null) {
                throw new IllegalArgumentException(what + ": the dataset is already batched, so batchSize must not be set "
                        + "(it would batch the batches); pass an unbatched dataset or drop batchSize");
            }
            return d;
        }
        Dataset s = shuffle ? d.shuffle(seed) : d;
        return s.batch(batchSize == null ? DEFAULT_BATCH : batchSize);
    }

    History fit(Dataset train, FitOptions o) {
        requireCompiled("fit");
        model.ensureBuiltFrom(train);
        requireTrainingMemory();
        Dataset trainData = train;
        Dataset val = o.validationData();
        if (o.validationSplit() > 0) {
            if (val != null) {
                throw new IllegalArgumentException("fit: give validationData or validationSplit, not both");
            }
            if (train.orderDependsOnEpoch()) {
                throw new IllegalArgumentException("fit: validationSplit takes the last fraction of the data, which has no "
                        + "fixed order once shuffled; pass unshuffled data (fit shuffles the training part itself)");
            }
            if (!train.isInMemory() || train.isBatched() || train.cardinality() < 0) {
                throw new IllegalArgumentException("fit: validationSplit needs an unbatched in-memory dataset of known "
                        + "size; split streamed data with dataset.split(...) and pass validationData");
            }
            long n = train.cardinality();
            long keep = (long) Math.floor(n * (1 - o.validationSplit()));
            trainData = train.take(keep);
            val = train.skip(keep);
        }
        long shuffleSeed = Rng.next().bits(0);
        PrivateSteps dp = o.privacy() == null ? null
                : PrivateSteps.plan(model, trainData, o.batchSize(), o.epochs() - o.initialEpoch(), o.privacy(), o.output(),
                        o.verbosity() != FitOptions.Verbosity.SILENT);
        Dataset batches = dp != null ? null : batched(trainData, o.batchSize(), o.shuffle(), shuffleSeed, "fit");
        long batchesPerEpoch = dp != null ? dp.stepsPerEpoch() : batches.cardinality();
        Dataset valBatches = val == null ? null : batched(val, val.isBatched() ? null : o.batchSize(), false, 0, "fit");

        History history = new History();
        List<Callback> callbacks = new ArrayList<>();
        boolean terminal = System.console() != null;
        switch (o.verbosity()) {
            case BAR -> callbacks.add(new ProgressLogger(o.output(), true, o.epochs(), batchesPerEpoch));
            case LINE -> callbacks.add(new ProgressLogger(o.output(), false, o.epochs(), batchesPerEpoch));
            case AUTO -> callbacks.add(new ProgressLogger(o.output(), terminal, o.epochs(), batchesPerEpoch));
            case SILENT -> { }
        }
        callbacks.addAll(o.callbacks());
        callbacks.add(history);
        for (Callback c : callbacks) {
            c.setModel(model);
        }
        model.stopTraining(false);
        if (dp == null) {
            model.markTrainedWithoutPrivacy(); // ordinary training voids an earlier guarantee
        }
        Map<String, Double> none = Map.of();
        callbacks.forEach(c -> c.onTrainBegin(none));
        Map<String, Double> lastLogs = new LinkedHashMap<>();
        try {
            lastLogs = epochs(o, dp, batches, valBatches, callbacks, none);
        } finally {
            if (dp != null) {
                model.recordPrivacy(dp.spent()); // every step taken counts, also when an epoch was cut short
            }
        }
        Map<String, Double> end = lastLogs;
        callbacks.forEach(c -> c.onTrainEnd(end));
        return history;
    }

    private Map<String, Double> epochs(FitOptions o, PrivateSteps dp, Dataset batches, Dataset valBatches,
                                       List<Callback> callbacks, Map<String, Double> none) {
        Map<String, Double> lastLogs = new LinkedHashMap<>();
        for (int epoch = o.initialEpoch(); epoch < o.epochs() && !model.stopTrainingRequested(); epoch++) {
            final int e = epoch;
            callbacks.forEach(c -> c.onEpochBegin(e, none));
            List<Metric> ms = freshMetrics();
            double lossSum = 0;
            double count = 0;
            Map<String, Double> logs = new LinkedHashMap<>();
            Iterator<Example> it = dp != null ? dp.epoch(epoch) : batches.iterator(epoch);
            try {
                for (int b = 0; it.hasNext() && !model.stopTrainingRequested(); b++) {
                    final int bi = b;
                    Example batch = withClassWeights(it.next(), o.classWeight());
                    callbacks.forEach(c -> c.onTrainBatchBegin(bi, none));
                    double loss = dp != null ? dp.step(batch, ms) : step(batch, ms);
                    int n = dp != null ? dp.realCount() : batchSize(batch);
                    lossSum += loss * n;
                    count += n;
                    logs = logs(count == 0 ? 0 : lossSum / count, ms, ""); // an empty Poisson sample so far
                    Map<String, Double> batchLogs = logs;
                    callbacks.forEach(c -> c.onTrainBatchEnd(bi, batchLogs));
                }
            } finally {
                Datasets.close(it); // a stopped epoch must not leave a file or a prefetch thread open
            }
            if (valBatches != null && !model.stopTrainingRequested()) {
                logs.putAll(evaluate(valBatches, null, "val_").values());
            }
            if (dp != null) {
                model.recordPrivacy(dp.spent());
                logs.put("epsilon", model.privacySpent().epsilon());
            }
            Map<String, Double> epochLogs = logs;
            callbacks.forEach(c -> c.onEpochEnd(e, epochLogs));
            lastLogs = logs;
        }
        return lastLogs;
    }

    /**
     * Training holds each trainable weight's gradient and up to two optimizer slots (Adam's moments)
     * besides the weights: refuse up front, naming the largest layer, when that cannot fit.
     */
    private void requireTrainingMemory() {
        long params = 0;
        long largest = 0;
        String largestName = "";
        for (var l : model.layers()) {
            long p = l.trainableWeights().stream().mapToLong(w -> w.value().size()).sum();
            params += p;
            if (p > largest) {
                largest = p;
                largestName = l.name() + " (" + l.className() + ", " + p + " weights)";
            }
        }
        String name = largestName;
        long total = params;
        Memory.require(3L * 4 * params, () -> "training " + total + " weights (their gradients and optimizer state; the "
                + "largest layer is " + name + ")");
    }

    Map<String, Double> trainOnBatch(Example batch) {
        requireCompiled("trainOnBatch");
        model.ensureBuilt(batch.features());
        model.markTrainedWithoutPrivacy();
        List<Metric> ms = freshMetrics();
        return logs(step(batch, ms), ms, "");
    }

    /**
     * One training step inside the model's buffer pool (DESIGN.md §3): the step's tensors give their
     * buffers back when it ends, so only the loss leaves it, as a number.
     */
    private double step(Example batch, List<Metric> ms) {
        CallContext ctx = new CallContext(true, null, Rng.global().derive("train-step").derive(model.optimizer().iterations()));
        BufferPool.Scope scope = model.buffers().tryOpen();
        try {
            return model.trainStep(batch, ctx, ms).item();
        } finally {
            if (scope != null) {
                model.keepGradients();
                scope.close();
            }
        }
    }

    Evaluation evaluate(Dataset data, Integer batchSize, String prefix) {
        return evaluate(data, batchSize, prefix, Progress.NONE);
    }

    Evaluation evaluate(Dataset data, Integer batchSize, String prefix, Progress progress) {
        requireCompiled("evaluate");
        model.ensureBuiltFrom(data);
        Dataset batches = batched(data, data.isBatched() ? null : batchSize, false, 0, "evaluate");
        List<Metric> ms = freshMetrics();
        double lossSum = 0;
        double count = 0;
        Iterator<Example> it = batches.iterator(0);
        try (var g = Tensor.noGrad()) {
            while (it.hasNext()) {
                Example batch = it.next();
                BufferPool.Scope scope = model.buffers().tryOpen();
                try {
                    Graph.Result out = model.forwardWithMasks(batch.features(), CallContext.inference());
                    Tensor loss = model.computeLoss(batch.target(), out.outputs(), batch.sampleWeight(), out.masks());
                    int n = batchSize(batch);
                    lossSum += loss.item() * n;
                    count += n;
                    progress.advance(n);
                    Objectives.updateMetrics(ms, model.outputNames(), batch.target(), out.outputs(), batch.sampleWeight(),
                            out.masks());
                } finally {
                    if (scope != null) {
                        scope.close();
                    }
                }
            }
        } finally {
            Datasets.close(it);
        }
        if (count == 0) {
            throw new IllegalArgumentException("evaluate: the dataset is empty");
        }
        return new Evaluation(logs(lossSum / count, ms, prefix));
    }

    Tensors predict(Dataset data, int batchSize) {
        return predict(data, batchSize, Progress.NONE);
    }

    Tensors predict(Dataset data, int batchSize, Progress progress) {
        model.ensureBuiltFrom(data);
        Dataset batches = data.isBatched() ? data : data.batch(batchSize);
        Map<String, List<Tensor>> parts = new LinkedHashMap<>();
        boolean single = true;
        Iterator<Example> it = batches.iterator(0);
        try (var g = Tensor.noGrad()) {
            while (it.hasNext()) {
                Example batch = it.next();
                Tensors out = model.forward(batch.features(), false);
                progress.advance(batchSize(batch));
                single = out.isSingle();
                out.named().forEach((k, v) -> parts.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
            }
        } finally {
            Datasets.close(it);
        }
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("predict: the dataset is empty");
        }
        Map<String, Tensor> joined = new LinkedHashMap<>();
        parts.forEach((k, v) -> joined.put(k, Tensor.concat(0, v.toArray(Tensor[]::new))));
        return single ? Tensors.of(joined.values().iterator().next()) : Tensors.of(joined);
    }

    private List<Metric> freshMetrics() {
        return model.objectives().freshMetrics(model.outputNames());
    }

    private static Map<String, Double> logs(double loss, List<Metric> ms, String prefix) {
        Map<String, Double> l = new LinkedHashMap<>();
        l.put(prefix + "loss", loss);
        for (Metric m : ms) {
            l.put(prefix + m.name(), m.result());
        }
        return l;
    }

    private static int batchSize(Example batch) {
        return batch.features().named().values().iterator().next().dim(0);
    }

    /** Multiplies each example's weight by its class's weight (classes missing from the map weigh 1). */
    private static Example withClassWeights(Example batch, Map<Integer, Double> classWeight) {
        if (classWeight == null || classWeight.isEmpty()) {
            return batch;
        }
        if (batch.target() == null || !batch.target().isSingle()) {
            throw new IllegalArgumentException("classWeight needs a single target per example");
        }
        Tensor y = batch.target().single();
        int[] classes;
        if (y.rank() >= 2 && y.dim(-1) > 1) {
            classes = y.argmax(-1).reshape(-1).toIntArray();
        } else {
            double[] v = y.to(DType.FLOAT64).reshape(-1).toDoubleArray();
            classes = new int[v.length];
            for (int i = 0; i < v.length; i++) {
                classes[i] = (int) Math.round(v[i]);
            }
        }
        float[] w = new float[classes.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = classWeight.getOrDefault(classes[i], 1.0).floatValue();
        }
        Tensor cw = Tensor.fromArray(w);
        Tensor sw = batch.sampleWeight() == null ? cw : batch.sampleWeight().to(DType.FLOAT32).mul(cw);
        return new Example(batch.features(), batch.target(), sw);
    }
}
