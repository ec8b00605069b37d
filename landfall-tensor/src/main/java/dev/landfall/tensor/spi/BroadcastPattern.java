package dev.landfall.tensor.spi;

/**
 * The simple ways an elementwise operand can be read against a contiguous output of the same
 * shape, so that a kernel can skip the general {@link StridedLoop} walk (and its allocations) for
 * the common cases. Seen as {@code rows × block} with the output contiguous:
 * <ul>
 *   <li>{@link #FULL}: the operand is laid out like the output (a same-shape tensor);</li>
 *   <li>{@link #SCALAR}: one element read everywhere;</li>
 *   <li>{@link #ROW}: one contiguous row of {@code block} elements repeated for every row (a bias
 *       {@code [n]} against {@code [batch, n]});</li>
 *   <li>{@link #COLUMN}: one element per row, repeated across the {@code block} elements of the row
 *       (a {@code [batch, 1]} statistic against {@code [batch, n]}).</li>
 * </ul>
 */
public final class BroadcastPattern {
    public static final int FULL = 0;
    public static final int SCALAR = 1;
    public static final int ROW = 2;
    public static final int COLUMN = 3;

    private BroadcastPattern() {
    }

    /**
     * The pattern of an operand with these strides (0 along broadcast dimensions) over {@code shape},
     * encoded as {@code kind << 32 | block}, or -1 when it is none of the four.
     */
    public static long of(int[] shape, int[] strides) {
        // From the innermost dimension outwards: a first run that is all contiguous or all broadcast
        // (stride 0), then at most one run of the other kind. Size-1 dimensions never matter.
        int first = -1;
        int second = -1;
        long expected = 1;
        long block = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            int n = shape[i];
            if (n == 1) {
                continue;
            }
            boolean zero = strides[i] == 0;
            if (second < 0) {
                if (first < 0) {
                    first = zero ? 1 : 0;
                }
                if ((first == 1) == zero && (zero || strides[i] == expected)) {
                    if (!zero) {
                        expected *= n;
                    }
                    block *= n;
                    continue;
                }
                second = 1 - first;
                expected = 1;
            }
            if ((second == 1) == zero && (zero || strides[i] == expected)) {
                if (!zero) {
                    expected *= n;
                }
                continue;
            }
            return -1;
        }
        int kind;
        if (second < 0) {
            kind = first == 1 ? SCALAR : FULL;
        } else {
            kind = first == 0 ? ROW : COLUMN;
        }
        return ((long) kind << 32) | block;
    }

    /** The kind of an encoded pattern. */
    public static int kind(long pattern) {
        return (int) (pattern >>> 32);
    }

    /** The row length of a {@link #ROW} or {@link #COLUMN} pattern. */
    public static int block(long pattern) {
        return (int) pattern;
    }
}
