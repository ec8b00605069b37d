package dev.landfall.nn.layers;

import dev.landfall.nn.Initializer;
import dev.landfall.nn.Initializers;
import dev.landfall.nn.Weight;
import dev.landfall.tensor.DType;
import dev.landfall.tensor.Functional;
import dev.landfall.tensor.Shape;
import dev.landfall.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * Multi-head scaled dot-product attention (Vaswani et al. 2017), Keras's {@code MultiHeadAttention}.
 * Inputs: {@code query [b, t, dq]}, optionally {@code value [b, s, dv]} and {@code key [b, s, dk]}
 * (self-attention when only the query is given). Scores {@code QKᵀ/√keyDim} are masked where the
 * query or value padding masks are false, and above the diagonal with {@code causal}; masked scores
 * get −1e9 before the softmax, as Keras. Output {@code [b, t, dq]}.
 */
public final class MultiHeadAttention extends Layer {
    private final int numHeads;
    private final int keyDim;
    private final int valueDim;
    private double dropout;
    private boolean causal;
    private boolean useBias = true;
    private Initializer kernelInitializer = Initializers.GLOROT_UNIFORM;
    private Weight qKernel;
    private Weight kKernel;
    private Weight vKernel;
    private Weight oKernel;
    private Weight qBias;
    private Weight kBias;
    private Weight vBias;
    private Weight oBias;

    private MultiHeadAttention(int numHeads, int keyDim, int valueDim) {
        ConfigValues.requirePositive("num_heads", numHeads);
        ConfigValues.requirePositive("key_dim", keyDim);
        ConfigValues.requirePositive("value_dim", valueDim);
        this.numHeads = numHeads;
        this.keyDim = keyDim;
        this.valueDim = valueDim;
    }

    /** {@code numHeads} heads of size {@code keyDim} (values too). */
    public static MultiHeadAttention of(int numHeads, int keyDim) {
        return new MultiHeadAttention(numHeads, keyDim, keyDim);
    }

    /** Dropout on the attention probabilities during training. */
    public MultiHeadAttention dropout(double rate) {
        ConfigValues.requireRate(rate);
        dropout = rate;
        return this;
    }

    /** Lets position t attend only to positions ≤ t (Keras's {@code use_causal_mask=True}). */
    public MultiHeadAttention causal(boolean c) {
        causal = c;
        return this;
    }

    /** Drops the projection biases. */
    public MultiHeadAttention withoutBias() {
        useBias = false;
        return this;
    }

    @Override
    protected int[] inputCountRange() {
        return new int[] {1, 3};
    }

    @Override
    protected void doBuild(List<Shape> shapes) {
        for (Shape s : shapes) {
            if (s.rank() != 2) {
                throw new IllegalArgumentException("MultiHeadAttention expects [batch, steps, features] inputs; received "
                        + shapes.stream().map(SymbolicTensor::display).toList());
            }
        }
        int dq = shapes.get(0).dim(-1);
        int dv = shapes.size() > 1 ? shapes.get(1).dim(-1) : dq;
        int dk = shapes.size() > 2 ? shapes.get(2).dim(-1) : dv;
        qKernel = addWeight("query_kernel", Shape.of(dq, numHeads * keyDim), kernelInitializer, true, null);
        kKernel = addWeight("key_kernel", Shape.of(dk, numHeads * keyDim), kernelInitializer, true, null);
        vKernel = addWeight("value_kernel", Shape.of(dv, numHeads * valueDim), kernelInitializer, true, null);
        oKernel = addWeight("output_kernel", Shape.of(numHeads * valueDim, dq), kernelInitializer, true, null);
        if (useBias) {
            qBias = addWeight("query_bias", Shape.of(numHeads * keyDim), Initializers.ZEROS, true, null);
            kBias = addWeight("key_bias", Shape.of(numHeads * keyDim), Initializers.ZEROS, true, null);
            vBias = addWeight("value_bias", Shape.of(numHeads * valueDim), Initializers.ZEROS, true, null);
            oBias = addWeight("output_bias", Shape.of(dq), Initializers.ZEROS, true, null);
        }
    }

    @Override
    protected boolean compatible(Shape builtShape, Shape now) {
        return builtShape.rank() == now.rank() && builtShape.dim(-1) == now.dim(-1);
    }

    @Override
    protected Tensor callMulti(List<Tensor> xs, CallContext ctx) {
        Tensor query = xs.get(0);
        Tensor value = xs.size() > 1 ? xs.get(1) : query;
        Tensor key = xs.size() > 2 ? xs.get(2) : value;
        int b = query.dim(0);
        int t = query.dim(1);
        int s = value.dim(1);
        Tensor q = heads(project(query, qKernel, qBias, ctx), b, t, keyDim);     // [b, h, t, k]
        Tensor k = heads(project(key, kKernel, kBias, ctx), b, s, keyDim);       // [b, h, s, k]
        Tensor v = heads(project(value, vKernel, vBias, ctx), b, s, valueDim);   // [b, h, s, v]
        Tensor scores = q.mul(1.0 / Math.sqrt(keyDim)).matmul(k.transpose()); // [b, h, t, s]
        Tensor mask = attentionMask(ctx, xs.size(), b, t, s);
        if (mask != null) {
            scores = Tensor.where(mask.unsqueeze(1), scores, -1e9);
        }
        Tensor probs = scores.softmax(-1);
        if (ctx.training() && dropout > 0) {
            probs = Functional.dropout(probs, dropout, ctx.rng().derive(name()));
        }
        Tensor context = probs.matmul(v).permute(0, 2, 1, 3).reshape(b, t, numHeads * valueDim);
        return project(context, oKernel, oBias, ctx);
    }

    private static Tensor project(Tensor x, Weight kernel, Weight bias, CallContext ctx) {
        Tensor y = x.matmul(kernel.value());
        y = bias == null ? y : y.add(bias.value());
        if (ctx.tape() != null) {
            ctx.tape().linear(kernel, x, y);
            ctx.tape().bias(bias, y);
        }
        return y;
    }

    private Tensor heads(Tensor x, int b, int steps, int size) {
        return x.reshape(b, steps, numHeads, size).permute(0, 2, 1, 3);
    }

    /** [b, t, s] BOOL: true where attention is allowed, or null when nothing is masked. */
    private Tensor attentionMask(CallContext ctx, int inputs, int b, int t, int s) {
        Tensor queryMask = ctx.mask(0);
        Tensor valueMask = inputs > 1 ? ctx.mask(1) : queryMask;
        Tensor keyMask = inputs > 2 ? ctx.mask(2) : null;
        Tensor m = null;
        for (Tensor stepMask : new Tensor[] {valueMask, keyMask}) {
            if (stepMask != null) {
                Tensor sm = stepMask.to(DType.BOOL).unsqueeze(1).broadcastTo(Shape.of(b, t, s));
                m = m == null ? sm : m.logicalAnd(sm);
            }
        }
        if (queryMask != null) {
            Tensor qm = queryMask.to(DType.BOOL).unsqueeze(2).broadcastTo(Shape.of(b, t, s));
            m = m == null ? qm : m.logicalAnd(qm);
        }
        if (causal) {
            Tensor rows = Tensor.arange(t).unsqueeze(1);
            Tensor cols = Tensor.arange(s).unsqueeze(0);
            Tensor lower = cols.le(rows).broadcastTo(Shape.of(b, t, s));
            m = m == null ? lower : m.logicalAnd(lower);
        }
        return m;
    }

    @Override
    public Tensor computeMask(List<Tensor> inputs, List<Tensor> masks) {
        return masks == null ? null : masks.get(0);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("num_heads", numHeads);
        c.put("key_dim", keyDim);
        c.put("value_dim", valueDim);
        c.put("dropout", dropout);
        c.put("use_bias", useBias);
        c.put("use_causal_mask", causal);
        c.put("kernel_initializer", kernelInitializer.name());
        return c;
    }

    /** Rebuilds from {@link #getConfig()}. */
    public static MultiHeadAttention fromConfig(Map<String, Object> c) {
        MultiHeadAttention m = new MultiHeadAttention(ConfigValues.intValue(c, "num_heads", 1),
                ConfigValues.intValue(c, "key_dim", 1), ConfigValues.intValue(c, "value_dim", ConfigValues.intValue(c, "key_dim", 1)));
        m.dropout = ConfigValues.doubleValue(c, "dropout", 0);
        m.useBias = ConfigValues.boolValue(c, "use_bias", true);
        m.causal = ConfigValues.boolValue(c, "use_causal_mask", false);
        m.kernelInitializer = Initializers.get(ConfigValues.stringValue(c, "kernel_initializer", "glorot_uniform"));
        return withBaseConfig(m, c);
    }
}
