package dev.landfall.nn;

import dev.landfall.Landfall;
import dev.landfall.data.Dataset;
import dev.landfall.data.Datasets;
import dev.landfall.data.Tensors;
import dev.landfall.nn.layers.Add;
import dev.landfall.nn.layers.Concatenate;
import dev.landfall.nn.layers.Dense;
import dev.landfall.nn.layers.Dropout;
import dev.landfall.nn.layers.Embedding;
import dev.landfall.nn.layers.GlobalPooling;
import dev.landfall.nn.layers.Input;
import dev.landfall.nn.layers.SymbolicTensor;
import dev.landfall.tensor.DType;
import dev.landfall.tensor.Rng;
import dev.landfall.tensor.Shape;
import dev.landfall.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelTest {
    private final int threads = Landfall.numThreads();

    @AfterEach
    void restoreThreads() {
        Landfall.setNumThreads(threads);
    }

    /** y = 1 when x0 + x1·x2 > 0: learnable, not linearly separable. */
    static Tensor[] toyData(int n, int features, long seed) {
        Tensor x = Tensor.normal(Shape.of(n, features), 0, 1, DType.FLOAT32, Rng.of(seed));
        float[] xs = x.toFloatArray();
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            y[i] = xs[i * features] + xs[i * features + 1] * xs[i * features + 2] > 0 ? 1 : 0;
        }
        return new Tensor[] {x, Tensor.fromArray(y, n, 1)};
    }

    @Test
    void functionalModelWithResidualAndTwoInputsTrainsAndPredicts() {
        Landfall.setSeed(1);
        Input a = Input.of(6);
        a.setName("a");
        Input b = Input.of(3);
        b.setName("b");
        SymbolicTensor h = Dense.of(6, Activations.RELU).apply(a);
        SymbolicTensor residual = Add.of().apply(Dense.of(6).apply(h), a);
        SymbolicTensor joined = Concatenate.of().apply(residual, b);
        SymbolicTensor out = Dense.of(1, Activations.SIGMOID).apply(Dense.of(16, Activations.RELU).apply(joined));
        Model model = Model.of(List.of(a, b), List.of(out));

        Tensor[] d = toyData(512, 9, 3);
        Tensor xa = d[0].slice(1, 0, 6);
        Tensor xb = d[0].slice(1, 6, 9);
        Dataset train = Datasets.fromTensors(Tensors.of(Map.of("a", xa, "b", xb)), Tensors.of(d[1]), null);
        model.compile(Optimizers.adam(0.01), Losses.binaryCrossentropy(), Metrics.accuracy());
        History hist = model.fit(train, FitOptions.epochs(15).batchSize(32).verbosity(FitOptions.Verbosity.SILENT));
        assertTrue(hist.last("loss") < 0.6 * hist.get("loss").get(0), "loss " + hist.get("loss"));
        assertTrue(hist.last("accuracy") > 0.85, "accuracy " + hist.get("accuracy"));
        Tensor p = model.predict(Tensors.of(Map.of("a", xa, "b", xb))).single();
        assertEquals(Shape.of(512, 1), p.shape());
        double acc = model.evaluate(train).get("accuracy");
        assertEquals(hist.last("accuracy"), acc, 0.05);
    }

    private static float[] trainTwice(int threads) {
        Landfall.setNumThreads(threads);
        Landfall.setSeed(7);
        // Big enough that the kernels split the work: 256 × 512 products and 2^17-element activations.
        Tensor[] d = toyData(512, 64, 11);
        Sequential m = Sequential.of(Input.of(64), Dense.of(512, Activations.RELU), Dropout.of(0.3),
                Dense.of(1, Activations.SIGMOID));
        m.compile(Optimizers.adam(0.01), Losses.binaryCrossentropy(), Metrics.accuracy());
        m.fit(d[0], d[1], FitOptions.epochs(2).batchSize(256).verbosity(FitOptions.Verbosity.SILENT));
        float[] all = new float[0];
        for (Tensor t : m.stateDict().values()) {
            float[] v = t.toFloatArray();
            float[] joined = java.util.Arrays.copyOf(all, all.length + v.length);
            System.arraycopy(v, 0, joined, all.length, v.length);
            all = joined;
        }
        return all;
    }

    @Test
    void sameSeedGivesBitIdenticalWeightsWithOneOrTwoThreads() {
        float[] one = trainTwice(1);
        float[] again = trainTwice(1);
        long before = dev.landfall.tensor.spi.Parallel.parallelRuns();
        float[] two = trainTwice(2);
        assertTrue(dev.landfall.tensor.spi.Parallel.parallelRuns() > before, "the 2-thread run must really use 2 threads");
        assertArrayEquals(one, again, 0f);
        assertArrayEquals(one, two, 0f);
    }

    @Test
    void masksFromEmbeddingReachTheLossAndMetrics() {
        // Per-step regression after an Embedding with maskZero: padded steps have absurd targets that
        // must not count; the unpadded steps are predicted exactly (a zero Dense), so the loss is 0.
        Input ids = Input.of(Shape.of(3), DType.INT32);
        SymbolicTensor y = Dense.of(1).kernelInitializer(Initializers.ZEROS).apply(Embedding.of(5, 2).maskZero(true).apply(ids));
        Model m = Model.of(ids, y);
        m.compile(Optimizers.sgd(0.0), Losses.meanSquaredError(), Metrics.meanAbsoluteError());
        Tensor x = Tensor.fromArray(new int[] {1, 2, 0, 3, 0, 0}, 2, 3);
        Tensor target = Tensor.fromArray(new float[] {0, 0, 100, 0, 100, 100}, 2, 3, 1);
        Evaluation e = m.evaluate(x, target);
        assertEquals(0.0, e.loss(), 1e-9);
        assertEquals(0.0, e.get("mean_absolute_error"), 1e-9);
        Tensor half = Tensor.fromArray(new float[] {1, 1, 100, 1, 100, 100}, 2, 3, 1);
        // 3 valid steps of squared error 1: the mean over valid positions is 1, as Keras rescales by total/valid
        assertEquals(1.0, m.evaluate(x, half).loss(), 1e-5);
    }

    @Test
    void frozenBatchNormalizationKeepsItsMovingStatistics() {
        dev.landfall.nn.layers.BatchNormalization bn = dev.landfall.nn.layers.BatchNormalization.of();
        Sequential m = Sequential.of(Input.of(2), bn, Dense.of(1));
        bn.setTrainable(false);
        m.compile(Optimizers.sgd(0.1), Losses.meanSquaredError());
        m.fit(Tensor.full(3.0, 8, 2), Tensor.ones(8, 1), FitOptions.epochs(2).verbosity(FitOptions.Verbosity.SILENT));
        assertArrayEquals(new float[] {0, 0}, bn.weights().get(2).value().toFloatArray(), 0f, "moving_mean");
    }

    @Test
    void mismatchedLabelShapeNamesTheOutputAndBothShapes() {
        Sequential m = Sequential.of(Input.of(4), Dense.of(1, Activations.SIGMOID));
        m.compile(Optimizers.adam(), Losses.binaryCrossentropy());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.fit(Tensor.zeros(8, 4),
                Tensor.zeros(8, 2), FitOptions.epochs(1).verbosity(FitOptions.Verbosity.SILENT)));
        assertEquals("Output 'dense': binary_crossentropy: the target shape [8, 2] does not match the prediction shape [8, 1]",
                e.getMessage());
    }

    @Test
    void unknownActivationNameListsTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Dense.of(4, "relu6x"));
        assertTrue(e.getMessage().startsWith("Unknown activation: 'relu6x'. Known: "), e.getMessage());
        assertTrue(e.getMessage().contains("relu, selu"), e.getMessage());
    }

    @Test
    void layerCalledOnASecondShapeNamesTheLayerAndBothShapes() {
        Dense d = Dense.of(3);
        d.forward(Tensor.zeros(2, 5));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.forward(Tensor.zeros(2, 4)));
        assertEquals("Layer 'dense' (Dense) was built for inputs of shape (None, 5) but was called on (None, 4)", e.getMessage());
        Sequential m = Sequential.of(Input.of(5), Dense.of(2));
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class, () -> m.predict(Tensor.zeros(3, 7)));
        assertTrue(e2.getMessage().contains("expects examples of shape (None, 5)") && e2.getMessage().contains("[3, 7]"),
                e2.getMessage());
    }

    @Test
    void batchedDatasetWithBatchSizeIsAnError() {
        Sequential m = Sequential.of(Input.of(2), Dense.of(1));
        m.compile(Optimizers.sgd(), Losses.meanSquaredError());
        Dataset batched = Datasets.fromTensors(Tensor.zeros(8, 2), Tensor.zeros(8, 1)).batch(4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> m.fit(batched, FitOptions.epochs(1).batchSize(4).verbosity(FitOptions.Verbosity.SILENT)));
        assertTrue(e.getMessage().contains("already batched"), e.getMessage());
        History h = m.fit(batched, FitOptions.epochs(1).verbosity(FitOptions.Verbosity.SILENT));
        assertEquals(1, h.get("loss").size());
    }

    @Test
    void validationSplitHoldsOutTheLastFractionAndLogsValMetrics() {
        Landfall.setSeed(2);
        Tensor[] d = toyData(100, 4, 5);
        Sequential m = Sequential.of(Dense.of(8, Activations.RELU), Dense.of(1, Activations.SIGMOID));
        m.compile(Optimizers.adam(), Losses.binaryCrossentropy(), Metrics.accuracy(), Metrics.auc());
        History h = m.fit(d[0], d[1], FitOptions.epochs(2).validationSplit(0.2).verbosity(FitOptions.Verbosity.SILENT));
        assertEquals(List.of("loss", "accuracy", "auc", "val_loss", "val_accuracy", "val_auc"), List.copyOf(h.history().keySet()));
        Evaluation lastFifth = m.evaluate(d[0].slice(0, 80, 100), d[1].slice(0, 80, 100));
        assertEquals(lastFifth.loss(), h.last("val_loss"), 1e-6);
    }

    @Test
    void validationSplitOfShuffledDataIsRefused() {
        Sequential m = Sequential.of(Input.of(2), Dense.of(1));
        m.compile(Optimizers.sgd(), Losses.meanSquaredError());
        Dataset shuffled = Datasets.fromTensors(Tensor.zeros(10, 2), Tensor.zeros(10, 1)).shuffle(3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.fit(shuffled,
                FitOptions.epochs(1).validationSplit(0.2).verbosity(FitOptions.Verbosity.SILENT)));
        assertTrue(e.getMessage().contains("no fixed order once shuffled"), e.getMessage());
    }

    @Test
    void classWeightsScaleTheLoss() {
        Sequential m = Sequential.of(Input.of(1), Dense.of(1, Activations.SIGMOID).kernelInitializer(Initializers.ZEROS));
        m.compile(Optimizers.sgd(0.0), Losses.binaryCrossentropy());
        Tensor x = Tensor.zeros(4, 1);
        Tensor y = Tensor.fromArray(new float[] {0, 1, 1, 1}, 4, 1);
        double plain = m.fit(x, y, FitOptions.epochs(1).verbosity(FitOptions.Verbosity.SILENT)).last("loss");
        double weighted = m.fit(x, y, FitOptions.epochs(1).classWeight(Map.of(0, 5.0))
                .verbosity(FitOptions.Verbosity.SILENT)).last("loss");
        assertEquals(Math.log(2), plain, 1e-6);
        assertEquals(Math.log(2) * (5 + 3) / 4.0, weighted, 1e-6);
    }

    @Test
    void embeddingMaskReachesGlobalAveragePooling() {
        Input ids = Input.of(Shape.of(4), DType.INT32);
        Embedding emb = Embedding.of(10, 2).maskZero(true);
        SymbolicTensor pooled = GlobalPooling.globalAveragePooling1D().apply(emb.apply(ids));
        Model m = Model.of(ids, pooled);
        Tensor batch = Tensor.fromArray(new int[] {3, 5, 0, 0}, 1, 4);
        Tensor out = m.predict(batch);
        Tensor table = emb.weights().get(0).value();
        float[] expected = table.gather(0, Tensor.fromArray(new int[] {3, 5})).mean(0).toFloatArray();
        assertArrayEquals(expected, out.toFloatArray(), 1e-6f, "padding positions are left out of the mean");
    }

    @Test
    void stateDictLoadsStrictlyByName() {
        Sequential a = Sequential.of(Input.of(3), Dense.of(2), Dense.of(1));
        Sequential b = Sequential.of(Input.of(3), Dense.of(2), Dense.of(1));
        b.loadStateDict(a.stateDict(), true);
        assertArrayEquals(a.predict(Tensor.ones(2, 3)).toFloatArray(), b.predict(Tensor.ones(2, 3)).toFloatArray());
        assertEquals(List.of("dense.kernel", "dense.bias", "dense_1.kernel", "dense_1.bias"), List.copyOf(a.stateDict().keySet()));

        Map<String, Tensor> broken = new java.util.LinkedHashMap<>(a.stateDict());
        broken.remove("dense_1.bias");
        broken.put("dense_9.kernel", Tensor.ones(1));
        broken.put("dense.kernel", Tensor.ones(4, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.loadStateDict(broken, true));
        assertEquals("Error loading the state dict: missing keys [dense_1.bias]; unexpected keys [dense_9.kernel]; "
                + "shape mismatch for [dense.kernel (model [3, 2], state [4, 2])]", e.getMessage());
        broken.put("dense.kernel", Tensor.ones(3, 2));
        StateDicts.LoadResult r = b.loadStateDict(broken, false);
        assertEquals(List.of("dense_1.bias"), r.missing());
        assertEquals(List.of("dense_9.kernel"), r.unexpected());
    }

    @Test
    void trainStepCanBeOverriddenThroughTrainOnBatch() {
        Sequential m = Sequential.of(Input.of(2), Dense.of(1));
        m.compile(Optimizers.sgd(0.1), Losses.meanSquaredError(), Metrics.meanAbsoluteError());
        Tensor x = Tensor.ones(4, 2);
        Tensor y = Tensor.full(3.0, 4, 1);
        double first = m.trainOnBatch(x, y).get("loss");
        double second = m.trainOnBatch(x, y).get("loss");
        assertTrue(second < first, first + " -> " + second);
        assertFalse(m.stopTrainingRequested());
    }

    @Test
    void fitBeforeCompileSaysWhatToDo() {
        Sequential m = Sequential.of(Input.of(2), Dense.of(1));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> m.fit(Tensor.ones(2, 2), Tensor.ones(2, 1), FitOptions.epochs(1)));
        assertTrue(e.getMessage().contains("compile()"), e.getMessage());
    }

    @Test
    void duplicateLayerNamesAreRejected() {
        Input in = Input.of(2);
        SymbolicTensor h = Dense.of(2).setName("same") instanceof Dense d ? d.apply(in) : null;
        SymbolicTensor o = ((Dense) Dense.of(1).setName("same")).apply(h);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Model.of(in, o));
        assertTrue(e.getMessage().contains("'same' is used twice"), e.getMessage());
    }
}
