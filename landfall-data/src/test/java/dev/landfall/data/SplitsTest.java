package dev.landfall.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.landfall.data.augment.GaussianNoise;
import dev.landfall.tensor.Tensor;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class SplitsTest {
    static Dataset labelled(int n, int classes) {
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % classes;
        }
        return Datasets.fromTensors(Tensor.arange(n).reshape(n, 1), Tensor.wrap(y, n));
    }

    @Test
    void epochDependenceFollowsEveryCombinator() {
        Dataset plain = DatasetTest.tenExamples();
        Dataset shuffled = plain.shuffle(5);
        Dataset streamedShuffle = Datasets.fromGenerator(plain::iterator, -1, false).shuffle(5, 4);
        assertFalse(plain.orderDependsOnEpoch());
        assertFalse(plain.map(e -> e).take(3).prefetch(1).orderDependsOnEpoch());
        List<UnaryOperator<Dataset>> combinators = List.of(d -> d.map(e -> e), d -> d.filter(e -> true),
                d -> d.augment(1, new GaussianNoise(0.1)), d -> d.prefetch(2), d -> d.take(4), d -> d.skip(2),
                d -> d.batch(3));
        for (Dataset base : List.of(shuffled, streamedShuffle)) {
            assertTrue(base.orderDependsOnEpoch());
            for (UnaryOperator<Dataset> c : combinators) {
                assertTrue(c.apply(base).orderDependsOnEpoch(), c.apply(base).getClass().getSimpleName());
            }
        }
        assertTrue(Datasets.fromGenerator(plain::iterator, 10, false, true).orderDependsOnEpoch());
    }

    @Test
    void splittingAShuffledDatasetIsRefusedWhereverTheShuffleIs() {
        Dataset inMemory = DatasetTest.tenExamples().shuffle(5).map(e -> e);
        Dataset streamed = Datasets.fromGenerator(DatasetTest.tenExamples()::iterator, -1, false).shuffle(5, 4)
                .map(e -> e);
        for (Dataset d : List.of(inMemory, streamed)) {
            var e = assertThrows(IllegalStateException.class, () -> d.split(2, 0.5, 0.5));
            assertTrue(e.getMessage().startsWith("split: split before shuffling:"), e.getMessage());
            e = assertThrows(IllegalStateException.class, () -> d.splitStratified(2, 0.5, 0.5));
            assertTrue(e.getMessage().startsWith("splitStratified: split before shuffling:"), e.getMessage());
        }
    }

    @Test
    void splitThenShuffleKeepsPartsDisjointInEveryEpoch() {
        List<Dataset> parts = DatasetTest.tenExamples().split(2, 0.5, 0.5);
        Dataset train = parts.get(0).shuffle(5).map(e -> e);
        Set<Integer> seen = new HashSet<>();
        for (int epoch = 0; epoch < 4; epoch++) {
            seen.addAll(DatasetTest.targets(train, epoch));
        }
        Set<Integer> validation = new HashSet<>(DatasetTest.targets(parts.get(1), 0));
        assertEquals(5, seen.size());
        assertTrue(seen.stream().noneMatch(validation::contains), seen + " vs " + validation);
    }

    @Test
    void stratifiedPartSizesComeFromTheTotal() {
        List<Dataset> parts = labelled(30, 10).splitStratified(1, 0.9, 0.1);
        assertEquals(27, parts.get(0).cardinality());
        assertEquals(3, parts.get(1).cardinality());
        Set<Integer> all = new HashSet<>(DatasetTest.targets(parts.get(0).map(e -> e.withTarget(e.features())), 0));
        all.addAll(DatasetTest.targets(parts.get(1).map(e -> e.withTarget(e.features())), 0));
        assertEquals(30, all.size(), "the parts are disjoint and cover every example");
        Dataset streamed = Datasets.fromGenerator(labelled(30, 10)::iterator, -1, false);
        List<Dataset> sp = streamed.splitStratified(1, 0.9, 0.1);
        assertEquals(3, DatasetTest.targets(sp.get(1), 0).size());
    }

    @Test
    void largestRemainderSpreadsAPartOverClasses() {
        int[][] members = {new int[5], new int[3], new int[2]};
        // part 0 takes 7 of 10: shares 3.5, 2.1, 1.4 -> floors 3, 2, 1 and one more for the 0.5
        int[][] take = Splits.allocate(new int[] {7, 3}, members);
        assertArrayEquals(new int[] {4, 2, 1}, take[0]);
        assertArrayEquals(new int[] {1, 1, 1}, take[1]);
    }

    @Test
    void anEmptyStratifiedPartIsAnError() {
        var e = assertThrows(IllegalArgumentException.class, () -> labelled(10, 2).splitStratified(1, 0.96, 0.04));
        assertTrue(e.getMessage().contains("part 1 (fraction 0.04) of 10 examples would be empty"), e.getMessage());
    }
}
