package dev.landfall.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.landfall.data.DataFormatException;
import dev.landfall.data.catalog.FashionMnist;
import dev.landfall.data.io.CsvFile;
import dev.landfall.data.io.CsvOptions;
import dev.landfall.data.io.IdxReader;
import dev.landfall.data.io.ImageFolder;
import dev.landfall.data.io.SklearnCsv;
import dev.landfall.data.table.Column;
import dev.landfall.data.table.ColumnSpec;
import dev.landfall.data.table.ColumnType;
import dev.landfall.data.table.Table;
import dev.landfall.nn.io.LoadedModel;
import dev.landfall.tensor.DType;
import dev.landfall.tensor.Tensor;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the DATA of {@code evaluate} and {@code predict} in the raw form the model was trained on:
 * table rows go through the model file's fitted pipeline; images go to the model as they are.
 */
final class ModelData {
    static final List<String> FORMATS = List.of("auto", "csv", "sklearn-csv", "json", "idx", "fashion-mnist",
            "image-folder");
    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelData() {
    }

    /**
     * Raw examples (labels when {@code withLabels} and present) and the model inputs made from them.
     *
     * @param rows each example's 1-based position in the file (records skipped as empty leave gaps)
     */
    record Read(RawData raw, Tensor x, List<String> notes, int[] rows) {
    }

    static Read read(LoadedModel m, Path data, String format, Path labelsFile, boolean withLabels, boolean classification) {
        if (!Files.exists(data)) {
            throw new CliException(data + ": no such file or folder");
        }
        try {
            return m.pipeline() != null ? table(m, data, format, withLabels, classification)
                    : images(m, data, format, labelsFile, withLabels);
        } catch (DataFormatException | dev.landfall.data.catalog.DatasetNotFoundException e) {
            throw new CliException(e.getMessage(), e);
        }
    }

    private static Read table(LoadedModel m, Path data, String format, boolean withLabels, boolean classification) {
        String f = format.equals("auto") ? sniff(data) : format;
        List<String> notes = new ArrayList<>();
        List<Integer> kept = new ArrayList<>();
        Table t = switch (f) {
            case "sklearn-csv" -> {
                SklearnCsv.Data s = SklearnCsv.read(data);
                yield DataLoader.sklearnTable(s.features(), s.labels());
            }
            case "csv" -> {
                CsvOptions o = CsvOptions.defaults();
                for (ColumnSpec c : m.pipeline().rawSchema()) {
                    o = o.withType(c.name(), c.type());
                }
                yield CsvFile.read(data, o).table();
            }
            case "json" -> jsonRecords(m, data, withLabels, notes, kept);
            default -> throw new CliException(data.getFileName() + ": this model reads table rows (csv, sklearn-csv or "
                    + "json), not " + f);
        };
        for (ColumnSpec c : m.pipeline().rawSchema()) {
            if (!t.has(c.name())) {
                throw new CliException(data.getFileName() + ": column '" + c.name() + "' that the model needs is missing "
                        + "(columns: " + RawData.names(t.names()) + ")");
            }
        }
        double[] targets = null;
        List<String> classes = m.labels();
        String label = m.labelColumn();
        if (withLabels) {
            if (label == null || !t.has(label)) {
                throw new CliException(data.getFileName() + ": no label column '" + label + "' to evaluate against "
                        + "(columns: " + RawData.names(t.names()) + ")");
            }
            RawData.Labels l = RawData.labels(t.column(label), classes, classification, data.getFileName() + " column '"
                    + label + "'");
            targets = l.values();
        }
        Table features = t.selectColumns(m.pipeline().rawSchema().stream().map(ColumnSpec::name).toList());
        Tensor x;
        try {
            x = m.pipeline().transform(features);
        } catch (IllegalArgumentException e) {
            throw new CliException(data.getFileName() + ": " + e.getMessage(), e);
        }
        int[] rows = kept.isEmpty() ? count(t.rowCount()) : kept.stream().mapToInt(i -> i + 1).toArray();
        return new Read(new RawData(features, null, targets, classes), x, notes, rows);
    }

    /** A JSON array of records keyed by column name; records without any raw value are skipped. */
    private static Table jsonRecords(LoadedModel m, Path data, boolean withLabels, List<String> notes,
                                     List<Integer> keptIndex) {
        JsonNode root;
        try {
            root = JSON.readTree(data.toFile());
        } catch (IOException e) {
            throw new CliException(data.getFileName() + ": not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isArray()) {
            throw new CliException(data.getFileName() + ": expected a JSON array of records");
        }
        List<ColumnSpec> raw = m.pipeline().rawSchema();
        List<ColumnSpec> schema = new ArrayList<>(raw);
        String label = withLabels ? m.labelColumn() : null;
        if (label != null) {
            schema.add(new ColumnSpec(label, ColumnType.CATEGORICAL));
        }
        List<JsonNode> kept = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode r = root.get(i);
            // a record with no raw value at all (or no label to evaluate against) is skipped; a single
            // missing value goes to the pipeline as missing (an imputer may fill it)
            if (raw.stream().allMatch(c -> blank(r.path(c.name()))) || label != null && blank(r.path(label))) {
                continue;
            }
            kept.add(r);
            keptIndex.add(i);
        }
        if (kept.size() < root.size()) {
            notes.add("Skipped " + (root.size() - kept.size()) + " record(s) with no value for "
                    + schema.stream().map(ColumnSpec::name).toList());
        }
        List<Column> cols = new ArrayList<>();
        for (ColumnSpec c : schema) {
            boolean numeric = c.type() == ColumnType.NUMERIC
                    || kept.stream().allMatch(r -> r.path(c.name()).isNumber());
            if (numeric) {
                cols.add(Column.numeric(c.name(), kept.stream().mapToDouble(r -> r.path(c.name()).isNumber()
                        ? r.path(c.name()).asDouble() : Double.NaN).toArray()));
            } else {
                cols.add(Column.strings(c.name(), c.type() == ColumnType.NUMERIC ? ColumnType.TEXT : c.type(),
                        kept.stream().map(r -> blank(r.path(c.name())) ? null : r.path(c.name()).asText())
                                .toArray(String[]::new)));
            }
        }
        return Table.of(cols);
    }

    private static boolean blank(JsonNode v) {
        return v.isNull() || v.isMissingNode() || v.asText().isBlank();
    }

    /** sklearn-csv when the first line is "count,features,names…", json for .json, else csv. */
    private static String sniff(Path data) {
        String name = data.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (name.endsWith(".json")) {
            return "json";
        }
        try (BufferedReader r = Files.newBufferedReader(data)) {
            String first = r.readLine();
            String[] f = first == null ? new String[0] : first.split(",");
            return f.length >= 2 && f[0].strip().matches("\\d+") && f[1].strip().matches("\\d+") ? "sklearn-csv" : "csv";
        } catch (IOException e) {
            return "csv";
        }
    }

    private static Read images(LoadedModel m, Path data, String format, Path labelsFile, boolean withLabels) {
        int[] in = m.signature().inputs().get(0).shape();
        String f = format;
        if (f.equals("auto")) {
            f = Files.isDirectory(data) ? (FashionMnist.locate(data).isPresent() ? "fashion-mnist" : "image-folder") : "idx";
        }
        List<String> classes = m.labels();
        Tensor x;
        Tensor y = null;
        List<String> notes = new ArrayList<>();
        switch (f) {
            case "fashion-mnist" -> {
                FashionMnist.Data d = FashionMnist.load(data);
                x = DataLoader.channelsLast(d.testImages());
                y = d.testLabels();
                notes.add("Using the Fashion-MNIST test set (" + x.shape().dim(0) + " images)");
            }
            case "idx" -> {
                x = DataLoader.channelsLast(IdxReader.read(data, DType.FLOAT32));
                if (labelsFile != null) {
                    y = IdxReader.read(labelsFile, DType.INT32);
                }
            }
            case "image-folder" -> {
                if (in.length != 4) {
                    throw new CliException("the model takes inputs of shape " + java.util.Arrays.toString(in)
                            + ", not images");
                }
                ImageFolder.Data d = ImageFolder.read(data, in[1], in[2], in[3] == 1 ? ImageFolder.ColorMode.GRAYSCALE
                        : ImageFolder.ColorMode.RGB);
                x = d.images();
                y = d.labels();
                if (!d.classNames().equals(classes)) {
                    notes.add("Note: the folder's classes " + d.classNames() + " differ from the model's " + classes);
                }
            }
            default -> throw new CliException(data.getFileName() + ": this model reads images (idx, fashion-mnist or "
                    + "image-folder), not " + f);
        }
        if (withLabels && y == null) {
            throw new CliException(data.getFileName() + ": no labels to evaluate against; give the IDX labels file "
                    + "with --labels");
        }
        double[] t = null;
        if (withLabels) {
            int[] ys = y.toIntArray();
            t = new double[ys.length];
            for (int i = 0; i < ys.length; i++) {
                t[i] = ys[i];
            }
        }
        return new Read(new RawData(null, x, t, classes), x, notes, count(x.shape().dim(0)));
    }

    private static int[] count(int n) {
        int[] rows = new int[n];
        java.util.Arrays.setAll(rows, i -> i + 1);
        return rows;
    }
}
