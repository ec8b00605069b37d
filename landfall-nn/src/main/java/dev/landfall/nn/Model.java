package dev.landfall.nn;

import dev.landfall.data.Dataset;
import dev.landfall.data.Datasets;
import dev.landfall.data.Example;
import dev.landfall.data.Tensors;
import dev.landfall.io.Progress;
import dev.landfall.nn.layers.CallContext;
import dev.landfall.nn.layers.Input;
import dev.landfall.nn.layers.Layer;
import dev.landfall.nn.layers.SymbolicTensor;
import dev.landfall.nn.optimizers.Optimizer;
import dev.landfall.tensor.BufferPool;
import dev.landfall.tensor.GradMode;
import dev.landfall.tensor.Rng;
import dev.landfall.tensor.Tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A functional model: a graph of layer calls from {@link Input}s to outputs, with Keras's
 * {@code compile / fit / evaluate / predict}. Layers get names unique within the model when it is
 * assembled; weights are named {@code layer.weight}.
 *
 * <pre>{@code
 * Input a = Input.of(8), b = Input.of(4);
 * SymbolicTensor h = Dense.of(8, Activations.RELU).apply(a);
 * SymbolicTensor sum = Add.of().apply(h, a);                 // a residual connection
 * SymbolicTensor out = Dense.of(1, Activations.SIGMOID).apply(Concatenate.of(-1).apply(sum, b));
 * Model m = Model.of(List.of(a, b), List.of(out));
 * }</pre>
 */
public class Model {
    private String name;
    private Graph graph;
    private Optimizer optimizer;
    /** What compile set: losses and metrics per output (null until compiled). */
    private Objectives objectives;
    /** The loops behind fit, evaluate and predict; the only Trainer a model makes. */
    private final Trainer trainer = new Trainer(this);
    private boolean stopTraining;
    /** Recycles the buffers of one training step, evaluation batch or no-grad forward for the next. */
    private final BufferPool buffers = new BufferPool();
    private dev.landfall.nn.privacy.PrivacySpent privacySpent;
    private boolean trainedWithoutPrivacy;

    protected Model(String name) {
        this.name = name;
    }

    /** A single-input, single-output model. */
    public static Model of(Input input, SymbolicTensor output) {
        return of(List.of(input), List.of(output));
    }

    /**
     * A model from its inputs to its outputs.
     *
     * @throws IllegalArgumentException when an output depends on an input that is not listed, or two
     *         layers share a name
     */
    public static Model of(List<Input> inputs, List<SymbolicTensor> outputs) {
        Model m = new Model("functional");
        m.initGraph(inputs, outputs);
        return m;
    }

    // ---------------------------------------------------------------- graph

    /** Sets up the graph: topological order, unique layer names, checks. */
    protected final void initGraph(List<Input> ins, List<SymbolicTensor> outs) {
        this.graph = new Graph(ins, outs);
    }

    /** Whether the graph exists (a Sequential without an Input builds on its first data). */
    public boolean isBuilt() {
        return graph != null;
    }

    /** Builds the model for data shaped like {@code features}; a no-op for functional models. */
    protected void ensureBuilt(Tensors features) {
        if (!isBuilt()) {
            throw new IllegalStateException("Model '" + name + "' has no graph");
        }
    }

    /** Builds a lazily built model from the first example of {@code data}. */
    void ensureBuiltFrom(Dataset data) {
        if (isBuilt()) {
            return;
        }
        java.util.Iterator<Example> it = data.iterator(0);
        Tensors f;
        try {
            if (!it.hasNext()) {
                throw new IllegalArgumentException("Model '" + name + "' cannot be built from an empty dataset");
            }
            f = it.next().features();
        } finally {
            Datasets.close(it);
        }
        if (!data.isBatched()) {
            Map<String, Tensor> batched = new LinkedHashMap<>();
            f.named().forEach((k, v) -> batched.put(k, v.unsqueeze(0)));
            f = f.isSingle() ? Tensors.of(batched.values().iterator().next()) : Tensors.of(batched);
        }
        ensureBuilt(f);
    }

    private void requireBuilt(String what) {
        if (!isBuilt()) {
            throw new IllegalStateException("Model '" + name + "' is not built yet, so " + what + " is not available: "
                    + "start it with an Input (Sequential.of(Input.of(...), ...)) or call fit/predict first");
        }
    }

    /** The model's name ({@code sequential}, {@code functional}). */
    public String name() {
        return name;
    }

    /** Renames the model. */
    public Model setName(String n) {
        this.name = n;
        return this;
    }

    /** The inputs. */
    public List<Input> inputs() {
        requireBuilt("inputs()");
        return graph.inputs;
    }

    /** The symbolic outputs. */
    public List<SymbolicTensor> outputs() {
        requireBuilt("outputs()");
        return graph.outputs;
    }

    /** Output names: the names of the layers that produce them. */
    public List<String> outputNames() {
        requireBuilt("outputNames()");
        return graph.outputNames();
    }

    /** The layer calls in execution order (each is the symbolic output of one call). */
    public List<SymbolicTensor> nodes() {
        requireBuilt("nodes()");
        return graph.nodes;
    }

    /** Every distinct layer in execution order, Inputs first. */
    public List<Layer> layers() {
        requireBuilt("layers()");
        return graph.layers;
    }

    /** The layer with this name. */
    public Layer getLayer(String layerName) {
        for (Layer l : layers()) {
            if (layerName.equals(l.name())) {
                return l;
            }
        }
        throw new IllegalArgumentException("Model '" + name + "' has no layer '" + layerName + "'; layers: "
                + layers().stream().map(Layer::name).toList());
    }

    /** All weights, layer by layer. */
    public List<Weight> weights() {
        List<Weight> ws = new ArrayList<>();
        for (Layer l : layers()) {
            ws.addAll(l.weights());
        }
        return ws;
    }

    /** The weights the optimizer updates. */
    public List<Weight> trainableWeights() {
        List<Weight> ws = new ArrayList<>();
        for (Layer l : layers()) {
            for (Weight w : l.weights()) {
                if (w.trainable()) {
                    ws.add(w);
                }
            }
        }
        return ws;
    }

    /** Number of scalars in all weights. */
    public long countParams() {
        return layers().stream().mapToLong(Layer::countParams).sum();
    }

    // ---------------------------------------------------------------- forward

    /**
     * Runs the graph on batched inputs (a single tensor, or named tensors keyed by Input name).
     *
     * @throws IllegalArgumentException when an input is missing or its per-example shape differs from its Input's
     */
    public Tensors forward(Tensors x, boolean training) {
        CallContext ctx = new CallContext(training, null, training ? Rng.next() : Rng.global());
        if (GradMode.isEnabled()) {
            return forward(x, ctx); // the graph's saved tensors must outlive this call
        }
        // Without a graph only the outputs outlive the call: the intermediates' buffers are reused.
        BufferPool.Scope scope = buffers.tryOpen();
        try {
            Tensors out = forward(x, ctx);
            keepAll(out);
            return out;
        } finally {
            if (scope != null) {
                scope.close();
            }
        }
    }

    /** The pool behind training steps and no-grad forwards. */
    BufferPool buffers() {
        return buffers;
    }

    /** Keeps outputs past their scope, with the logits a cross-entropy on them will use ({@link Logits}). */
    static void keepAll(Tensors ts) {
        for (Tensor t : ts.named().values()) {
            BufferPool.keep(t, Logits.of(t));
        }
    }

    /**
     * Keeps the gradients a step leaves on the weights. The built-in step clears them; a custom
     * {@link #trainStep} that accumulates gradients over several steps keeps working.
     */
    void keepGradients() {
        for (Layer l : layers()) {
            for (Weight w : l.weights()) {
                BufferPool.keep(w.value().grad());
            }
        }
    }

    /** Runs the graph with an explicit context (the step's random stream). */
    protected Tensors forward(Tensors x, CallContext ctx) {
        return forwardWithMasks(x, ctx).outputs();
    }

    /** Runs the graph and also returns the masks that reached the outputs (for the loss and metrics). */
    Graph.Result forwardWithMasks(Tensors x, CallContext ctx) {
        ensureBuilt(x);
        return graph.run(x, ctx, name);
    }

    /** The Input names, in order. */
    public List<String> inputNames() {
        requireBuilt("inputNames()");
        return graph.inputNames();
    }

    // ---------------------------------------------------------------- compile

    /** Configures training with one loss for every output and metrics watching each output. */
    public void compile(Optimizer opt, Loss loss, Metric... ms) {
        Map<String, Loss> byOutput = new LinkedHashMap<>();
        Map<String, List<Metric>> metricsByOutput = new LinkedHashMap<>();
        byOutput.put(null, loss);
        metricsByOutput.put(null, List.of(ms));
        compile(opt, byOutput, metricsByOutput);
    }

    /**
     * Configures training with a loss per output name (the key {@code null} means every output) and
     * metrics per output name.
     */
    public void compile(Optimizer opt, Map<String, Loss> lossByOutput, Map<String, List<Metric>> metricsByOutput) {
        if (opt == null) {
            throw new IllegalArgumentException("compile: an optimizer is required, e.g. Optimizers.adam()");
        }
        if (lossByOutput == null || lossByOutput.isEmpty() || lossByOutput.values().stream().anyMatch(l -> l == null)) {
            throw new IllegalArgumentException("compile: a loss is required, e.g. Losses.binaryCrossentropy()");
        }
        this.optimizer = opt;
        this.objectives = new Objectives(lossByOutput, metricsByOutput);
    }

    /** Whether compile was called. */
    public boolean isCompiled() {
        return optimizer != null;
    }

    /** The optimizer given to compile. */
    public Optimizer optimizer() {
        return optimizer;
    }

    /** What compile set (null before compile). */
    Objectives objectives() {
        return objectives;
    }

    /** The losses given to compile, by output name ({@code null} = every output). */
    public Map<String, Loss> compiledLosses() {
        return objectives == null ? Map.of() : Collections.unmodifiableMap(objectives.losses());
    }

    /** The metrics given to compile, by output name ({@code null} = every output). */
    public Map<String, List<Metric>> compiledMetrics() {
        return objectives == null ? Map.of() : Collections.unmodifiableMap(objectives.metrics());
    }

    /**
     * The differential privacy its training spent (DP-SGD phases, δ, ε), or null when it was trained
     * without {@code FitOptions.privacy} (or not at all).
     */
    public dev.landfall.nn.privacy.PrivacySpent privacySpent() {
        return privacySpent;
    }

    /** Sets what {@link #privacySpent()} reports: fit does, and the model-file loader from the file's record. */
    public void recordPrivacy(dev.landfall.nn.privacy.PrivacySpent spent) {
        privacySpent = spent;
        if (spent != null) {
            trainedWithoutPrivacy = spent.afterNonPrivateTraining();
        }
    }

    /**
     * Notes that the weights were trained (or loaded) without differential privacy: the record is cleared, and
     * a later private fit records that it started from such weights (its guarantee covers its own data only).
     */
    public void markTrainedWithoutPrivacy() {
        privacySpent = null;
        trainedWithoutPrivacy = true;
    }

    /** Whether the weights saw training (or loading) without differential privacy before any private phase. */
    public boolean trainedWithoutPrivacy() {
        return trainedWithoutPrivacy;
    }

    /** Asks fit to stop after the current batch (EarlyStopping, TerminateOnNaN). */
    public void stopTraining(boolean stop) {
        stopTraining = stop;
    }

    /** Whether a callback asked fit to stop. */
    public boolean stopTrainingRequested() {
        return stopTraining;
    }

    // ---------------------------------------------------------------- training

    /** Trains on an unbatched dataset (or a batched one, without {@code batchSize}) and returns the history. */
    public History fit(Dataset train, FitOptions options) {
        return trainer.fit(train, options);
    }

    /** Trains on in-memory tensors, examples along axis 0. */
    public History fit(Tensor x, Tensor y, FitOptions options) {
        return fit(Datasets.fromTensors(x, y), options);
    }

    /** The loss and metrics over a dataset, batched by 32 unless already batched. */
    public Evaluation evaluate(Dataset data) {
        return trainer.evaluate(data, null, "");
    }

    /** The loss and metrics over a dataset with a batch size. */
    public Evaluation evaluate(Dataset data, int batchSize) {
        return trainer.evaluate(data, batchSize, "");
    }

    /** The loss and metrics over a dataset with a batch size, counting examples done on {@code progress}. */
    public Evaluation evaluate(Dataset data, int batchSize, Progress progress) {
        return trainer.evaluate(data, batchSize, "", progress);
    }

    /** The loss and metrics over in-memory tensors. */
    public Evaluation evaluate(Tensor x, Tensor y) {
        return evaluate(Datasets.fromTensors(x, y));
    }

    /** One training step on one batch; returns the batch's loss and metrics. */
    public Map<String, Double> trainOnBatch(Tensor x, Tensor y) {
        return trainer.trainOnBatch(new Example(Tensors.of(x), Tensors.of(y), null));
    }

    /**
     * One training step: forward in training mode, loss (plus regularization), backward, optimizer
     * update, metric updates. Override for a custom step; use {@link #computeLoss} and
     * {@code optimizer().apply(grads, weights)}. Returns the loss of this batch.
     */
    protected Tensor trainStep(Example batch, CallContext ctx, List<Metric> batchMetrics) {
        List<Weight> trainable = trainableWeights();
        for (Weight w : trainable) {
            w.value().zeroGrad();
        }
        Graph.Result out = forwardWithMasks(batch.features(), ctx);
        Tensor loss = trainingLoss(batch.features(), batch.target(), out.outputs(), batch.sampleWeight(), out.masks());
        loss.backward();
        optimizer.apply(trainable);
        for (Weight w : trainable) {
            w.value().zeroGrad(); // the gradients belong to this step, as with PyTorch's zero_grad(set_to_none=True)
        }
        Objectives.updateMetrics(batchMetrics, outputNames(), batch.target(), out.outputs(), batch.sampleWeight(),
                out.masks());
        return loss.detach();
    }

    /**
     * The total loss: each output's loss (sample-weighted, Keras's reduction) plus every weight's
     * regularization penalty.
     *
     * @throws IllegalArgumentException naming the output when a target does not fit its prediction
     */
    public Tensor computeLoss(Tensors yTrue, Tensors yPred, Tensor sampleWeight) {
        return computeLoss(yTrue, yPred, sampleWeight, Map.of());
    }

    /**
     * The total loss with the outputs' masks: masked positions weigh 0 and the others are scaled by
     * total/valid, so the "sum over batch size" reduction averages over valid positions (Keras 3).
     */
    Tensor computeLoss(Tensors yTrue, Tensors yPred, Tensor sampleWeight, Map<String, Tensor> masks) {
        return computeLossWithMasks(yTrue, yPred, sampleWeight, masks);
    }

    /**
     * The loss a training step minimizes, Keras's {@code compute_loss(x, y, y_pred, sample_weight)}: the
     * compiled loss (with the outputs' masks) by default. Override to add terms that need the inputs, as a
     * distiller adds the teacher's soft targets; evaluation keeps the compiled loss.
     */
    protected Tensor trainingLoss(Tensors x, Tensors yTrue, Tensors yPred, Tensor sampleWeight,
                                  Map<String, Tensor> masks) {
        return computeLossWithMasks(yTrue, yPred, sampleWeight, masks);
    }

    private Tensor computeLossWithMasks(Tensors yTrue, Tensors yPred, Tensor sampleWeight, Map<String, Tensor> masks) {
        if (objectives == null) {
            throw new IllegalStateException("You must call compile() before computing a loss");
        }
        return objectives.loss(outputNames(), yTrue, yPred, sampleWeight, masks, trainableWeights());
    }

    // ---------------------------------------------------------------- inference

    /** Predictions for in-memory inputs, in batches of 32, inference mode. */
    public Tensor predict(Tensor x) {
        return predict(Tensors.of(x)).single();
    }

    /** Predictions for (named) in-memory inputs. */
    public Tensors predict(Tensors x) {
        return trainer.predict(Datasets.fromTensors(x, null, null), 32);
    }

    /** Predictions for (named) in-memory inputs, counting examples done on {@code progress}. */
    public Tensors predict(Tensors x, Progress progress) {
        return trainer.predict(Datasets.fromTensors(x, null, null), 32, progress);
    }

    /** Predictions for every example of a dataset (targets, if any, are ignored). */
    public Tensors predict(Dataset data) {
        return trainer.predict(data, 32);
    }

    // ---------------------------------------------------------------- state

    /** Every weight by name ({@code dense_1.kernel}), in layer order. The tensors are the live values. */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> s = new LinkedHashMap<>();
        for (Weight w : weights()) {
            s.put(w.name(), w.value());
        }
        return s;
    }

    /**
     * Copies weights in by name. Mis-shaped keys are always an error; with {@code strict}, missing and
     * unexpected keys are too. All problems are listed by name in one message.
     *
     * @return the keys that were missing and unexpected (empty lists when strict)
     */
    public StateDicts.LoadResult loadStateDict(Map<String, Tensor> state, boolean strict) {
        markTrainedWithoutPrivacy(); // weights from elsewhere: no guarantee carries over unless the file's record says so
        return StateDicts.load(weights(), state, strict);
    }

    /** The classic Keras text summary (layer (type), output shape, param #; totals). */
    public String summary() {
        requireBuilt("summary()");
        return ModelSummary.of(this);
    }

    /** Whether the summary shows Input rows and a "Connected to" column (functional models). */
    protected boolean summaryIsFunctional() {
        return true;
    }
}
