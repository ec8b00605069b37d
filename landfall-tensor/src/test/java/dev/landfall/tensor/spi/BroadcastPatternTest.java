package dev.landfall.tensor.spi;

import org.junit.jupiter.api.Test;

import static dev.landfall.tensor.spi.BroadcastPattern.COLUMN;
import static dev.landfall.tensor.spi.BroadcastPattern.FULL;
import static dev.landfall.tensor.spi.BroadcastPattern.ROW;
import static dev.landfall.tensor.spi.BroadcastPattern.SCALAR;
import static org.junit.jupiter.api.Assertions.assertEquals;

class BroadcastPatternTest {
    private static void expect(int kind, int block, int[] shape, int[] strides) {
        long p = BroadcastPattern.of(shape, strides);
        assertEquals(kind, BroadcastPattern.kind(p), "kind");
        assertEquals(block, BroadcastPattern.block(p), "block");
    }

    @Test
    void recognizesTheFourPatterns() {
        expect(FULL, 24, new int[] {2, 3, 4}, new int[] {12, 4, 1});
        expect(SCALAR, 24, new int[] {2, 3, 4}, new int[] {0, 0, 0});
        expect(ROW, 12, new int[] {2, 3, 4}, new int[] {0, 4, 1});       // a [3, 4] block over 2 rows
        expect(ROW, 4, new int[] {2, 3, 4}, new int[] {0, 0, 1});        // a bias [4]
        expect(COLUMN, 4, new int[] {2, 3, 4}, new int[] {3, 1, 0});     // [2, 3, 1] across 4
        expect(COLUMN, 12, new int[] {2, 3, 4}, new int[] {1, 0, 0});    // [2, 1, 1] across [3, 4]
    }

    @Test
    void sizeOneDimsNeverMatter() {
        expect(ROW, 4, new int[] {5, 1, 4}, new int[] {0, 99, 1});
        expect(FULL, 6, new int[] {1, 6, 1}, new int[] {7, 1, 3});
        expect(FULL, 1, new int[] {1, 1}, new int[] {0, 0});
    }

    @Test
    void rejectsEverythingElse() {
        assertEquals(-1, BroadcastPattern.of(new int[] {4, 5}, new int[] {1, 4}));        // transposed
        assertEquals(-1, BroadcastPattern.of(new int[] {3, 4}, new int[] {8, 2}));        // strided
        assertEquals(-1, BroadcastPattern.of(new int[] {2, 3, 4}, new int[] {4, 0, 1}));  // broadcast in the middle
        assertEquals(-1, BroadcastPattern.of(new int[] {2, 3, 4}, new int[] {0, 1, 0}));  // zero, contiguous, zero
    }
}
