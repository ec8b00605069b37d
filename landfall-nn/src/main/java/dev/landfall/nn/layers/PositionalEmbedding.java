package dev.landfall.nn.layers;

import dev.landfall.nn.Initializer;
import dev.landfall.nn.Initializers;
import dev.landfall.nn.Weight;
import dev.landfall.tensor.Shape;
import dev.landfall.tensor.Tensor;

import java.util.Map;

/**
 * Learned position embeddings added to a sequence {@code [batch, steps, features]}: step t gets row t of a
 * {@code [sequence_length, features]} table (glorot-uniform, as KerasNLP's {@code PositionEmbedding}, which
 * returns the table's rows for the caller to add; here the layer adds them). A mask passes through.
 * Sequences longer than {@code sequence_length} are refused with both lengths.
 */
public final class PositionalEmbedding extends Layer {
    private final int sequenceLength;
    private Initializer initializer = Initializers.GLOROT_UNIFORM;
    private Weight positions;

    private PositionalEmbedding(int sequenceLength) {
        ConfigValues.requirePositive("sequence_length", sequenceLength);
        this.sequenceLength = sequenceLength;
    }

    /** Positions 0 … sequenceLength−1. */
    public static PositionalEmbedding of(int sequenceLength) {
        return new PositionalEmbedding(sequenceLength);
    }

    @Override
    protected void build(Shape in) {
        if (in.rank() != 2) {
            throw new IllegalArgumentException("PositionalEmbedding expects inputs [batch, steps, features]; received "
                    + SymbolicTensor.display(in));
        }
        positions = addWeight("embeddings", Shape.of(sequenceLength, in.dim(-1)), initializer, true, null);
    }

    @Override
    protected boolean compatible(Shape builtShape, Shape now) {
        return now.rank() == 2 && builtShape.dim(-1) == now.dim(-1);
    }

    @Override
    protected Tensor call(Tensor x, CallContext ctx) {
        int steps = x.dim(1);
        if (steps > sequenceLength) {
            throw new IllegalArgumentException("Layer '" + name() + "' (PositionalEmbedding): the sequence has " + steps
                    + " steps, more than the " + sequenceLength + " positions it was made for");
        }
        Tensor p = positions.value().slice(0, 0, steps);
        Tensor z = x.add(p);
        if (ctx.tape() != null) {
            ctx.tape().table(positions, z);
        }
        return z;
    }

    @Override
    protected boolean supportsMasking() {
        return true;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("sequence_length", sequenceLength);
        c.put("initializer", initializer.name());
        return c;
    }

    /** Rebuilds from {@link #getConfig()}. */
    public static PositionalEmbedding fromConfig(Map<String, Object> c) {
        PositionalEmbedding p = of(ConfigValues.intValue(c, "sequence_length", 0));
        p.initializer = Initializers.get(ConfigValues.stringValue(c, "initializer", "glorot_uniform"));
        return withBaseConfig(p, c);
    }
}
