package dev.landfall.nn.layers;

import dev.landfall.nn.Registry;

import java.util.Map;
import java.util.function.Function;

/**
 * Rebuilds layers from their class name and config (the inverse of {@link Layer#getConfig()}).
 * Custom layers register a factory under their class name so that saved models using them load.
 */
public final class Layers {
    private static final Registry<Function<Map<String, Object>, Layer>> REGISTRY = new Registry<>("layer");

    static {
        register("InputLayer", Input::fromConfig);
        register("Dense", Dense::fromConfig);
        register("Activation", Activation::fromConfig);
        register("Dropout", Dropout::fromConfig);
        register("Flatten", Flatten::fromConfig);
        register("Reshape", Reshape::fromConfig);
        register("Add", Add::fromConfig);
        register("Concatenate", Concatenate::fromConfig);
        register("Conv1D", Conv1D::fromConfig);
        register("Conv2D", Conv2D::fromConfig);
        register("Conv2DTranspose", Conv2DTranspose::fromConfig);
        register("DepthwiseConv2D", DepthwiseConv2D::fromConfig);
        register("SeparableConv2D", SeparableConv2D::fromConfig);
        register("MaxPooling1D", Pooling.factory(true, 1));
        register("MaxPooling2D", Pooling.factory(true, 2));
        register("AveragePooling1D", Pooling.factory(false, 1));
        register("AveragePooling2D", Pooling.factory(false, 2));
        register("GlobalAveragePooling1D", GlobalPooling.factory(false, 1));
        register("GlobalAveragePooling2D", GlobalPooling.factory(false, 2));
        register("GlobalMaxPooling1D", GlobalPooling.factory(true, 1));
        register("GlobalMaxPooling2D", GlobalPooling.factory(true, 2));
        register("BatchNormalization", BatchNormalization::fromConfig);
        register("LayerNormalization", LayerNormalization::fromConfig);
        register("Embedding", Embedding::fromConfig);
        register("MultiHeadAttention", MultiHeadAttention::fromConfig);
        register("Rescaling", Rescaling::fromConfig);
        register("SimpleRNN", SimpleRNN::fromConfig);
        register("LSTM", LSTM::fromConfig);
        register("GRU", GRU::fromConfig);
        register("Bidirectional", Bidirectional::fromConfig);
        register("Multiply", Multiply::fromConfig);
        register("Average", Average::fromConfig);
        register("Maximum", Maximum::fromConfig);
        register("Minimum", Minimum::fromConfig);
        register("LeakyReLU", LeakyReLU::fromConfig);
        register("PReLU", PReLU::fromConfig);
        register("GroupNormalization", GroupNormalization::fromConfig);
        register("Masking", Masking::fromConfig);
        register("RepeatVector", RepeatVector::fromConfig);
        register("Permute", Permute::fromConfig);
        register("UpSampling2D", UpSampling2D::fromConfig);
        register("PositionalEmbedding", PositionalEmbedding::fromConfig);
        register("TransformerEncoder", TransformerEncoder::fromConfig);
    }

    private Layers() {
    }

    /** Registers a layer class under its {@link Layer#className()}. */
    public static void register(String className, Function<Map<String, Object>, Layer> factory) {
        REGISTRY.register(className, factory);
    }

    /**
     * A new, unbuilt layer of class {@code className} with this config.
     *
     * @throws IllegalArgumentException for an unknown class name, listing the known ones
     */
    public static Layer fromConfig(String className, Map<String, Object> config) {
        return REGISTRY.get(className).apply(config);
    }

    /** Whether a class name is registered. */
    public static boolean isRegistered(String className) {
        return REGISTRY.contains(className);
    }

    /** All registered class names. */
    public static java.util.Set<String> classNames() {
        return REGISTRY.all().keySet();
    }
}
