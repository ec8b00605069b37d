package dev.landfall.data;

import dev.landfall.tensor.Tensor;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.function.IntFunction;

/** Factories for datasets. Readers for files live in {@code dev.landfall.data.io}. */
public final class Datasets {
    private Datasets() {
    }

    /**
     * An in-memory dataset whose examples are the slices along axis 0 of {@code features} and
     * {@code target} (which may be null).
     *
     * @throws IllegalArgumentException if the tensors disagree on the number of examples
     */
    public static Dataset fromTensors(Tensor features, Tensor target) {
        return fromTensors(features, target, null);
    }

    /** Like {@link #fromTensors(Tensor, Tensor)} with per-example sample weights of shape {@code [N]}. */
    public static Dataset fromTensors(Tensor features, Tensor target, Tensor sampleWeight) {
        Objects.requireNonNull(features, "fromTensors: features must not be null");
        return InMemoryDataset.of(Tensors.of(features), target == null ? null : Tensors.of(target), sampleWeight);
    }

    /** Several named inputs and/or outputs; every tensor's axis 0 indexes the examples. */
    public static Dataset fromTensors(Tensors features, Tensors target, Tensor sampleWeight) {
        Objects.requireNonNull(features, "fromTensors: features must not be null");
        return InMemoryDataset.of(features, target, sampleWeight);
    }

    /**
     * A streamed dataset from a generator of passes: {@code passes.apply(epoch)} must return a fresh
     * iterator each time.
     *
     * @param cardinality the number of elements, or -1 when unknown
     * @param batched whether the generated elements are batches
     */
    public static Dataset fromGenerator(IntFunction<Iterator<Example>> passes, long cardinality, boolean batched) {
        Objects.requireNonNull(passes, "fromGenerator: the generator is null");
        return new Dataset() {
            @Override
            public Iterator<Example> iterator(int epoch) {
                return passes.apply(epoch);
            }

            @Override
            public long cardinality() {
                return cardinality;
            }

            @Override
            public boolean isBatched() {
                return batched;
            }

            @Override
            public boolean isInMemory() {
                return false;
            }
        };
    }

    /** An in-memory dataset from unbatched examples of one structure (they are stacked). */
    public static Dataset fromExamples(List<Example> examples) {
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("fromExamples: expected at least one example");
        }
        Example all = Batching.stack(examples);
        return InMemoryDataset.of(all.features(), all.target(), all.sampleWeight());
    }
}
