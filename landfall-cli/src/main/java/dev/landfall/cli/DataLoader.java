package dev.landfall.cli;

import dev.landfall.data.DataFormatException;
import dev.landfall.data.catalog.DatasetNotFoundException;
import dev.landfall.data.catalog.FashionMnist;
import dev.landfall.data.io.CsvFile;
import dev.landfall.data.io.CsvOptions;
import dev.landfall.data.io.IdxReader;
import dev.landfall.data.io.ImageFolder;
import dev.landfall.data.io.SklearnCsv;
import dev.landfall.data.io.TextData;
import dev.landfall.data.io.TextReader;
import dev.landfall.data.table.Column;
import dev.landfall.data.table.ColumnType;
import dev.landfall.data.table.Table;
import dev.landfall.tensor.DType;
import dev.landfall.tensor.Tensor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the {@code data} section of a pipeline file into {@link RawData}. */
final class DataLoader {
    private DataLoader() {
    }

    /**
     * What was read: all examples to split, the format's own test set if it has one, and a line
     * describing it.
     */
    record Loaded(RawData data, RawData ownTest, String description, List<String> notes) {
    }

    static Loaded load(PipelineSpec.DataSpec d, boolean classification) {
        try {
            return switch (d.format()) {
                case "csv" -> csv(d, classification);
                case "sklearn-csv" -> sklearn(d, classification);
                case "text-json" -> textJson(d, classification);
                case "fashion-mnist" -> fashionMnist(d);
                case "idx" -> idx(d);
                case "image-folder" -> imageFolder(d);
                default -> throw d.node().get("format").error("unsupported format " + d.format());
            };
        } catch (DataFormatException | DatasetNotFoundException e) {
            throw new CliException(e.getMessage(), e);
        }
    }

    private static Loaded csv(PipelineSpec.DataSpec d, boolean classification) {
        Path p = d.paths().get(0);
        Table t = CsvFile.read(p, CsvOptions.defaults().withDelimiter(d.delimiter())).table();
        Column label = labelColumn(d, t);
        RawData.Labels l = RawData.labels(label, d.classes(), classification, p.getFileName() + " column '"
                + d.label() + "'");
        Table features = t.dropColumns(d.label());
        return new Loaded(new RawData(features, null, l.values(), l.classes()), null,
                p.getFileName() + " (csv): " + t.rowCount() + " rows, " + features.names().size()
                        + " feature columns, label '" + d.label() + "'" + classesText(l.classes()), List.of());
    }

    /** The scikit-learn layout: features are named feature_0 … feature_{F-1}, the label 'target'. */
    private static Loaded sklearn(PipelineSpec.DataSpec d, boolean classification) {
        Path p = d.paths().get(0);
        SklearnCsv.Data s = SklearnCsv.read(p);
        Table t = sklearnTable(s.features(), s.labels());
        Column label = labelColumn(d, t);
        List<String> known = d.classes().isEmpty() ? s.classNames() : d.classes();
        RawData.Labels l = RawData.labels(label, known, classification, p.getFileName() + " column '" + d.label() + "'");
        Table features = t.dropColumns(d.label());
        return new Loaded(new RawData(features, null, l.values(), l.classes()), null,
                p.getFileName() + " (sklearn-csv): " + t.rowCount() + " rows, " + features.names().size()
                        + " features, label '" + d.label() + "'" + classesText(l.classes()), List.of());
    }

    /** Columns feature_0 … and, when labels are given, target. */
    static Table sklearnTable(Tensor x, Tensor y) {
        int n = x.shape().dim(0), f = x.shape().dim(1);
        float[] v = x.toFloatArray();
        List<Column> cols = new ArrayList<>();
        for (int j = 0; j < f; j++) {
            double[] c = new double[n];
            for (int i = 0; i < n; i++) {
                c[i] = v[i * f + j];
            }
            cols.add(Column.numeric("feature_" + j, c));
        }
        if (y != null) {
            int[] ys = y.toIntArray();
            double[] c = new double[n];
            for (int i = 0; i < n; i++) {
                c[i] = ys[i];
            }
            cols.add(Column.numeric("target", c));
        }
        return Table.of(cols);
    }

    private static Column labelColumn(PipelineSpec.DataSpec d, Table t) {
        if (!t.has(d.label())) {
            throw d.node().get("label").error("column '" + d.label() + "' not found (columns: " + RawData.names(t.names())
                    + ")");
        }
        return t.column(d.label());
    }

    private static Loaded textJson(PipelineSpec.DataSpec d, boolean classification) {
        TextData all = null;
        for (Path p : d.paths()) {
            TextData one = TextReader.fromJson(p, d.text(), d.label());
            all = all == null ? one : all.concat(one);
        }
        if (all.size() == 0) {
            throw d.node().get("path").error("no records with a '" + d.text() + "' and a '" + d.label() + "' field");
        }
        double[] y = new double[all.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = all.labels()[i];
        }
        Table t = Table.of(List.of(Column.strings(d.text(), ColumnType.TEXT, all.texts().toArray(String[]::new)),
                Column.numeric(d.label(), y)));
        RawData.Labels l = RawData.labels(t.column(d.label()), d.classes(), classification, "text-json '" + d.label() + "'");
        List<String> notes = all.skipped().isEmpty() ? List.of()
                : List.of("Skipped " + all.skipped().size() + " record(s) without text or label: " + all.skipped().get(0)
                + (all.skipped().size() > 1 ? " …" : ""));
        return new Loaded(new RawData(t.dropColumns(d.label()), null, l.values(), l.classes()), null,
                d.paths().size() + " JSON file(s) (text-json): " + all.size() + " texts in column '" + d.text()
                        + "', label '" + d.label() + "'" + classesText(l.classes()), notes);
    }

    private static Loaded fashionMnist(PipelineSpec.DataSpec d) {
        FashionMnist.Data f = FashionMnist.load(d.paths().get(0));
        List<String> classes = d.classes().isEmpty() ? FashionMnist.CLASS_NAMES : d.classes();
        RawData train = images(channelsLast(f.trainImages()), f.trainLabels(), classes);
        RawData test = images(channelsLast(f.testImages()), f.testLabels(), classes);
        return new Loaded(train, test, "Fashion-MNIST from " + d.paths().get(0) + ": " + train.size()
                + " training and " + test.size() + " test images of 28x28x1" + classesText(classes), List.of());
    }

    private static Loaded idx(PipelineSpec.DataSpec d) {
        Tensor x = channelsLast(IdxReader.read(d.paths().get(0), DType.FLOAT32));
        Tensor y = IdxReader.read(d.labels(), DType.INT32);
        if (y.rank() != 1 || y.shape().dim(0) != x.shape().dim(0)) {
            throw d.node().get("labels").error("expected " + x.shape().dim(0) + " labels, the file holds shape " + y.shape());
        }
        List<String> classes = d.classes().isEmpty() ? numbered(max(y) + 1) : d.classes();
        RawData r = images(x, y, classes);
        return new Loaded(r, null, d.paths().get(0).getFileName() + " (idx): " + r.size() + " images of "
                + x.shape().toString() + classesText(classes), List.of());
    }

    private static Loaded imageFolder(PipelineSpec.DataSpec d) {
        ImageFolder.Data f = ImageFolder.read(d.paths().get(0), d.imageSize()[0], d.imageSize()[1],
                d.colorMode().equals("rgb") ? ImageFolder.ColorMode.RGB : ImageFolder.ColorMode.GRAYSCALE);
        RawData r = images(f.images(), f.labels(), f.classNames());
        return new Loaded(r, null, d.paths().get(0) + " (image-folder): " + r.size() + " images"
                + classesText(f.classNames()), List.of());
    }

    /** Adds the channel axis to [N, H, W] grayscale images. */
    static Tensor channelsLast(Tensor images) {
        int[] s = images.shape().toArray();
        return s.length == 3 ? images.reshape(s[0], s[1], s[2], 1) : images;
    }

    private static RawData images(Tensor x, Tensor labels, List<String> classes) {
        int[] y = labels.toIntArray();
        double[] t = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            if (y[i] < 0 || y[i] >= classes.size()) {
                throw new CliException("label " + y[i] + " of image " + i + " is outside the " + classes.size()
                        + " classes " + classes);
            }
            t[i] = y[i];
        }
        return new RawData(null, x, t, classes);
    }

    private static int max(Tensor y) {
        int m = 0;
        for (int v : y.toIntArray()) {
            m = Math.max(m, v);
        }
        return m;
    }

    static List<String> numbered(int n) {
        List<String> out = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            out.add(String.valueOf(k));
        }
        return out;
    }

    private static String classesText(List<String> classes) {
        return classes.isEmpty() ? "" : " with " + classes.size() + " classes " + RawData.names(classes);
    }
}
