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

    // One array holds the whole plan, so that planning allocates little (it runs once per operation):
    // p[0] = merged rank r, then r merged dims, then for each operand its r strides. The last merged
    // dim is the row; the others are outer dims.
    private final int[] p;
    private final int ops;
    private final int rank;
    private final int rows;

    private StridedLoop(int[] p, int ops) {
        this.p = p;
        this.ops = ops;
        this.rank = p[0];
        int r = 1;
        for (int d = 0; d < rank - 1; d++) {
            r *= p[1 + d];
        }
        this.rows = rank == 0 ? 1 : (p[rank] == 0 ? 0 : r);
    }

    /** Plans a walk over {@code shape} for operands with the given strides (one array per operand). */
    public static StridedLoop of(int[] shape, int[]... strides) {
        int ops = strides.length;
        int max = shape.length;
        int[] p = new int[1 + max + ops * max];
        // Drop size-1 dims (their strides never matter), then merge neighbours that every operand lays
        // out contiguously (the outer stride is the inner one times the inner size).
        int r = 0;
        boolean empty = false;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == 0) {
                empty = true;
            }
            if (shape[i] == 1) {
                continue;
            }
            if (r > 0 && mergeable(p, max, r - 1, i, strides, shape)) {
                for (int k = 0; k < ops; k++) {
                    p[1 + max + k * max + r - 1] = strides[k][i];
                }
                p[r] *= shape[i];
                continue;
            }
            p[1 + r] = shape[i];
            for (int k = 0; k < ops; k++) {
                p[1 + max + k * max + r] = strides[k][i];
            }
            r++;
        }
        if (empty) {
            r = 1;
            p[1] = 0;
        }
        p[0] = r;
        // compact the strides right after the r dims
        if (r < max) {
            for (int k = 0; k < ops; k++) {
                System.arraycopy(p, 1 + max + k * max, p, 1 + r + k * r, r);
            }
        }
        return new StridedLoop(p, ops);
    }

    private static boolean mergeable(int[] p, int max, int prev, int i, int[][] strides, int[] shape) {
        for (int k = 0; k < strides.length; k++) {
            // p holds the stride of the innermost original dim merged into `prev` so far
            if (p[1 + max + k * max + prev] != strides[k][i] * shape[i]) {
                return false;
            }
        }
        return true;
    }

    private int dim(int d) {
        return p[1 + d];
    }

    private int stride(int k, int d) {
        return p[1 + rank + k * rank + d];
    }

    /** Number of rows. */
    public int rows() {
        return rows;
    }

    /** Elements per row. */
    public int rowLength() {
        return rank == 0 ? 1 : dim(rank - 1);
    }

    /** The step between consecutive elements of a row for operand {@code k}. */
    public int innerStride(int k) {
        return rank == 0 ? 0 : stride(k, rank - 1);
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
        int grainRows = Math.max(1, grainElements / Math.max(1, rowLength()));
        if (rows <= grainRows) {
            forRows(0, rows, baseOffsets, body);
            return;
        }
        Parallel.forRange(rows, grainRows, (from, to) -> forRows(from, to, baseOffsets, body));
    }

    private void forRows(int from, int to, int[] base, RowBody body) {
        int outer = Math.max(0, rank - 1);
        int inner = rowLength();
        int[] offs = new int[ops + outer]; // operands' offsets, then the outer multi-index
        // position the multi-index at row `from`
        int rem = from;
        for (int d = outer - 1; d >= 0; d--) {
            offs[ops + d] = rem % dim(d);
            rem /= dim(d);
        }
        for (int k = 0; k < ops; k++) {
            int o = base[k];
            for (int d = 0; d < outer; d++) {
                o += offs[ops + d] * stride(k, d);
            }
            offs[k] = o;
        }
        for (int row = from; row < to; row++) {
            body.row(offs, inner);
            // advance the multi-index like an odometer
            for (int d = outer - 1; d >= 0; d--) {
                if (++offs[ops + d] < dim(d)) {
                    for (int k = 0; k < ops; k++) {
                        offs[k] += stride(k, d);
                    }
                    break;
                }
                offs[ops + d] = 0;
                for (int k = 0; k < ops; k++) {
                    offs[k] -= (dim(d) - 1) * stride(k, d);
                }
            }
        }
    }
}
