package dev.landfall.compress;

import dev.landfall.Landfall;
import dev.landfall.nn.Activations;
import dev.landfall.nn.Losses;
import dev.landfall.nn.Model;
import dev.landfall.nn.Optimizers;
import dev.landfall.nn.Sequential;
import dev.landfall.nn.Weight;
import dev.landfall.nn.layers.BatchNormalization;
import dev.landfall.nn.layers.Dense;
import dev.landfall.nn.layers.Dropout;
import dev.landfall.nn.layers.Input;
import dev.landfall.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StructuredPruningTest {
    /**
     * Units whose kernel column and bias are zero contribute nothing after ReLU (and BatchNormalization in
     * inference mode maps them to a constant the next kernel rows multiply — zeroed too): removing them
     * exactly must leave every prediction unchanged, and the weakest units are the ones removed.
     */
    @Test
    void removingDeadUnitsKeepsEveryPredictionAndTheLayerNames() {
        Landfall.setSeed(5);
        Model m = Sequential.of(Input.of(6), Dense.of(8, Activations.RELU), BatchNormalization.of(), Dropout.of(0.2),
                Dense.of(4, Activations.RELU), Dense.of(3, Activations.SOFTMAX));
        Tensor x = Tensor.randn(16, 6);
        m.predict(x);
        Weight k1 = layer(m, "dense").weights().get(0);
        Weight k2 = layer(m, "dense_1").weights().get(0);
        try (var g = Tensor.noGrad()) {
            // dense: units 1, 4, 6 and 7 have zero columns; dense_1: units 0 and 2
            float[] a = k1.value().toFloatArray();
            for (int r = 0; r < 6; r++) {
                for (int c : new int[] {1, 4, 6, 7}) {
                    a[r * 8 + c] = 0;
                }
            }
            k1.value().copyFrom(Tensor.fromArray(a, 6, 8));
            float[] b = k2.value().toFloatArray();
            for (int r = 0; r < 8; r++) {
                b[r * 4] = 0;
                b[r * 4 + 2] = 0;
                // rows of the removed units of dense: BatchNormalization turns their zeros into a constant
                if (r == 1 || r == 4 || r == 6 || r == 7) {
                    for (int c = 0; c < 4; c++) {
                        b[r * 4 + c] = 0;
                    }
                }
            }
            k2.value().copyFrom(Tensor.fromArray(b, 8, 4));
        }
        Model small = StructuredPruning.prune(m, 0.5, 2);
        assertEquals(java.util.List.of("dense", "batch_normalization", "dropout", "dense_1", "dense_2"),
                small.layers().stream().filter(l -> !(l instanceof Input)).map(l -> l.name()).toList());
        assertEquals(4, layer(small, "dense").weights().get(0).value().dim(1));
        assertEquals(2, layer(small, "dense_1").weights().get(0).value().dim(1));
        assertEquals(6 * 4 + 4 + 4 * 4 + 4 * 2 + 2 + 2 * 3 + 3, small.countParams());
        assertArrayEquals(m.predict(x).toFloatArray(), small.predict(x).toFloatArray(), 1e-6f);
        assertTrue(small.countParams() < m.countParams());
        // it trains like any model
        small.compile(Optimizers.adam(1e-3), Losses.sparseCategoricalCrossentropy());
        small.fit(x, Tensor.fromArray(new int[16]), dev.landfall.nn.FitOptions.epochs(1)
                .verbosity(dev.landfall.nn.FitOptions.Verbosity.SILENT));
    }

    static dev.landfall.nn.layers.Layer layer(Model m, String name) {
        return m.layers().stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void deadFiltersOfACnnGoWithTheirFlattenedPositions() {
        Landfall.setSeed(6);
        Model m = Sequential.of(Input.of(8, 8, 1), dev.landfall.nn.layers.Conv2D.of(4, 3).activation(Activations.RELU),
                dev.landfall.nn.layers.Pooling.maxPooling2D(2), dev.landfall.nn.layers.Flatten.of(),
                Dense.of(6, Activations.RELU), Dense.of(2, Activations.SOFTMAX));
        Tensor x = Tensor.rand(5, 8, 8, 1);
        m.predict(x);
        Weight k = layer(m, "conv2d").weights().get(0); // [3, 3, 1, 4]
        Weight d = layer(m, "dense").weights().get(0);  // [3·3·4, 6]
        try (var g = Tensor.noGrad()) {
            float[] a = k.value().toFloatArray();
            for (int i = 0; i < a.length; i++) {
                if (i % 4 == 1 || i % 4 == 3) {
                    a[i] = 0; // filters 1 and 3 are dead
                }
            }
            k.value().copyFrom(Tensor.fromArray(a, 3, 3, 1, 4));
            float[] b = d.value().toFloatArray();
            for (int r = 0; r < 36; r++) {
                for (int c : new int[] {0, 2, 5}) {
                    b[r * 6 + c] = 0; // units 0, 2 and 5 of dense are dead
                }
            }
            d.value().copyFrom(Tensor.fromArray(b, 36, 6));
        }
        Model small = StructuredPruning.prune(m, 0.5, 1);
        assertEquals(2, layer(small, "conv2d").weights().get(0).value().dim(3));
        assertEquals(java.util.List.of(18, 3), java.util.List.of(layer(small, "dense").weights().get(0).value().dim(0),
                layer(small, "dense").weights().get(0).value().dim(1)));
        assertArrayEquals(m.predict(x).toFloatArray(), small.predict(x).toFloatArray(), 1e-6f);
    }

    @Test
    void unsupportedModelsAndArgumentsAreRefusedByName() {
        Model mlp = Sequential.of(Input.of(3), Dense.of(4), dev.landfall.nn.layers.LayerNormalization.of(), Dense.of(1));
        assertEquals("structured pruning: layer 'layer_normalization' (LayerNormalization) is not supported; only Dense, "
                + "Conv2D, Activation, Dropout, BatchNormalization, pooling, Flatten and Rescaling",
                assertThrows(IllegalArgumentException.class, () -> StructuredPruning.prune(mlp, 0.5, 2)).getMessage());
        assertEquals("structured pruning: the fraction of units to remove must be in [0, 1), got 1.0",
                assertThrows(IllegalArgumentException.class, () -> StructuredPruning.prune(mlp, 1, 2)).getMessage());
        Input in = Input.of(3);
        Model functional = Model.of(in, Dense.of(2).apply(in));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> StructuredPruning.prune(functional, 0.5, 2))
                .getMessage().startsWith("structured pruning: expected a built Sequential model"));
    }
}
