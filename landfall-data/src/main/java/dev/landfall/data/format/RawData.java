package dev.landfall.data.format;

import dev.landfall.data.table.Column;
import dev.landfall.data.table.Table;
import dev.landfall.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Examples as a {@link DataFormat} read them, before any preprocessing: a table of raw feature columns
 * (tabular data and text) or a batch of channels-last images, the raw label of each example when the
 * file has labels, and where each example was in the file.
 *
 * @param table the raw feature columns (the label column removed); null for images
 * @param images FLOAT32 {@code [N, H, W, C]}, pixel values as stored; null for tables
 * @param labels the raw label of each example (numbers or names), or null when the data has none
 * @param classNames class names the file itself declares (scikit-learn's first line, folder names,
 *     Fashion-MNIST's classes); empty when it declares none
 * @param rows each example's 1-based position in its file (records skipped as empty leave gaps)
 * @param notes what the reader skipped or noticed, one line each, for the user
 * @param description one line: the file, its format and its size
 * @param ownTest the format's own test set (Fashion-MNIST's 10,000 test images), or null
 */
public record RawData(Table table, Tensor images, Column labels, List<String> classNames, int[] rows,
                      List<String> notes, String description, RawData ownTest) {
    public RawData {
        if ((table == null) == (images == null)) {
            throw new IllegalArgumentException("RawData: expected either a table or images");
        }
        classNames = List.copyOf(classNames);
        notes = List.copyOf(notes);
        int n = table != null ? table.rowCount() : images.dim(0);
        if (labels != null && labels.size() != n) {
            throw new IllegalArgumentException("RawData: " + n + " examples but " + labels.size() + " labels");
        }
        if (rows.length != n) {
            throw new IllegalArgumentException("RawData: " + n + " examples but " + rows.length + " row numbers");
        }
    }

    /** A table read from a file, rows numbered 1…N. */
    public static RawData ofTable(Table table, Column labels, List<String> classNames, String description) {
        return new RawData(table, null, labels, classNames, count(table.rowCount()), List.of(), description, null);
    }

    /** Images, numbered 1…N; {@code labels} may be null. */
    public static RawData ofImages(Tensor images, Tensor labels, List<String> classNames, String description) {
        Column l = labels == null ? null : Column.numeric("label", toDoubles(labels.toIntArray()));
        return new RawData(null, images, l, classNames, count(images.dim(0)), List.of(), description, null);
    }

    /** The number of examples. */
    public int size() {
        return rows.length;
    }

    /** Whether these are images (else a table). */
    public boolean isImages() {
        return images != null;
    }

    /** Whether the data has a label per example. */
    public boolean hasLabels() {
        return labels != null;
    }

    /** The examples at these positions, in this order (notes and the own test set are not carried). */
    public RawData select(int[] positions) {
        int[] r = new int[positions.length];
        for (int i = 0; i < positions.length; i++) {
            r[i] = rows[positions[i]];
        }
        Column l = labels == null ? null : labels.select(positions);
        if (table != null) {
            return new RawData(table.selectRows(positions), null, l, classNames, r, List.of(), description, null);
        }
        return new RawData(null, images.gather(0, Tensor.wrap(positions.clone(), positions.length)), l, classNames, r,
                List.of(), description, null);
    }

    /** This data with other notes. */
    public RawData withNotes(List<String> n) {
        return new RawData(table, images, labels, classNames, rows, n, description, ownTest);
    }

    /** This data with another description. */
    public RawData withDescription(String d) {
        return new RawData(table, images, labels, classNames, rows, notes, d, ownTest);
    }

    /** This data with a test set of the format's own. */
    public RawData withOwnTest(RawData test) {
        return new RawData(table, images, labels, classNames, rows, notes, description, test);
    }

    /**
     * This table followed by {@code other}'s (several files of one format): columns must match by name;
     * row numbers stay those of each file; notes are joined.
     *
     * @throws IllegalArgumentException when the columns or the presence of labels differ
     */
    public RawData concat(RawData other) {
        if (table == null || other.table == null) {
            throw new IllegalArgumentException("RawData.concat: only tables can be joined");
        }
        if (!table.names().equals(other.table.names()) || hasLabels() != other.hasLabels()) {
            throw new IllegalArgumentException("RawData.concat: the files have different columns: " + table.names()
                    + " and " + other.table.names());
        }
        List<Column> cols = new ArrayList<>();
        for (String name : table.names()) {
            cols.add(Columns.concat(table.column(name), other.table.column(name)));
        }
        Column l = labels == null ? null : Columns.concat(labels, other.labels);
        int[] r = Arrays.copyOf(rows, rows.length + other.rows.length);
        System.arraycopy(other.rows, 0, r, rows.length, other.rows.length);
        List<String> n = new ArrayList<>(notes);
        n.addAll(other.notes);
        return new RawData(Table.of(cols), null, l, classNames, r, n, description, null);
    }

    static int[] count(int n) {
        int[] rows = new int[n];
        Arrays.setAll(rows, i -> i + 1);
        return rows;
    }

    static double[] toDoubles(int[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }
}
