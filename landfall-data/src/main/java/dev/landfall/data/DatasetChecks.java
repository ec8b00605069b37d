package dev.landfall.data;

/** Argument checks shared by the dataset combinators. */
final class DatasetChecks {
    private DatasetChecks() {
    }

    static void checkBatch(Dataset d, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("Received an invalid value for batch size, expected a positive integer. "
                    + "Received: n=" + n);
        }
        if (d.isBatched()) {
            throw new IllegalStateException("batch(" + n + "): this dataset is already batched; batch it once "
                    + "(or pass an unbatched dataset to fit and let batchSize batch it)");
        }
    }

    static long nonNegative(String op, long n) {
        if (n < 0) {
            throw new IllegalArgumentException(op + ": expected a non-negative count. Received: " + n);
        }
        return n;
    }

    static void checkUnbatched(Dataset d, String op) {
        if (d.isBatched()) {
            throw new IllegalStateException(op + " needs an unbatched dataset; call it before batch()");
        }
    }
}
