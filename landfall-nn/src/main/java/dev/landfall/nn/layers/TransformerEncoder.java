package dev.landfall.nn.layers;

import dev.landfall.nn.Activations;
import dev.landfall.tensor.Functional;
import dev.landfall.tensor.Shape;
import dev.landfall.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * A transformer block over {@code [batch, steps, features]}, KerasNLP's {@code TransformerEncoder}: self-attention
 * and a feed-forward network ({@code Dense(intermediate_dim, activation)} then {@code Dense(features)}), each
 * with a residual connection, layer normalization and dropout. Pre-norm by default ({@code normalize_first}:
 * {@code x + attention(norm(x))}), which trains without learning-rate warm-up; KerasNLP's default is post-norm,
 * which {@code normalizeFirst(false)} gives. {@code causal} lets step t attend only to steps up to t, making it
 * the block of a decoder-only language model. Padding masks (from {@code Embedding(mask_zero)}) reach the
 * attention and pass on. Its sublayers' weights are this layer's: {@code attention_query_kernel}, …,
 * {@code norm1_gamma}, {@code ffn1_kernel}, ….
 *
 * <pre>{@code TransformerEncoder.of(256, 4).dropout(0.1)}</pre>
 */
public final class TransformerEncoder extends Layer {
    private final int intermediateDim;
    private final int numHeads;
    private double dropout;
    private String activation = "relu";
    private double layerNormEpsilon = 1e-5;
    private boolean normalizeFirst = true;
    private boolean causal;
    private MultiHeadAttention attention;
    private LayerNormalization norm1;
    private LayerNormalization norm2;
    private Dense ffn1;
    private Dense ffn2;

    private TransformerEncoder(int intermediateDim, int numHeads) {
        ConfigValues.requirePositive("intermediate_dim", intermediateDim);
        ConfigValues.requirePositive("num_heads", numHeads);
        this.intermediateDim = intermediateDim;
        this.numHeads = numHeads;
    }

    /** A block with a feed-forward width of {@code intermediateDim} and {@code numHeads} attention heads. */
    public static TransformerEncoder of(int intermediateDim, int numHeads) {
        return new TransformerEncoder(intermediateDim, numHeads);
    }

    /** Dropout after attention and after the feed-forward network, in training. */
    public TransformerEncoder dropout(double rate) {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("Received an invalid value for dropout, expected a float in [0, 1). "
                    + "Received: dropout=" + rate);
        }
        dropout = rate;
        return this;
    }

    /** The feed-forward network's activation (relu). */
    public TransformerEncoder activation(String name) {
        Activations.get(name);
        activation = name;
        return this;
    }

    /** Pre-norm (true, the default here) or post-norm (KerasNLP's default). */
    public TransformerEncoder normalizeFirst(boolean n) {
        normalizeFirst = n;
        return this;
    }

    /** Step t attends only to steps up to t. */
    public TransformerEncoder causal(boolean c) {
        causal = c;
        return this;
    }

    @Override
    protected void build(Shape in) {
        if (in.rank() != 2) {
            throw new IllegalArgumentException("TransformerEncoder expects inputs [batch, steps, features]; received "
                    + SymbolicTensor.display(in));
        }
        int features = in.dim(-1);
        if (features % numHeads != 0) {
            throw new IllegalArgumentException("TransformerEncoder: " + numHeads + " heads do not divide the " + features
                    + " features of inputs " + SymbolicTensor.display(in));
        }
        attention = MultiHeadAttention.of(numHeads, features / numHeads).causal(causal).dropout(dropout);
        norm1 = LayerNormalization.of().epsilon(layerNormEpsilon);
        norm2 = LayerNormalization.of().epsilon(layerNormEpsilon);
        ffn1 = Dense.of(intermediateDim, activation);
        ffn2 = Dense.of(features);
        buildInner(norm1, "norm1_", List.of(in));
        buildInner(attention, "attention_", List.of(in));
        buildInner(norm2, "norm2_", List.of(in));
        buildInner(ffn1, "ffn1_", List.of(in));
        buildInner(ffn2, "ffn2_", List.of(Shape.of(in.dim(0), intermediateDim)));
    }

    @Override
    protected boolean compatible(Shape builtShape, Shape now) {
        return now.rank() == 2 && builtShape.dim(-1) == now.dim(-1);
    }

    @Override
    protected Tensor call(Tensor x, CallContext ctx) {
        CallContext inner = ctx.withMasks(ctx.masks());
        Tensor a = normalizeFirst ? norm1.call(x, inner) : x;
        a = attention.callMulti(List.of(a), inner);
        a = drop(a, ctx, "attention_dropout");
        Tensor y = x.add(a);
        if (!normalizeFirst) {
            y = norm1.call(y, inner);
        }
        Tensor f = normalizeFirst ? norm2.call(y, inner) : y;
        f = drop(ffn2.call(ffn1.call(f, inner), inner), ctx, "ffn_dropout");
        Tensor out = y.add(f);
        return normalizeFirst ? out : norm2.call(out, inner);
    }

    private Tensor drop(Tensor t, CallContext ctx, String which) {
        return ctx.training() && dropout > 0 ? Functional.dropout(t, dropout, ctx.rng().derive(name()).derive(which)) : t;
    }

    @Override
    protected boolean supportsMasking() {
        return true;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("intermediate_dim", intermediateDim);
        c.put("num_heads", numHeads);
        c.put("dropout", dropout);
        c.put("activation", activation);
        c.put("layer_norm_epsilon", layerNormEpsilon);
        c.put("normalize_first", normalizeFirst);
        c.put("causal", causal);
        return c;
    }

    /** Rebuilds from {@link #getConfig()}. */
    public static TransformerEncoder fromConfig(Map<String, Object> c) {
        TransformerEncoder t = of(ConfigValues.intValue(c, "intermediate_dim", 0), ConfigValues.intValue(c, "num_heads", 0))
                .dropout(ConfigValues.doubleValue(c, "dropout", 0))
                .activation(ConfigValues.stringValue(c, "activation", "relu"))
                .normalizeFirst(ConfigValues.boolValue(c, "normalize_first", true))
                .causal(ConfigValues.boolValue(c, "causal", false));
        t.layerNormEpsilon = Affine.epsilon(ConfigValues.doubleValue(c, "layer_norm_epsilon", 1e-5));
        return withBaseConfig(t, c);
    }
}
