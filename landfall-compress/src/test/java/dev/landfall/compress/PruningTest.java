package dev.landfall.compress;

import dev.landfall.Landfall;
import dev.landfall.data.Dataset;
import dev.landfall.data.Datasets;
import dev.landfall.data.io.SklearnCsv;
import dev.landfall.data.transform.StandardScaler;
import dev.landfall.nn.Activations;
import dev.landfall.nn.FitOptions;
import dev.landfall.nn.Losses;
import dev.landfall.nn.Metrics;
import dev.landfall.nn.Model;
import dev.landfall.nn.Optimizers;
import dev.landfall.nn.Sequential;
import dev.landfall.nn.Weight;
import dev.landfall.nn.layers.Dense;
import dev.landfall.nn.layers.Input;
import dev.landfall.tensor.DType;
import dev.landfall.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PruningTest {
    @Test
    void polynomialDecayAsTfmot() {
        PolynomialDecay s = new PolynomialDecay(0, 0.8, 0, 100, 3, 100);
        assertEquals(0, s.sparsity(0), 1e-12);
        assertEquals(0.8 - 0.8 * 0.125, s.sparsity(50), 1e-12); // 0.8 + (0 − 0.8)·(1 − 0.5)³
        assertEquals(0.8, s.sparsity(100), 1e-12);
        assertEquals(0.8, s.sparsity(1000), 1e-12);
        assertTrue(s.prunesAt(0) && s.prunesAt(100));
        assertFalse(s.prunesAt(50) || s.prunesAt(200));
        PolynomialDecay open = new PolynomialDecay(0.1, 0.5, 10, -1, 3, 5);
        assertEquals(0.1, open.sparsity(5), 1e-12);
        assertEquals(0.5, open.sparsity(10), 1e-12);
        assertTrue(open.prunesAt(1_000_005));
        assertEquals("sparsity must be in [0, 1), got initial_sparsity=0.0 and final_sparsity=1.0",
                assertThrows(IllegalArgumentException.class, () -> PolynomialDecay.of(0, 1, 0, 10)).getMessage());
        assertEquals("expected 0 <= begin_step < end_step (or end_step -1), got begin_step=10, end_step=10",
                assertThrows(IllegalArgumentException.class, () -> PolynomialDecay.of(0, 0.5, 10, 10)).getMessage());
    }

    static Model mlp(long seed) {
        Landfall.setSeed(seed);
        Model m = Sequential.of(Input.of(30), Dense.of(64, Activations.RELU), Dense.of(32, Activations.RELU),
                Dense.of(1, Activations.SIGMOID));
        m.compile(Optimizers.adam(1e-3), Losses.binaryCrossentropy(), Metrics.accuracy());
        return m;
    }

    @Test
    void eachKernelReachesTheFinalSparsityAndStaysThere() {
        Model m = mlp(3);
        Tensor x = Tensor.randn(256, 30);
        Tensor y = x.slice(1, 0, 1).gt(0).to(DType.FLOAT32);
        // 8 steps an epoch; pruning every 2 steps up to step 16, then held
        PruneLowMagnitude prune = new PruneLowMagnitude(new PolynomialDecay(0, 0.75, 0, 16, 3, 2));
        m.fit(x, y, FitOptions.epochs(4).batchSize(32).verbosity(FitOptions.Verbosity.SILENT).callbacks(prune));
        Map<String, Double> s = PruneLowMagnitude.sparsity(m);
        assertEquals(List.of("dense.kernel", "dense_1.kernel", "dense_2.kernel"), List.copyOf(s.keySet()));
        int[] sizes = {30 * 64, 64 * 32, 32};
        int i = 0;
        for (double v : s.values()) {
            assertEquals(Math.round(0.75 * sizes[i]) / (double) sizes[i], v, 1e-12, "kernel " + i);
            i++;
        }
        // biases are never pruned: only kernels are candidates
        assertTrue(PruneLowMagnitude.prunable(m).stream().allMatch(w -> w.localName().equals("kernel")));
        // more training with the callback keeps the pruned weights at zero
        m.fit(x, y, FitOptions.epochs(2).batchSize(32).verbosity(FitOptions.Verbosity.SILENT).callbacks(prune));
        assertEquals(s, PruneLowMagnitude.sparsity(m));
    }

    @Test
    void globalPruningCutsTheSmallestWeightsOfAllKernelsTogether() {
        Landfall.setSeed(4);
        Model m = Sequential.of(Input.of(2), Dense.of(2), Dense.of(1));
        m.compile(Optimizers.sgd(0.1), Losses.meanSquaredError());
        m.predict(Tensor.zeros(1, 2)); // builds the weights
        List<Weight> k = PruneLowMagnitude.prunable(m);
        setKernels(k);
        // 6 weights, sparsity 0.5: the 3 smallest |w| overall are 0.05, 0.1, 0.2 (two in the first kernel)
        PruneLowMagnitude global = new PruneLowMagnitude(PolynomialDecay.of(0.5, 0.5, 0, 1), true);
        global.setModel(m);
        global.updateMasks(0.5);
        global.applyMasks();
        assertEquals(List.of(0f, -0.9f, 0.3f, 0f), floats(k.get(0)));
        assertEquals(List.of(0f, 0.4f), floats(k.get(1)));
        // per layer instead: half of each kernel (2 of 4, 1 of 2), the second kernel keeps 0.4 only
        setKernels(k);
        PruneLowMagnitude perLayer = new PruneLowMagnitude(PolynomialDecay.of(0.5, 0.5, 0, 1));
        perLayer.setModel(m);
        perLayer.updateMasks(0.5);
        perLayer.applyMasks();
        assertEquals(List.of(0f, -0.9f, 0.3f, 0f), floats(k.get(0)));
        assertEquals(List.of(0f, 0.4f), floats(k.get(1)));
        // ties: three equal weights at the cut, one of them cut to reach exactly round(0.25·4) = 1
        try (var g = Tensor.noGrad()) {
            k.get(0).value().copyFrom(Tensor.fromArray(new float[] {0.5f, 0.5f, 0.5f, 0.9f}, 2, 2));
        }
        perLayer.updateMasks(0.25);
        perLayer.applyMasks();
        assertEquals(List.of(0f, 0.5f, 0.5f, 0.9f), floats(k.get(0)));
    }

    /** Known kernels: 0.1, −0.9, 0.3, 0.2 and −0.05, 0.4. */
    static void setKernels(List<Weight> k) {
        try (var g = Tensor.noGrad()) {
            k.get(0).value().copyFrom(Tensor.fromArray(new float[] {0.1f, -0.9f, 0.3f, 0.2f}, 2, 2));
            k.get(1).value().copyFrom(Tensor.fromArray(new float[] {-0.05f, 0.4f}, 2, 1));
        }
    }

    static List<Float> floats(Weight w) {
        List<Float> out = new java.util.ArrayList<>();
        for (float f : w.value().toFloatArray()) {
            out.add(f == 0 ? 0f : f); // -0.0 as 0
        }
        return out;
    }

    @Test
    void eightyPercentSparseBreastCancerModelKeepsItsAccuracy() {
        SklearnCsv.Data data = SklearnCsv.read(Path.of("../examples/data/breast_cancer.csv"));
        List<Dataset> parts = data.toDataset().splitStratified(42, 0.8, 0.2);
        Tensor trainX = stack(parts.get(0), true);
        StandardScaler scaler = new StandardScaler().fit(trainX);
        Dataset train = Datasets.fromTensors(scaler.transform(trainX), stack(parts.get(0), false).reshape(-1, 1));
        Dataset test = Datasets.fromTensors(scaler.transform(stack(parts.get(1), true)),
                stack(parts.get(1), false).reshape(-1, 1));
        Model m = mlp(42);
        m.fit(train, FitOptions.epochs(15).batchSize(32).verbosity(FitOptions.Verbosity.SILENT));
        double dense = m.evaluate(test).get("accuracy");
        // fine-tune 15 more epochs (15 steps each) while pruning to 80 % over the first 150 steps
        PruneLowMagnitude prune = new PruneLowMagnitude(new PolynomialDecay(0, 0.8, 0, 150, 3, 10));
        m.fit(train, FitOptions.epochs(15).batchSize(32).verbosity(FitOptions.Verbosity.SILENT).callbacks(prune));
        double sparse = m.evaluate(test).get("accuracy");
        for (double v : PruneLowMagnitude.sparsity(m).values()) {
            assertEquals(0.8, v, 0.02);
        }
        assertTrue(sparse >= dense - 0.01, "dense " + dense + ", 80 % sparse " + sparse);
    }

    @Test
    void aModelWithNothingToPruneIsRefused() {
        Model m = Sequential.of(Input.of(3), dev.landfall.nn.layers.Activation.of("relu"));
        m.compile(Optimizers.sgd(0.1), Losses.meanSquaredError());
        var e = assertThrows(IllegalArgumentException.class, () -> m.fit(Tensor.randn(4, 3), Tensor.randn(4, 3),
                FitOptions.epochs(1).verbosity(FitOptions.Verbosity.SILENT).callbacks(
                        new PruneLowMagnitude(PolynomialDecay.of(0, 0.5, 0, 10)))));
        assertEquals("prune_low_magnitude: the model has no Dense or convolution kernel to prune", e.getMessage());
    }

    static Tensor stack(Dataset d, boolean features) {
        List<Tensor> ts = new java.util.ArrayList<>();
        d.forEach(e -> ts.add(features ? e.features().single() : e.target().single().to(DType.FLOAT32)));
        return Tensor.stack(0, ts.toArray(Tensor[]::new));
    }
}
