package dev.landfall.nn.layers;

import dev.landfall.data.config.ConfigMap;
import dev.landfall.nn.Initializer;
import dev.landfall.nn.Memory;
import dev.landfall.nn.Regularizer;
import dev.landfall.nn.Weight;
import dev.landfall.tensor.DType;
import dev.landfall.tensor.Rng;
import dev.landfall.tensor.Shape;
import dev.landfall.tensor.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The base of every layer, with Keras's contract: the constructor only validates and stores
 * config; {@link #build} creates weights from the first input shape (per example, without the batch
 * dimension); {@code call} is the math. Call a layer eagerly with {@link #forward} or symbolically
 * (functional API) with {@link #apply}.
 *
 * <p>A layer's name is unique within its model and assigned when the model is assembled
 * ({@code dense}, {@code dense_1}, …) unless set with {@link #setName}. Weights are named
 * {@code layerName.weightName}.
 */
public abstract class Layer {
    private String name;
    private boolean trainable = true;
    private boolean built;
    private DType dtype = DType.FLOAT32;
    private List<Shape> builtShapes;
    private final List<Weight> weights = new ArrayList<>();
    /** Prefixes the names of the weights {@link #addWeight} makes, when a wrapper will adopt them ({@code forward_}). */
    private String weightPrefix = "";

    protected Layer() {
    }

    // ---------------------------------------------------------------- identity and config

    /** The layer's name, or null until a model (or the first call) assigns one. */
    public String name() {
        return name;
    }

    /**
     * Names the layer. Names may not contain '.', which separates layer and weight in weight names.
     *
     * @throws IllegalArgumentException for an empty name or one with '.'
     */
    public Layer setName(String name) {
        if (name == null || name.isBlank() || name.contains(".")) {
            throw new IllegalArgumentException("Received an invalid value for name, expected a non-empty string "
                    + "without '.'. Received: name=" + name);
        }
        this.name = name;
        return this;
    }

    /** The class name used in configs and summaries ({@code Dense}). */
    public String className() {
        return getClass().getSimpleName();
    }

    /** The base of automatic names: the class name in snake case ({@code Conv2D} → {@code conv2d}). */
    public String defaultName() {
        return snakeCase(className());
    }

    static String snakeCase(String s) {
        String a = s.replaceAll("(.)([A-Z][a-z]+)", "$1_$2");
        return a.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    /** Whether the optimizer updates this layer's trainable weights. */
    public boolean isTrainable() {
        return trainable;
    }

    /** Freezes ({@code false}) or unfreezes the layer, as in transfer learning. */
    public Layer setTrainable(boolean trainable) {
        this.trainable = trainable;
        for (Weight w : weights) {
            w.setFrozen(!trainable);
        }
        return this;
    }

    /** The dtype of the weights this layer creates (FLOAT32 unless set before building). */
    public DType dtype() {
        return dtype;
    }

    /**
     * Sets the weights' dtype; only before the layer is built.
     *
     * @throws IllegalStateException once built
     */
    public Layer setDtype(DType dtype) {
        if (built) {
            throw new IllegalStateException("Layer '" + name + "' is already built; set its dtype before the first call");
        }
        this.dtype = dtype;
        return this;
    }

    /**
     * The layer's configuration with Keras's keys, enough to rebuild it with
     * {@link Layers#fromConfig}. Subclasses add their own entries to {@code super.getConfig()}.
     */
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name);
        c.put("trainable", trainable);
        c.put("dtype", dtype.displayName());
        return c;
    }

    /** Applies the base keys of a config (name, trainable, dtype) to a freshly constructed layer. */
    protected static <L extends Layer> L withBaseConfig(L layer, Map<String, Object> c) {
        String n = ConfigMap.string(c, "name", null);
        if (n != null) {
            layer.setName(n);
        }
        String d = ConfigMap.string(c, "dtype", null);
        if (d != null) {
            layer.setDtype(dtype(d, "dtype"));
        }
        layer.setTrainable(ConfigMap.bool(c, "trainable", layer.isTrainable()));
        return layer;
    }

    /** A dtype by its name in a config ({@code float32}). */
    protected static DType dtype(String name, String key) {
        for (DType t : DType.values()) {
            if (t.name().equalsIgnoreCase(name) || t.displayName().equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException(key + ": expected a dtype (float32, float64, int32, int8, bool), got '"
                + name + "'");
    }

    // ---------------------------------------------------------------- weights

    /** Creates a weight; only from {@link #build}. */
    protected Weight addWeight(String weightName, Shape shape, Initializer init, boolean trainableWeight,
                               Regularizer regularizer) {
        Memory.require((long) shape.size() * dtype.byteSize(), () -> "layer '" + name + "' (" + className()
                + "): the weight " + weightName + " of shape " + shape);
        Rng rng = Rng.next();
        Weight w = new Weight(weightPrefix + weightName, init.create(shape, dtype, rng), trainableWeight, regularizer);
        w.setOwner(this::name);
        if (!trainable) {
            w.setFrozen(true);
        }
        weights.add(w);
        return w;
    }

    /**
     * Builds {@code inner} (a sublayer of a wrapper or block) for {@code inputShapes}, its weights named
     * {@code prefix + name}, in this layer's dtype, and adopts them ({@link #adoptWeights}).
     */
    protected void buildInner(Layer inner, String prefix, List<Shape> inputShapes) {
        inner.weightPrefix = prefix;
        inner.setDtype(dtype);
        // the wrapper's name in front: inner names seed dropout streams, which must differ between wrappers
        inner.setName((name == null ? "" : name + "_") + prefix + inner.defaultName());
        inner.build(inputShapes);
        adoptWeights(inner);
    }

    /**
     * Makes a built inner layer's weights this layer's own (a wrapper such as {@link Bidirectional}): the
     * same {@link Weight} objects, named after this layer and frozen with it.
     */
    protected void adoptWeights(Layer inner) {
        for (Weight w : inner.weights) {
            w.setOwner(this::name);
            if (!trainable) {
                w.setFrozen(true);
            }
            weights.add(w);
        }
    }

    /** All weights, in creation order. */
    public List<Weight> weights() {
        return Collections.unmodifiableList(weights);
    }

    /** The weights the optimizer updates. */
    public List<Weight> trainableWeights() {
        return weights.stream().filter(Weight::trainable).toList();
    }

    /** The weights it does not (frozen ones, moving statistics). */
    public List<Weight> nonTrainableWeights() {
        return weights.stream().filter(w -> !w.trainable()).toList();
    }

    /** Total number of scalars in the weights. */
    public long countParams() {
        long n = 0;
        for (Weight w : weights) {
            n += w.shape().size();
        }
        return n;
    }

    // ---------------------------------------------------------------- building

    /** Whether weights exist. */
    public boolean isBuilt() {
        return built;
    }

    /** The per-example input shapes the layer was built for, or null. */
    public List<Shape> builtInputShapes() {
        return builtShapes;
    }

    /**
     * Builds the layer for these per-example input shapes once; later calls check that the shapes
     * are compatible (same rank and same last dimension unless the layer says otherwise).
     *
     * @throws IllegalArgumentException naming the layer and both shapes when they are not
     */
    public final void build(List<Shape> inputShapes) {
        if (built) {
            for (int i = 0; i < inputShapes.size() && i < builtShapes.size(); i++) {
                if (!compatible(builtShapes.get(i), inputShapes.get(i))) {
                    throw new IllegalArgumentException("Layer '" + displayName() + "' (" + className() + ") was built for "
                            + "inputs of shape " + SymbolicTensor.display(builtShapes.get(i)) + " but was called on "
                            + SymbolicTensor.display(inputShapes.get(i)));
                }
            }
            return;
        }
        int[] range = inputCountRange();
        if (inputShapes.size() < range[0] || inputShapes.size() > range[1]) {
            throw new IllegalArgumentException("Layer '" + displayName() + "' (" + className() + ") expects "
                    + (range[0] == range[1] ? String.valueOf(range[0]) : range[0] + " or more") + " input(s); received "
                    + inputShapes.size());
        }
        doBuild(inputShapes);
        builtShapes = List.copyOf(inputShapes);
        built = true;
    }

    /** Hook: creates weights for several inputs; the default delegates to {@link #build(Shape)}. */
    protected void doBuild(List<Shape> inputShapes) {
        build(inputShapes.get(0));
    }

    /** Hook: creates weights for a single input's per-example shape. */
    protected void build(Shape inputShape) {
    }

    /** How many inputs the layer takes: {min, max}. */
    protected int[] inputCountRange() {
        return new int[] {1, 1};
    }

    /** Whether a later input shape may be used with weights built for an earlier one. */
    protected boolean compatible(Shape builtShape, Shape now) {
        return builtShape.rank() == now.rank()
                && (now.rank() == 0 || builtShape.dim(-1) == now.dim(-1));
    }

    protected String displayName() {
        return name == null ? defaultName() : name;
    }

    // ---------------------------------------------------------------- calling

    /** Inference-mode call on one batched input. */
    public Tensor forward(Tensor x) {
        return forward(List.of(x), CallContext.inference());
    }

    /** Call on one batched input, in training or inference mode. */
    public Tensor forward(Tensor x, boolean training) {
        return forward(List.of(x), new CallContext(training, null, training ? Rng.next() : Rng.global()));
    }

    /**
     * Builds if needed, checks the input shapes, and runs {@code call}. Inputs are batched: the first
     * dimension is the batch.
     */
    public Tensor forward(List<Tensor> inputs, CallContext ctx) {
        if (name == null) {
            name = defaultName();
        }
        List<Shape> shapes = new ArrayList<>(inputs.size());
        for (Tensor t : inputs) {
            if (t.rank() == 0) {
                throw new IllegalArgumentException("Layer '" + name + "' (" + className()
                        + ") needs batched inputs (first dimension = batch); received a scalar");
            }
            shapes.add(perExample(t.shape()));
        }
        build(shapes);
        return inputs.size() == 1 && inputCountRange()[1] == 1 ? call(inputs.get(0), ctx) : callMulti(inputs, ctx);
    }

    /** Hook for single-input layers: the math, on a batched input. */
    protected Tensor call(Tensor input, CallContext ctx) {
        return callMulti(List.of(input), ctx);
    }

    /** Hook for multi-input layers. */
    protected Tensor callMulti(List<Tensor> inputs, CallContext ctx) {
        throw new IllegalStateException(className() + " overrides neither call(Tensor, CallContext) nor "
                + "callMulti(List, CallContext)");
    }

    /** Whether this layer passes its input's mask through unchanged (Dense, Dropout, …). */
    protected boolean supportsMasking() {
        return false;
    }

    /** The mask of the output: by default the first input's mask when masking is supported, else none. */
    public Tensor computeMask(List<Tensor> inputs, List<Tensor> masks) {
        return supportsMasking() && masks != null && !masks.isEmpty() ? masks.get(0) : null;
    }

    /**
     * Applies the layer to symbolic tensors (functional API), building it and inferring the output
     * shape by running it once on a batch of one zero example.
     */
    public SymbolicTensor apply(SymbolicTensor... inputs) {
        List<Tensor> dummies = new ArrayList<>(inputs.length);
        for (SymbolicTensor s : inputs) {
            int[] dims = new int[s.shape().rank() + 1];
            dims[0] = 1;
            System.arraycopy(s.shape().toArray(), 0, dims, 1, s.shape().rank());
            dummies.add(Tensor.zeros(Shape.of(dims), s.dtype()));
        }
        Tensor out;
        String saved = name;
        try (var g = Tensor.noGrad()) {
            out = forward(dummies, CallContext.inference());
        }
        name = saved;
        return new LayerCall(this, List.of(inputs), perExample(out.shape()), out.dtype());
    }

    /** Drops the batch dimension. */
    public static Shape perExample(Shape batched) {
        int[] d = batched.toArray();
        return Shape.of(java.util.Arrays.copyOfRange(d, 1, d.length));
    }

    @Override
    public String toString() {
        return className() + "(" + displayName() + ")";
    }
}
