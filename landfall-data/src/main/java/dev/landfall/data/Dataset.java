package dev.landfall.data;

import dev.landfall.data.augment.Augmentation;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * A sequence of {@link Example}s, in memory or streamed from files larger than memory (DESIGN.md §7),
 * with tf.data-style combinators. Datasets are immutable descriptions: every combinator returns a new
 * dataset and each {@link #iterator(int)} call starts a fresh pass.
 *
 * <p>Randomness (shuffling, splits, augmentation) comes from counter-based streams derived from
 * (seed, purpose, epoch, index), so the same seed and epoch give the same order whatever the thread
 * count or prefetching.
 *
 * <pre>{@code
 * Dataset train = Datasets.fromTensors(x, y).shuffle(42).batch(32).prefetch(2);
 * for (int epoch = 0; epoch < 10; epoch++) {
 *     Iterator<Example> it = train.iterator(epoch);
 *     try {
 *         while (it.hasNext()) { Example b = it.next(); ... }
 *     } finally {
 *         Datasets.close(it);   // releases files and prefetch threads of a pass stopped early
 *     }
 * }
 * }</pre>
 *
 * <p>A pass that holds resources (a streamed file, a prefetch thread) returns an iterator that is also
 * {@link AutoCloseable}; it releases them by itself when read to the end or when it fails, and
 * {@link Datasets#close(Iterator)} releases them when the caller stops early.
 */
public interface Dataset extends Iterable<Example> {
    /** Buffer size {@link #shuffle(long)} uses for datasets that are not in memory. */
    int DEFAULT_SHUFFLE_BUFFER = 10_000;

    /** A fresh pass over the examples of epoch {@code epoch} (the epoch selects the shuffle order). */
    Iterator<Example> iterator(int epoch);

    /** The pass of epoch 0. */
    @Override
    default Iterator<Example> iterator() {
        return iterator(0);
    }

    /** The number of elements (examples, or batches when batched), or -1 when unknown (streamed). */
    long cardinality();

    /** Whether the elements are batches (a leading batch dimension on every tensor). */
    boolean isBatched();

    /** Whether the whole dataset is held in memory (then its cardinality is known). */
    boolean isInMemory();

    /**
     * Whether the order of the elements changes from epoch to epoch: true for a shuffled dataset and for
     * anything made from one (map, filter, augment, batch, take, skip, prefetch). Splitting such a
     * dataset would put a row in a different part each epoch, so {@link #split} refuses it; so should
     * anything that holds out data by position (a validation split).
     */
    default boolean orderDependsOnEpoch() {
        return false;
    }

    /**
     * Shuffles all elements each epoch when the dataset is in memory (a fresh permutation per epoch),
     * otherwise through a buffer of {@value #DEFAULT_SHUFFLE_BUFFER} elements.
     */
    default Dataset shuffle(long seed) {
        return shuffle(seed, DEFAULT_SHUFFLE_BUFFER);
    }

    /**
     * Shuffles through a buffer of {@code bufferSize} elements, like {@code tf.data.Dataset.shuffle}:
     * the buffer fills with the first elements, then each step emits a random one and refills its slot.
     *
     * @throws IllegalArgumentException if {@code bufferSize < 1}
     */
    default Dataset shuffle(long seed, int bufferSize) {
        return new ShuffleBufferDataset(this, seed, bufferSize);
    }

    /** Batches of {@code n} examples; the last, smaller batch is kept. */
    default Dataset batch(int n) {
        return batch(n, false);
    }

    /**
     * Batches of {@code n} examples: every tensor gains a leading dimension of size {@code n}.
     *
     * @param dropRemainder drop the last batch when it has fewer than {@code n} examples
     * @throws IllegalArgumentException if {@code n < 1}
     * @throws IllegalStateException if this dataset is already batched
     */
    default Dataset batch(int n, boolean dropRemainder) {
        DatasetChecks.checkBatch(this, n);
        return new BatchDataset(this, n, dropRemainder);
    }

    /** Applies {@code f} to every element (lazily, on each pass). */
    default Dataset map(UnaryOperator<Example> f) {
        return new MapDataset(this, f);
    }

    /** Keeps the elements for which {@code keep} is true (the cardinality becomes unknown). */
    default Dataset filter(Predicate<Example> keep) {
        return FilterDataset.byExample(this, keep);
    }

    /**
     * Applies a random augmentation to the features of every (unbatched) example, with the stream
     * {@code Rng.of(seed).derive("augment").derive(epoch).derive(index)}; use it on training data only.
     *
     * @throws IllegalStateException if this dataset is batched (augment before {@code batch})
     */
    default Dataset augment(long seed, Augmentation augmentation) {
        return new AugmentDataset(this, seed, augmentation);
    }

    /** The first {@code n} elements. */
    default Dataset take(long n) {
        return new SliceDataset(this, 0, DatasetChecks.nonNegative("take", n));
    }

    /** All but the first {@code n} elements. */
    default Dataset skip(long n) {
        return new SliceDataset(this, DatasetChecks.nonNegative("skip", n), Long.MAX_VALUE);
    }

    /**
     * Random disjoint parts of the given fractions (which must add up to 1). In memory the examples
     * are permuted with the seed and cut; streamed examples go to a part by a hash of their index.
     * Split before shuffling: the parts of a shuffled dataset would change every epoch.
     *
     * @throws IllegalArgumentException if a fraction is not in (0, 1] or they do not add up to 1
     * @throws IllegalStateException if this dataset is batched or {@link #orderDependsOnEpoch()}
     */
    default List<Dataset> split(long seed, double... fractions) {
        return Splits.split(this, seed, fractions);
    }

    /**
     * Like {@link #split} but each part gets the same share of every class of the single target
     * (an integer class id, or a one-hot vector). Part sizes are rounded over the whole dataset, then
     * spread across classes by largest remainder (scikit-learn's {@code StratifiedShuffleSplit}). A
     * dataset that is not in memory is read once to collect its labels.
     *
     * @throws IllegalArgumentException if a part would be empty
     * @throws IllegalStateException if this dataset is batched or {@link #orderDependsOnEpoch()}
     */
    default List<Dataset> splitStratified(long seed, double... fractions) {
        return Splits.stratified(this, seed, fractions);
    }

    /** Produces up to {@code n} elements ahead on a background thread. */
    default Dataset prefetch(int n) {
        return new PrefetchDataset(this, n);
    }
}
