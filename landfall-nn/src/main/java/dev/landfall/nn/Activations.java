package dev.landfall.nn;

import dev.landfall.tensor.Tensor;

import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The activation functions, with Keras 3's names and formulas. Strings resolve through
 * {@link #get(String)}; custom functions register under a name with {@link #register}.
 */
public final class Activations {
    private static final Registry<ActivationFunction> REGISTRY = new Registry<>("activation");

    /** {@code x}. */
    public static final ActivationFunction LINEAR = define("linear", x -> x);
    /** {@code max(0, x)}. */
    public static final ActivationFunction RELU = define("relu", Tensor::relu);
    /** {@code x} for x &gt; 0, else {@code 0.2·x} (Keras 3's default negative slope). */
    public static final ActivationFunction LEAKY_RELU = define("leaky_relu", x -> leakyRelu(x, 0.2));
    /** {@code x} for x &gt; 0, else {@code e^x − 1}. */
    public static final ActivationFunction ELU = define("elu", x -> elu(x, 1.0));
    /** {@code scale·elu(x, alpha)} with Klambauer et al.'s constants. */
    public static final ActivationFunction SELU = define("selu",
            x -> elu(x, 1.6732632423543772848170429916717).mul(1.0507009873554804934193349852946));
    /** Exact GELU {@code x·Φ(x)}. */
    public static final ActivationFunction GELU = define("gelu", Tensor::gelu);
    /** {@code 1 / (1 + e^-x)}; remembers its logits for fused cross-entropy. */
    public static final ActivationFunction SIGMOID = define("sigmoid", x -> Logits.remember(x.sigmoid(), x));
    /** {@code clip(x/6 + 0.5, 0, 1)} (Keras 3). */
    public static final ActivationFunction HARD_SIGMOID = define("hard_sigmoid", x -> x.div(6.0).add(0.5).clamp(0, 1));
    /** Hyperbolic tangent. */
    public static final ActivationFunction TANH = define("tanh", Tensor::tanh);
    /** Softmax over the last axis; remembers its logits for fused cross-entropy. */
    public static final ActivationFunction SOFTMAX = define("softmax", x -> Logits.remember(x.softmax(-1), x));
    /** Log-softmax over the last axis. */
    public static final ActivationFunction LOG_SOFTMAX = define("log_softmax", x -> x.logSoftmax(-1));
    /** {@code log(1 + e^x)}, computed as {@code max(x, 0) + log(1 + e^-|x|)}. */
    public static final ActivationFunction SOFTPLUS = define("softplus", Activations::softplus);
    /** {@code x·sigmoid(x)}. */
    public static final ActivationFunction SILU = define("silu", x -> x.mul(x.sigmoid()));
    /** Alias of silu. */
    public static final ActivationFunction SWISH = define("swish", x -> x.mul(x.sigmoid()));
    /** {@code x·tanh(softplus(x))} (Misra 2019). */
    public static final ActivationFunction MISH = define("mish", x -> x.mul(softplus(x).tanh()));

    private Activations() {
    }

    private static ActivationFunction define(String name, UnaryOperator<Tensor> f) {
        ActivationFunction a = new ActivationFunction() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Tensor apply(Tensor x) {
                return f.apply(x);
            }

            @Override
            public String toString() {
                return name;
            }
        };
        REGISTRY.register(name, a);
        return a;
    }

    /**
     * The activation with this Keras name; null and "" mean linear.
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static ActivationFunction get(String name) {
        if (name == null || name.isEmpty() || name.equals("None")) {
            return LINEAR;
        }
        return REGISTRY.get(name);
    }

    /** Registers a custom activation so that configs and saved models that name it resolve. */
    public static void register(ActivationFunction f) {
        REGISTRY.register(f.name(), f);
    }

    /** All registered names. */
    public static Map<String, ActivationFunction> all() {
        return REGISTRY.all();
    }

    /** {@code x} for x &gt; 0, else {@code slope·x}. */
    public static Tensor leakyRelu(Tensor x, double slope) {
        return Tensor.where(x.gt(0.0), x, x.mul(slope));
    }

    /** {@code x} for x &gt; 0, else {@code alpha·(e^x − 1)}; the exponential sees min(x, 0) so it cannot overflow. */
    public static Tensor elu(Tensor x, double alpha) {
        return Tensor.where(x.gt(0.0), x, x.minimum(0.0).exp().sub(1.0).mul(alpha));
    }

    /** {@code log(1 + e^x)} without overflow. */
    public static Tensor softplus(Tensor x) {
        return x.relu().add(x.abs().neg().exp().add(1.0).log());
    }
}
