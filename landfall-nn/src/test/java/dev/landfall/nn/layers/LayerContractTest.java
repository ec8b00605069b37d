package dev.landfall.nn.layers;

import dev.landfall.nn.Activations;
import dev.landfall.tensor.DType;
import dev.landfall.tensor.Shape;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.function.Supplier;

class LayerContractTest {
    private static LayerContract.Spec spec(String name, Supplier<Layer> f, Shape in, Shape out, int weights) {
        return new LayerContract.Spec(name, f, List.of(in), DType.FLOAT32, out, weights, false);
    }

    static List<LayerContract.Spec> specs() {
        return List.of(
                spec("Dense", () -> Dense.of(4, Activations.TANH), Shape.of(5), Shape.of(4), 2),
                spec("Dense_rank3", () -> Dense.of(3), Shape.of(2, 5), Shape.of(2, 3), 2),
                spec("Activation", () -> Activation.of("softplus"), Shape.of(4), Shape.of(4), 0),
                new LayerContract.Spec("Dropout_training", () -> Dropout.of(0.5), List.of(Shape.of(6)), DType.FLOAT32,
                        Shape.of(6), 0, true),
                spec("Flatten", Flatten::of, Shape.of(2, 3, 2), Shape.of(12), 0),
                spec("Reshape", () -> Reshape.of(3, -1), Shape.of(6), Shape.of(3, 2), 0),
                spec("Rescaling", () -> Rescaling.of(1 / 255.0, -0.5), Shape.of(2, 3), Shape.of(2, 3), 0),
                new LayerContract.Spec("BatchNormalization_training", BatchNormalization::of, List.of(Shape.of(2, 3)),
                        DType.FLOAT32, Shape.of(2, 3), 4, true),
                spec("BatchNormalization_inference", BatchNormalization::of, Shape.of(4), Shape.of(4), 4),
                spec("LayerNormalization", LayerNormalization::of, Shape.of(2, 5), Shape.of(2, 5), 2),
                spec("Conv1D_same_stride2", () -> Conv1D.of(3, 3).strides(2).padding("same"), Shape.of(7, 2), Shape.of(4, 3), 2),
                spec("Conv1D_causal", () -> Conv1D.of(2, 3).padding("causal").dilationRate(2), Shape.of(6, 2), Shape.of(6, 2), 2),
                spec("Conv2D", () -> Conv2D.of(3, 3).activation(Activations.RELU), Shape.of(5, 5, 2), Shape.of(3, 3, 3), 2),
                spec("Conv2D_same_stride2", () -> Conv2D.of(2, 3).strides(2).padding("same"), Shape.of(5, 6, 2), Shape.of(3, 3, 2), 2),
                spec("Conv2D_from_scalar_config", () -> Conv2D.fromConfig(java.util.Map.of("filters", 2, "kernel_size", 3,
                        "strides", 2)), Shape.of(5, 5, 1), Shape.of(2, 2, 2), 2),
                spec("MaxPooling2D_from_scalar_config", () -> Layers.fromConfig("MaxPooling2D", java.util.Map.of("pool_size", 2)),
                        Shape.of(4, 6, 1), Shape.of(2, 3, 1), 0),
                spec("Conv2D_channels_first", () -> Conv2D.of(2, 2).channelsFirst(), Shape.of(3, 4, 4), Shape.of(2, 3, 3), 2),
                spec("MaxPooling1D", () -> Pooling.maxPooling1D(2, 2, "valid"), Shape.of(6, 3), Shape.of(3, 3), 0),
                spec("MaxPooling2D", () -> Pooling.maxPooling2D(2), Shape.of(4, 6, 2), Shape.of(2, 3, 2), 0),
                spec("AveragePooling1D", () -> Pooling.averagePooling1D(3, 1, "same"), Shape.of(5, 2), Shape.of(5, 2), 0),
                spec("AveragePooling2D", () -> Pooling.averagePooling2D(new int[] {2, 2}, null, "same"), Shape.of(5, 5, 2),
                        Shape.of(3, 3, 2), 0),
                spec("GlobalAveragePooling1D", GlobalPooling::globalAveragePooling1D, Shape.of(4, 3), Shape.of(3), 0),
                spec("GlobalAveragePooling2D", GlobalPooling::globalAveragePooling2D, Shape.of(3, 4, 2), Shape.of(2), 0),
                spec("GlobalMaxPooling1D", GlobalPooling::globalMaxPooling1D, Shape.of(4, 3), Shape.of(3), 0),
                spec("GlobalMaxPooling2D", GlobalPooling::globalMaxPooling2D, Shape.of(3, 4, 2), Shape.of(2), 0),
                new LayerContract.Spec("Embedding", () -> Embedding.of(10, 4).maskZero(true), List.of(Shape.of(5)), DType.INT32,
                        Shape.of(5, 4), 1, false),
                spec("MultiHeadAttention_self_causal", () -> MultiHeadAttention.of(2, 3).causal(true), Shape.of(4, 5),
                        Shape.of(4, 5), 8),
                new LayerContract.Spec("MultiHeadAttention_cross", () -> MultiHeadAttention.of(2, 2), List.of(Shape.of(3, 4),
                        Shape.of(5, 6)), DType.FLOAT32, Shape.of(3, 4), 8, false),
                spec("SimpleRNN", () -> SimpleRNN.of(3), Shape.of(4, 2), Shape.of(3), 3),
                spec("SimpleRNN_sequences_backwards", () -> SimpleRNN.of(3).returnSequences(true).goBackwards(true),
                        Shape.of(4, 2), Shape.of(4, 3), 3),
                spec("LSTM", () -> LSTM.of(3), Shape.of(4, 2), Shape.of(3), 3),
                spec("LSTM_sequences", () -> LSTM.of(2).returnSequences(true), Shape.of(3, 4), Shape.of(3, 2), 3),
                new LayerContract.Spec("LSTM_dropout_training", () -> LSTM.of(3).dropout(0.3).recurrentDropout(0.3),
                        List.of(Shape.of(4, 2)), DType.FLOAT32, Shape.of(3), 3, true),
                spec("GRU", () -> GRU.of(3), Shape.of(4, 2), Shape.of(3), 3),
                spec("GRU_reset_before", () -> GRU.of(3).resetAfter(false).returnSequences(true), Shape.of(4, 2),
                        Shape.of(4, 3), 3),
                spec("Bidirectional_LSTM_concat", () -> Bidirectional.of(LSTM.of(2).returnSequences(true)), Shape.of(3, 2),
                        Shape.of(3, 4), 6),
                spec("Bidirectional_GRU_sum", () -> Bidirectional.of(GRU.of(3)).mergeMode("sum"), Shape.of(3, 2),
                        Shape.of(3), 6),
                new LayerContract.Spec("Multiply", Multiply::of, List.of(Shape.of(4), Shape.of(4)), DType.FLOAT32,
                        Shape.of(4), 0, false),
                new LayerContract.Spec("Average", Average::of, List.of(Shape.of(2, 3), Shape.of(2, 3), Shape.of(2, 3)),
                        DType.FLOAT32, Shape.of(2, 3), 0, false),
                new LayerContract.Spec("Maximum", Maximum::of, List.of(Shape.of(4), Shape.of(4)), DType.FLOAT32,
                        Shape.of(4), 0, false),
                new LayerContract.Spec("Minimum", Minimum::of, List.of(Shape.of(4), Shape.of(4)), DType.FLOAT32,
                        Shape.of(4), 0, false),
                spec("LeakyReLU", () -> LeakyReLU.of(0.2), Shape.of(2, 3), Shape.of(2, 3), 0),
                spec("PReLU", PReLU::of, Shape.of(2, 3), Shape.of(2, 3), 1),
                spec("PReLU_shared", () -> PReLU.of().sharedAxes(1, 2), Shape.of(3, 3, 2), Shape.of(3, 3, 2), 1),
                spec("GroupNormalization", () -> GroupNormalization.of(2), Shape.of(3, 3, 4), Shape.of(3, 3, 4), 2),
                spec("Masking", Masking::of, Shape.of(4, 3), Shape.of(4, 3), 0),
                spec("RepeatVector", () -> RepeatVector.of(3), Shape.of(4), Shape.of(3, 4), 0),
                spec("Permute", () -> Permute.of(2, 1), Shape.of(3, 4), Shape.of(4, 3), 0),
                spec("UpSampling2D", () -> UpSampling2D.of(2, 3), Shape.of(2, 2, 3), Shape.of(4, 6, 3), 0),
                spec("Conv2DTranspose_valid_stride2", () -> Conv2DTranspose.of(2, 3).strides(2), Shape.of(3, 3, 2),
                        Shape.of(7, 7, 2), 2),
                spec("Conv2DTranspose_same_stride2", () -> Conv2DTranspose.of(3, 3).strides(2).padding("same"),
                        Shape.of(3, 4, 2), Shape.of(6, 8, 3), 2),
                spec("DepthwiseConv2D_multiplier2_same", () -> DepthwiseConv2D.of(3).depthMultiplier(2).padding("same"),
                        Shape.of(4, 5, 3), Shape.of(4, 5, 6), 2),
                spec("SeparableConv2D_stride2", () -> SeparableConv2D.of(4, 3).strides(2, 2), Shape.of(5, 5, 2),
                        Shape.of(2, 2, 4), 3),
                spec("PositionalEmbedding", () -> PositionalEmbedding.of(6), Shape.of(4, 3), Shape.of(4, 3), 1),
                spec("TransformerEncoder", () -> TransformerEncoder.of(8, 2), Shape.of(3, 4), Shape.of(3, 4), 16),
                spec("TransformerEncoder_post_norm_causal", () -> TransformerEncoder.of(6, 1).normalizeFirst(false)
                        .causal(true), Shape.of(3, 4), Shape.of(3, 4), 16),
                new LayerContract.Spec("Add", Add::of, List.of(Shape.of(4), Shape.of(4), Shape.of(4)), DType.FLOAT32,
                        Shape.of(4), 0, false),
                new LayerContract.Spec("Concatenate", Concatenate::of, List.of(Shape.of(2, 3), Shape.of(2, 1)), DType.FLOAT32,
                        Shape.of(2, 4), 0, false));
    }

    @org.junit.jupiter.api.Test
    void everyRegisteredLayerClassHasAContractCase() {
        // Guard: a new layer must come with a contract case (InputLayer is checked by the model tests).
        java.util.Set<String> covered = new java.util.TreeSet<>();
        for (LayerContract.Spec s : specs()) {
            covered.add(s.factory().get().className());
        }
        java.util.Set<String> registered = new java.util.TreeSet<>(Layers.classNames());
        registered.remove("InputLayer");
        org.junit.jupiter.api.Assertions.assertEquals(registered, covered, "layer classes with a contract case");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void layerHonoursTheContract(LayerContract.Spec spec) throws Exception {
        LayerContract.check(spec);
    }
}
