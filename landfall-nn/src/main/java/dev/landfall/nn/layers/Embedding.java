package dev.landfall.nn.layers;

import dev.landfall.nn.Initializer;
import dev.landfall.nn.Initializers;
import dev.landfall.nn.Weight;
import dev.landfall.tensor.DType;
import dev.landfall.tensor.Shape;
import dev.landfall.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * Maps integer ids in {@code [0, inputDim)} to vectors of {@code outputDim}: {@code embeddings[ids]}.
 * With {@code maskZero}, id 0 is padding and the layer emits a mask ({@code ids != 0}) that later
 * layers (GlobalAveragePooling1D, MultiHeadAttention) honour. Keras's default initializer is
 * uniform in [−0.05, 0.05].
 */
public final class Embedding extends Layer {
    private final int inputDim;
    private final int outputDim;
    private boolean maskZero;
    private Initializer initializer = Initializers.RANDOM_UNIFORM;
    private Weight embeddings;

    private Embedding(int inputDim, int outputDim) {
        ConfigValues.requirePositive("input_dim", inputDim);
        ConfigValues.requirePositive("output_dim", outputDim);
        this.inputDim = inputDim;
        this.outputDim = outputDim;
    }

    /** A vocabulary of {@code inputDim} ids to vectors of {@code outputDim}. */
    public static Embedding of(int inputDim, int outputDim) {
        return new Embedding(inputDim, outputDim);
    }

    /** Treats id 0 as padding and emits a mask. */
    public Embedding maskZero(boolean m) {
        maskZero = m;
        return this;
    }

    @Override
    protected void build(Shape in) {
        embeddings = addWeight("embeddings", Shape.of(inputDim, outputDim), initializer, true, null);
    }

    @Override
    protected boolean compatible(Shape builtShape, Shape now) {
        return true;
    }

    @Override
    protected Tensor call(Tensor ids, CallContext ctx) {
        Tensor i = ids.dtype() == DType.INT32 ? ids : ids.to(DType.INT32);
        try {
            Tensor z = embeddings.value().gather(0, i);
            if (ctx.tape() != null) {
                ctx.tape().gather(embeddings, i, z);
            }
            return z;
        } catch (IndexOutOfBoundsException e) {
            // the id itself is input data: the message says what was expected, not what came
            throw new IllegalArgumentException("Layer '" + name() + "' (Embedding) received an id outside [0, "
                    + inputDim + ")");
        }
    }

    @Override
    public Tensor computeMask(List<Tensor> inputs, List<Tensor> masks) {
        return maskZero ? inputs.get(0).ne(Tensor.scalar(0, inputs.get(0).dtype())) : null;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("input_dim", inputDim);
        c.put("output_dim", outputDim);
        c.put("mask_zero", maskZero);
        c.put("embeddings_initializer", initializer.name());
        return c;
    }

    /** Rebuilds from {@link #getConfig()}. */
    public static Embedding fromConfig(Map<String, Object> c) {
        Embedding e = of(ConfigValues.intValue(c, "input_dim", 0), ConfigValues.intValue(c, "output_dim", 0))
                .maskZero(ConfigValues.boolValue(c, "mask_zero", false));
        e.initializer = Initializers.get(ConfigValues.stringValue(c, "embeddings_initializer", "random_uniform"));
        return withBaseConfig(e, c);
    }
}
