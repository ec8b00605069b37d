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
     * iterator each time (an {@link AutoCloseable} one when it holds a file), in the same order every
     * epoch.
     *
     * @param cardinality the number of elements, or -1 when unknown
     * @param batched whether the generated elements are batches
     */
    public static Dataset fromGenerator(IntFunction<Iterator<Example>> passes, long cardinality, boolean batched) {
        return fromGenerator(passes, cardinality, batched, false);
    }

    /**
     * Like {@link #fromGenerator(IntFunction, long, boolean)}; {@code orderDependsOnEpoch} says whether
     * the generator yields a different order for each epoch (it shuffles), which forbids splitting it.
     */
    public static Dataset fromGenerator(IntFunction<Iterator<Example>> passes, long cardinality, boolean batched,
            boolean orderDependsOnEpoch) {
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

            @Override
            public boolean orderDependsOnEpoch() {
                return orderDependsOnEpoch;
            }
        };
    }

    /**
     * Ends a pass early: closes {@code it} when it is {@link AutoCloseable} (a pass over a streamed file
     * or through {@code prefetch}), does nothing otherwise. Safe to call twice and after the end.
     *
     * @throws java.io.UncheckedIOException if closing a file fails
     */
    public static void close(Iterator<?> it) {
        if (it instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (RuntimeException e) {
                throw e;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("closing a dataset pass failed: " + e.getMessage(), e);
            } catch (Exception e) {
                throw new IllegalStateException("closing a dataset pass failed: " + e, e);
            }
        }
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
