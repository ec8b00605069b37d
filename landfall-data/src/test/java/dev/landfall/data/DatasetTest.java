package dev.landfall.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.landfall.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DatasetTest {
    /** 10 examples: features [i, 10i], target i (float), weight i/10. */
    static Dataset tenExamples() {
        float[] x = new float[20];
        float[] y = new float[10];
        for (int i = 0; i < 10; i++) {
            x[2 * i] = i;
            x[2 * i + 1] = 10 * i;
            y[i] = i;
        }
        return Datasets.fromTensors(Tensor.wrap(x, 10, 2), Tensor.wrap(y, 10));
    }

    static List<Integer> targets(Dataset d, int epoch) {
        List<Integer> out = new ArrayList<>();
        for (Iterator<Example> it = d.iterator(epoch); it.hasNext(); ) {
            for (float v : it.next().target().single().toFloatArray()) {
                out.add((int) v);
            }
        }
        return out;
    }

    @Test
    void examplesAreSlicesAlongAxisZero() {
        Dataset d = tenExamples();
        assertEquals(10, d.cardinality());
        assertTrue(d.isInMemory());
        assertFalse(d.isBatched());
        Example e = d.skip(3).iterator().next();
        assertArrayEquals(new float[] {3, 30}, e.features().single().toFloatArray());
        assertEquals(3.0, e.target().single().item());
    }

    @Test
    void batchKeepsOrDropsTheRemainder() {
        Dataset b = tenExamples().batch(4);
        assertEquals(3, b.cardinality());
        List<Example> batches = new ArrayList<>();
        b.forEach(batches::add);
        assertEquals(3, batches.size());
        assertArrayEquals(new int[] {2, 2}, batches.get(2).features().single().shape().toArray());
        assertArrayEquals(new float[] {8, 80, 9, 90}, batches.get(2).features().single().toFloatArray());
        Dataset dropped = tenExamples().batch(4, true);
        assertEquals(2, dropped.cardinality());
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7), targets(dropped, 0));
    }

    @Test
    void genericBatchingStacksWithWeights() {
        Tensor w = Tensor.fromArray(new float[] {0.5f, 1, 2});
        Dataset d = Datasets.fromTensors(Tensor.arange(3).reshape(3, 1), null, w).map(e -> e).batch(2);
        Example first = d.iterator().next();
        assertArrayEquals(new float[] {0.5f, 1}, first.sampleWeight().toFloatArray());
        assertArrayEquals(new int[] {2, 1}, first.features().single().shape().toArray());
    }

    @Test
    void batchingABatchedDatasetIsAnError() {
        var e = assertThrows(IllegalStateException.class, () -> tenExamples().batch(2).batch(3));
        assertTrue(e.getMessage().contains("already batched"), e.getMessage());
        var e2 = assertThrows(IllegalStateException.class, () -> tenExamples().map(x -> x).batch(2).batch(3));
        assertTrue(e2.getMessage().contains("already batched"), e2.getMessage());
    }

    @Test
    void shuffleDependsOnSeedAndEpochOnly() {
        Dataset s = tenExamples().shuffle(7);
        List<Integer> e0 = targets(s, 0);
        assertEquals(e0, targets(tenExamples().shuffle(7), 0));
        assertNotEquals(e0, targets(s, 1));
        assertNotEquals(e0, targets(tenExamples().shuffle(8), 0));
        assertEquals(new HashSet<>(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9)), new HashSet<>(e0));
        assertEquals(e0, targets(s.prefetch(2), 0), "prefetching on another thread keeps the order");
    }

    @Test
    void shuffleBufferIsADeterministicPermutation() {
        Dataset s = tenExamples().map(e -> e).shuffle(3, 4);
        List<Integer> a = targets(s, 2);
        assertEquals(a, targets(s, 2));
        assertEquals(10, a.size());
        assertEquals(new HashSet<>(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9)), new HashSet<>(a));
        assertNotEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), a);
        // a buffer of 4 can emit element k only after reading it: the first draw is among the first 4
        assertTrue(a.get(0) < 4, a.toString());
    }

    @Test
    void takeSkipAndMap() {
        Dataset d = tenExamples().skip(2).take(3).map(e -> e.withFeatures(e.features().single().mul(2)));
        assertEquals(3, d.cardinality());
        assertEquals(List.of(2, 3, 4), targets(d, 0));
        assertArrayEquals(new float[] {4, 40}, d.iterator().next().features().single().toFloatArray());
        Dataset streamed = Datasets.fromGenerator(epoch -> tenExamples().iterator(epoch), -1, false);
        assertEquals(List.of(7, 8, 9), targets(streamed.skip(7).take(5), 0));
        assertEquals(-1, streamed.take(3).cardinality());
    }

    @Test
    void splitIsDisjointAndCoversEverything() {
        List<Dataset> parts = tenExamples().split(1, 0.7, 0.3);
        assertEquals(7, parts.get(0).cardinality());
        assertEquals(3, parts.get(1).cardinality());
        Set<Integer> all = new HashSet<>(targets(parts.get(0), 0));
        all.addAll(targets(parts.get(1), 0));
        assertEquals(10, all.size());
        assertEquals(targets(parts.get(1), 0), targets(tenExamples().split(1, 0.7, 0.3).get(1), 0));
        var e = assertThrows(IllegalArgumentException.class, () -> tenExamples().split(1, 0.5, 0.4));
        assertTrue(e.getMessage().contains("add up to 1"), e.getMessage());
    }

    @Test
    void streamedSplitByIndexHashIsDisjoint() {
        Dataset streamed = Datasets.fromGenerator(epoch -> tenExamples().iterator(epoch), -1, false);
        List<Dataset> parts = streamed.split(5, 0.5, 0.5);
        List<Integer> a = targets(parts.get(0), 0);
        List<Integer> b = targets(parts.get(1), 0);
        assertEquals(10, a.size() + b.size());
        Set<Integer> union = new HashSet<>(a);
        union.addAll(b);
        assertEquals(10, union.size());
        assertEquals(a, targets(parts.get(0), 3), "membership does not change with the epoch");
    }

    @Test
    void stratifiedSplitKeepsClassShares() {
        int[] y = new int[100];
        for (int i = 0; i < 100; i++) {
            y[i] = i < 80 ? 0 : 1;
        }
        Dataset d = Datasets.fromTensors(Tensor.arange(100).reshape(100, 1), Tensor.wrap(y, 100));
        List<Dataset> parts = d.splitStratified(3, 0.75, 0.25);
        assertEquals(75, parts.get(0).cardinality());
        assertEquals(25, parts.get(1).cardinality());
        long ones = targets(parts.get(1), 0).stream().filter(v -> v == 1).count();
        assertEquals(5, ones, "20% of the test part is class 1, as in the whole");
        Dataset streamed = Datasets.fromGenerator(d::iterator, -1, false);
        List<Dataset> sp = streamed.splitStratified(3, 0.5, 0.5);
        assertEquals(10, targets(sp.get(0), 0).stream().filter(v -> v == 1).count());
    }

    @Test
    void namedTensorsAndSingleTensor() {
        Tensors single = Tensors.of(Tensor.zeros(2));
        assertEquals(List.of("input"), List.copyOf(single.named().keySet()));
        Tensors named = Tensors.of(Map.of("a", Tensor.zeros(3, 1)));
        var e = assertThrows(IllegalStateException.class, named::single);
        assertTrue(e.getMessage().contains("[a]"), e.getMessage());
        Dataset d = Datasets.fromTensors(named, Tensors.of(Tensor.ones(3)), null).batch(2);
        Example b = d.iterator().next();
        assertArrayEquals(new int[] {2, 1}, b.features().get("a").shape().toArray());
        assertThrows(IllegalArgumentException.class, () -> b.features().get("b"));
    }

    @Test
    void mismatchedExampleCountsAreRejected() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Datasets.fromTensors(Tensor.zeros(4, 2), Tensor.zeros(5)));
        assertTrue(e.getMessage().contains("4 examples"), e.getMessage());
    }

    @Test
    void prefetchRethrowsProducerErrors() {
        Dataset bad = tenExamples().map(e -> {
            if (e.target().single().item() == 3) {
                throw new IllegalStateException("boom at 3");
            }
            return e;
        }).prefetch(2);
        Iterator<Example> it = bad.iterator();
        var e = assertThrows(IllegalStateException.class, () -> {
            while (it.hasNext()) {
                it.next();
            }
        });
        assertEquals("boom at 3", e.getMessage());
        assertEquals(Arrays.asList(0, 1, 2, 3, 4), targets(tenExamples().prefetch(1).take(5), 0));
    }
}
