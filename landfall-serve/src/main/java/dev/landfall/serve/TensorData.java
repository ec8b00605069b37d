package dev.landfall.serve;

import java.util.List;

/**
 * One named input or output as a protocol carries it: a datatype of the Open Inference Protocol
 * ({@code FP32}, {@code INT64}, {@code BYTES} …), a shape, and the values, row-major — numbers as
 * doubles, or byte strings for {@code BYTES}.
 *
 * @param numbers the values of a numeric or BOOL tensor (1/0), or null
 * @param bytes the elements of a BYTES tensor, or null
 */
record TensorData(String name, String datatype, long[] shape, double[] numbers, List<byte[]> bytes) {
    static final List<String> NUMERIC = List.of("BOOL", "UINT8", "UINT16", "UINT32", "UINT64", "INT8", "INT16", "INT32",
            "INT64", "FP16", "FP32", "FP64");

    /** The element count the shape announces, refusing negative sizes and products beyond what a tensor holds. */
    static long count(String name, long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw ServeException.badRequest("input '" + name + "': shape " + java.util.Arrays.toString(shape)
                        + " has a negative size");
            }
            n = d == 0 ? 0 : n > (Integer.MAX_VALUE - 8L) / Math.max(1, d) ? -1 : n * d;
            if (n < 0) {
                throw ServeException.badRequest("input '" + name + "': shape " + java.util.Arrays.toString(shape)
                        + " has more elements than one tensor holds");
            }
        }
        return n;
    }

    int size() {
        return numbers != null ? numbers.length : bytes.size();
    }

    /** Rows: the first size, or 1 for a scalar. */
    int rows() {
        return shape.length == 0 ? 1 : (int) shape[0];
    }

    /** The shape without the batch size. */
    long[] perRow() {
        return shape.length == 0 ? new long[0] : java.util.Arrays.copyOfRange(shape, 1, shape.length);
    }

    boolean isBytes() {
        return "BYTES".equals(datatype);
    }
}
