package dev.landfall.data.io;

import dev.landfall.data.DataFormatException;
import dev.landfall.data.Dataset;
import dev.landfall.data.Example;
import dev.landfall.data.Tensors;
import dev.landfall.data.ValueKind;
import dev.landfall.data.io.CsvOptions.BadRows;
import dev.landfall.data.table.ColumnType;
import dev.landfall.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A numeric CSV file streamed row by row (never held in memory): features {@code [F]} FLOAT32 and,
 * with a label column, a FLOAT32 scalar target. {@link #batch(int, boolean)} fills {@code [B, F]}
 * arrays straight from the parser. Column types come from the first rows at construction.
 */
public final class CsvDataset implements Dataset {
    private final Path path;
    private final CsvOptions options;
    private final String label;
    private final int batchSize;
    private final boolean dropRemainder;
    private final String[] names;
    private final int labelIndex;
    private final int[] featureIdx;
    private final AtomicLong lastPassSkipped = new AtomicLong();

    CsvDataset(Path path, CsvOptions options, String label, int batchSize, boolean dropRemainder) {
        this.path = path;
        this.options = options;
        this.label = label;
        this.batchSize = batchSize;
        this.dropRemainder = dropRemainder;
        List<String[]> sample = new ArrayList<>();
        String[] header;
        try (CsvRows rows = new CsvRows(path, options.delimiter())) {
            header = CsvFile.header(rows, options);
            while (sample.size() < options.inferRows() && rows.hasNext()) {
                RawRow r = rows.next();
                if (header == null) {
                    header = CsvFile.columnNames(rows.fileName(), r, options);
                }
                if (r.count == header.length) {
                    String[] f = new String[r.count];
                    for (int i = 0; i < r.count; i++) {
                        f[i] = options.isMissing(r, i) ? null : r.text(i);
                    }
                    sample.add(f);
                }
            }
        }
        this.names = header == null ? new String[0] : header;
        ColumnType[] types = CsvFile.infer(names, sample, options);
        this.labelIndex = label == null ? -1 : Arrays.asList(names).indexOf(label);
        if (label != null && labelIndex < 0) {
            throw new IllegalArgumentException(path.getFileName() + ": no column named \"" + label
                    + "\"; the columns are " + Arrays.toString(names));
        }
        List<Integer> feats = new ArrayList<>();
        for (int j = 0; j < names.length; j++) {
            if (types[j] != ColumnType.NUMERIC) {
                throw new IllegalArgumentException(path.getFileName() + ": column \"" + names[j] + "\" is "
                        + types[j].jsonName() + "; a streamed CSV must be numeric (read it with CsvFile.read and "
                        + "encode it with a Pipeline)");
            }
            if (j != labelIndex) {
                feats.add(j);
            }
        }
        this.featureIdx = feats.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The column names. */
    public List<String> columnNames() {
        return List.of(names);
    }

    /** The number of feature columns. */
    public int featureCount() {
        return featureIdx.length;
    }

    /**
     * Rows skipped as bad ({@link BadRows#SKIP}) by the most recently ended pass; a pass's own count is
     * {@link Pass#skippedRows()}, which concurrent passes do not disturb.
     */
    public long skippedRows() {
        return lastPassSkipped.get();
    }

    /** A fresh pass; it closes its file at the end, on an error, or when closed. */
    @Override
    public Pass iterator(int epoch) {
        return new Pass();
    }

    /**
     * One pass over the file. It holds the file open until it reaches the end, fails, or is closed
     * ({@link dev.landfall.data.Datasets#close}); it counts its own skipped rows.
     */
    public final class Pass implements Iterator<Example>, AutoCloseable {
        private final CsvRows rows;
        private final String file;
        private Example next;
        private boolean ended;
        private long skipped;

        private Pass() {
            rows = new CsvRows(path, options.delimiter());
            try {
                if (options.header()) {
                    CsvFile.header(rows, options);
                }
            } catch (RuntimeException e) {
                rows.close();
                throw e;
            }
            file = rows.fileName();
        }

        /** Rows this pass has skipped as bad so far. */
        public long skippedRows() {
            return skipped;
        }

        @Override
        public boolean hasNext() {
            if (next == null && !ended) {
                try {
                    next = read();
                } catch (RuntimeException | Error e) {
                    close();
                    throw e;
                }
            }
            return next != null;
        }

        @Override
        public Example next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Example e = next;
            next = null;
            return e;
        }

        /** Closes the file and publishes this pass's skip count; idempotent. */
        @Override
        public void close() {
            next = null;
            if (!ended) {
                ended = true;
                rows.close();
                lastPassSkipped.set(skipped);
            }
        }

        /** The next example or batch, or null at the end of the file. */
        private Example read() {
            int f = featureIdx.length;
            int b = Math.max(1, batchSize);
            float[] x = new float[b * f];
            float[] y = labelIndex >= 0 ? new float[b] : null;
            int n = 0;
            while (n < b && rows.hasNext()) {
                if (parse(rows.next(), x, y, n)) {
                    n++;
                }
            }
            if (n < b) {
                close();
                if (n == 0 || (batchSize > 0 && dropRemainder)) {
                    return null;
                }
                x = Arrays.copyOf(x, n * f);
                y = y == null ? null : Arrays.copyOf(y, n);
            }
            Tensor xt = batchSize > 0 ? Tensor.wrap(x, n, f) : Tensor.wrap(x, f);
            Tensor yt = y == null ? null : batchSize > 0 ? Tensor.wrap(y, n) : Tensor.wrap(y).reshape();
            return new Example(Tensors.of(xt), yt == null ? null : Tensors.of(yt), null);
        }

        /** Parses one row into row {@code n} of the buffers; false when the row was skipped. */
        private boolean parse(RawRow r, float[] x, float[] y, int n) {
            if (r.count != names.length) {
                return bad(CsvFile.fieldCount(file, r, names.length));
            }
            int f = featureIdx.length;
            for (int k = 0; k < f; k++) {
                int j = featureIdx[k];
                double v;
                if (options.isMissing(r, j)) {
                    v = Double.NaN;
                } else {
                    try {
                        v = r.number(j);
                    } catch (NumberFormatException e) {
                        return bad(new DataFormatException(file, r.line, j + 1, names[j], "expected a number, found "
                                + ValueKind.NOT_A_NUMBER));
                    }
                }
                x[n * f + k] = (float) v;
            }
            if (y != null) {
                try {
                    y[n] = options.isMissing(r, labelIndex) ? Float.NaN : (float) r.number(labelIndex);
                } catch (NumberFormatException e) {
                    return bad(new DataFormatException(file, r.line, labelIndex + 1, label,
                            "expected a number, found " + ValueKind.NOT_A_NUMBER));
                }
            }
            return true;
        }

        private boolean bad(DataFormatException e) {
            if (options.badRows() == BadRows.ERROR) {
                throw e;
            }
            skipped++;
            return false;
        }
    }

    @Override
    public long cardinality() {
        return -1;
    }

    @Override
    public boolean isBatched() {
        return batchSize > 0;
    }

    @Override
    public boolean isInMemory() {
        return false;
    }

    /** Batches straight from the parser (no per-row tensors). */
    @Override
    public Dataset batch(int n, boolean drop) {
        if (n < 1 || batchSize > 0) {
            return Dataset.super.batch(n, drop);
        }
        return new CsvDataset(path, options, label, n, drop);
    }
}
