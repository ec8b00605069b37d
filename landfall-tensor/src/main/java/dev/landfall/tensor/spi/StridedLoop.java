package dev.landfall.tensor.spi;

/**
 * Walks several operands over one shape, each with its own strides, one innermost row at a time.
 * Adjacent dimensions that every operand lays out contiguously are merged first, so same-shape
 * contiguous operands become one long row. The row body sees each operand's offset of the row's first
 * element; the step between elements in a row is {@link #innerStride(int)}.
 *
 * <pre>{@code
 * StridedLoop loop = StridedLoop.of(shape, aStrides, outStrides);
 * loop.forEachRow(new int[] {aOff, 0}, (offs, len) -> { ...offs[0] with step loop.innerStride(0)... });
 * }</pre>
 */
public final class StridedLoop {
    /** One row: {@code offsets[k]} is operand k's first element; {@code length} elements follow. */
    @FunctionalInterface
    public interface RowBody {
        void row(int[] offsets, int length);
    }

    private final int[] outer;      // merged outer dims (all but the innermost)
    private final int[][] outerStrides;
    private final int inner;
    private final int[] innerStrides;
    private final int rows;

    private StridedLoop(int[] outer, int[][] outerStrides, int inner, int[] innerStrides) {
        this.outer = outer;
        this.outerStrides = outerStrides;
        this.inner = inner;
        this.innerStrides = innerStrides;
        int r = 1;
        for (int d : outer) {
            r *= d;
        }
        this.rows = inner == 0 ? 0 : r;
    }

    /** Plans a walk over {@code shape} for operands with the given strides (one array per operand). */
    public static StridedLoop of(int[] shape, int[]... strides) {
        int ops = strides.length;
        // Drop size-1 dims (their strides never matter), then merge mergeable neighbours.
        int[] dims = new int[shape.length];
        int[][] st = new int[ops][shape.length];
        int r = 0;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == 1) {
                continue;
            }
            if (r > 0 && mergeable(dims[r - 1], i, st, r - 1, strides, shape)) {
                for (int k = 0; k < ops; k++) {
                    st[k][r - 1] = strides[k][i];
                }
                dims[r - 1] *= shape[i];
                continue;
            }
            dims[r] = shape[i];
            for (int k = 0; k < ops; k++) {
                st[k][r] = strides[k][i];
            }
            r++;
        }
        if (r == 0) {
            int[][] none = new int[ops][0];
            return new StridedLoop(new int[0], none, shape.length > 0 && sizeOf(shape) == 0 ? 0 : 1, new int[ops]);
        }
        int[] outerDims = java.util.Arrays.copyOf(dims, r - 1);
        int[][] outerSt = new int[ops][];
        int[] innerSt = new int[ops];
        for (int k = 0; k < ops; k++) {
            outerSt[k] = java.util.Arrays.copyOf(st[k], r - 1);
            innerSt[k] = st[k][r - 1];
        }
        return new StridedLoop(outerDims, outerSt, dims[r - 1], innerSt);
    }

    private static boolean mergeable(int prevSize, int i, int[][] merged, int prevIndex, int[][] strides, int[] shape) {
        for (int k = 0; k < strides.length; k++) {
            // merged[k][prevIndex] is the stride of the innermost original dim merged so far
            if (merged[k][prevIndex] != strides[k][i] * shape[i]) {
                return false;
            }
        }
        return true;
    }

    private static int sizeOf(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /** Number of rows. */
    public int rows() {
        return rows;
    }

    /** Elements per row. */
    public int rowLength() {
        return inner;
    }

    /** The step between consecutive elements of a row for operand {@code k}. */
    public int innerStride(int k) {
        return innerStrides[k];
    }

    /** Visits every row in order on the calling thread. */
    public void forEachRow(int[] baseOffsets, RowBody body) {
        forRows(0, rows, baseOffsets, body);
    }

    /**
     * Visits rows on the kernel threads, {@code grainElements} elements or more per task. Each task
     * gets its own offsets array.
     */
    public void forEachRowParallel(int[] baseOffsets, int grainElements, RowBody body) {
        int grainRows = Math.max(1, grainElements / Math.max(1, inner));
        Parallel.forRange(rows, grainRows, (from, to) -> forRows(from, to, baseOffsets, body));
    }

    private void forRows(int from, int to, int[] base, RowBody body) {
        int ops = base.length;
        int[] offs = new int[ops];
        int[] idx = new int[outer.length];
        // position the multi-index at row `from`
        int rem = from;
        for (int d = outer.length - 1; d >= 0; d--) {
            idx[d] = rem % outer[d];
            rem /= outer[d];
        }
        for (int k = 0; k < ops; k++) {
            int o = base[k];
            for (int d = 0; d < outer.length; d++) {
                o += idx[d] * outerStrides[k][d];
            }
            offs[k] = o;
        }
        for (int row = from; row < to; row++) {
            body.row(offs, inner);
            // advance the multi-index like an odometer
            for (int d = outer.length - 1; d >= 0; d--) {
                if (++idx[d] < outer[d]) {
                    for (int k = 0; k < ops; k++) {
                        offs[k] += outerStrides[k][d];
                    }
                    break;
                }
                idx[d] = 0;
                for (int k = 0; k < ops; k++) {
                    offs[k] -= (outer[d] - 1) * outerStrides[k][d];
                }
            }
        }
    }
}
