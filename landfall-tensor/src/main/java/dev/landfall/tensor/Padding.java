package dev.landfall.tensor;

/**
 * How convolution and pooling windows treat the border, with TensorFlow's semantics.
 * VALID: no padding, output {@code floor((in - window) / stride) + 1}. SAME: output
 * {@code ceil(in / stride)}, padding split evenly with the extra element at the bottom/right.
 */
public enum Padding {
    VALID, SAME;

    /** {@code "valid"} or {@code "same"}, case-insensitive, as in Keras. */
    public static Padding of(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "valid" -> VALID;
            case "same" -> SAME;
            default -> throw new IllegalArgumentException(
                    "Received an invalid value for padding, expected \"valid\" or \"same\". Received: padding=" + name);
        };
    }
}
