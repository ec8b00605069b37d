package dev.landfall.pipeline;

import dev.landfall.data.DataFormatException;
import dev.landfall.data.Dataset;
import dev.landfall.data.Datasets;
import dev.landfall.data.Example;
import dev.landfall.data.catalog.DatasetNotFoundException;
import dev.landfall.data.clean.Cleaner;
import dev.landfall.data.format.Labels;
import dev.landfall.data.format.RawData;
import dev.landfall.data.format.ReadOptions;
import dev.landfall.data.io.ImageFolder;
import dev.landfall.data.table.Column;
import dev.landfall.data.table.ColumnType;
import dev.landfall.data.table.Table;
import dev.landfall.tensor.Tensor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the {@code data} section of a pipeline file through the format registry, cleans and splits it. */
final class DataReader {
    private DataReader() {
    }

    /** Labelled examples: the raw data and the label of each example as the model will learn it. */
    record Part(RawData raw, Labels labels) {
        int size() {
            return raw.size();
        }

        Part select(int[] positions) {
            return new Part(raw.select(positions), labels.select(positions));
        }
    }

    /**
     * What was read: every example to split, the format's own test set if it has one, a line
     * describing it, and notes (skipped records, cleaning).
     */
    record Loaded(Part data, Part ownTest, String description, List<String> notes) {
    }

    static ReadOptions options(PipelineSpec.DataSpec d) {
        ReadOptions o = ReadOptions.defaults().label(d.label()).delimiter(d.delimiter()).header(d.header())
                .names(d.names()).labelsFile(d.labels()).colorMode(d.colorMode().equals("rgb")
                        ? ImageFolder.ColorMode.RGB : ImageFolder.ColorMode.GRAYSCALE);
        if (d.text() != null) {
            o = o.fields(List.of(d.text())).type(d.text(), ColumnType.TEXT);
        }
        return d.imageSize() == null ? o : o.imageSize(d.imageSize()[0], d.imageSize()[1]);
    }

    static Loaded load(PipelineSpec.DataSpec d, PipelineSpec.CleaningSpec cleaning, boolean classification) {
        RawData all;
        try {
            all = null;
            for (Path p : d.paths()) {
                RawData one = d.format().read(p, options(d));
                if (d.paths().size() > 1) {
                    one = one.withNotes(one.notes().stream().map(n -> p.getFileName() + ": " + n).toList());
                }
                all = all == null ? one : all.concat(one);
            }
        } catch (DataFormatException | DatasetNotFoundException e) {
            throw new PipelineException(e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw d.node().get("path").error(e.getMessage());
        }
        if (!all.hasLabels()) {
            throw d.node().get("label").error("column '" + d.label() + "' not found (columns: "
                    + Table.listNames(all.table().names()) + ")");
        }
        List<String> notes = new ArrayList<>(all.notes());
        if (cleaning != null) {
            all = clean(all, PreprocessingBuilder.cleaner(cleaning), notes);
        }
        List<String> known = !d.classes().isEmpty() ? d.classes() : all.classNames();
        String where = (d.paths().size() == 1 ? d.paths().get(0).getFileName().toString() : d.paths().size() + " files")
                + " " + (all.isImages() ? "labels" : "column '" + d.label() + "'");
        Labels labels;
        try {
            labels = Labels.encode(all.labels(), known, classification, where);
        } catch (DataFormatException e) {
            throw new PipelineException(e.getMessage(), e);
        }
        Part ownTest = null;
        if (all.ownTest() != null) {
            RawData t = all.ownTest();
            try {
                ownTest = new Part(t, Labels.encode(t.labels(), labels.classes(), classification, where + " (test set)"));
            } catch (DataFormatException e) {
                throw new PipelineException(e.getMessage(), e);
            }
        }
        String description = d.paths().size() == 1 ? all.description() : d.paths().size() + " " + d.format().name()
                + " files (" + String.join(", ", d.paths().stream().map(p -> p.getFileName().toString()).toList())
                + "): " + all.size() + " examples, " + all.table().names().size() + " feature column(s), label '"
                + d.label() + "'";
        description += classesText(labels.classes());
        return new Loaded(new Part(all, labels), ownTest, description, notes);
    }

    /** Cleans the raw table (features and label together, so rows dropped lose their label too). */
    private static RawData clean(RawData d, Cleaner cleaner, List<String> notes) {
        String label = "__label__";
        List<Column> cols = new ArrayList<>(d.table().columns());
        Column l = d.labels();
        cols.add(l.isNumeric() ? Column.numeric(label, l.numbers()) : Column.strings(label, l.type(), l.strings()));
        Cleaner.Result r = cleaner.clean(Table.of(cols));
        Table t = r.table();
        Column cleanedLabel = t.column(label);
        Column restored = cleanedLabel.isNumeric() ? Column.numeric(l.name(), cleanedLabel.numbers())
                : Column.strings(l.name(), cleanedLabel.type(), cleanedLabel.strings());
        var rep = r.report();
        int imputed = rep.columns().stream().mapToInt(c -> c.imputed()).sum();
        int clipped = rep.columns().stream().mapToInt(c -> c.clipped()).sum();
        notes.add("Cleaning: " + rep.rowsIn() + " rows in, " + rep.rowsOut() + " out (" + rep.droppedMissing()
                + " dropped with missing values, " + rep.droppedDuplicates() + " duplicates); " + imputed
                + " values imputed, " + clipped + " clipped");
        return RawData.ofTable(t.dropColumns(label), restored, d.classNames(), d.description());
    }

    /** The named parts of {@code data.split}, in the order train, validation, test. */
    static Map<String, Part> split(Part all, PipelineSpec.DataSpec d, boolean classification) {
        Map<String, Part> parts = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(d.split().keySet());
        if (names.size() == 1) {
            parts.put(names.get(0), all);
            return parts;
        }
        double[] fractions = names.stream().mapToDouble(n -> d.split().get(n)).toArray();
        int n = all.size();
        int[] ids = new int[n];
        Arrays.setAll(ids, i -> i);
        Tensor labels = classification ? all.labels().classIds() : Tensor.wrap(new int[n], n);
        Dataset indexed = Datasets.fromTensors(Tensor.wrap(ids, n), labels);
        List<Dataset> split = d.stratify() && classification ? indexed.splitStratified(d.splitSeed(), fractions)
                : indexed.split(d.splitSeed(), fractions);
        for (int k = 0; k < names.size(); k++) {
            List<Integer> rows = new ArrayList<>();
            for (Example e : split.get(k)) {
                rows.add((int) e.features().single().item());
            }
            if (rows.isEmpty()) {
                throw d.node().get("split").error("the " + names.get(k) + " split of " + n + " examples is empty");
            }
            parts.put(names.get(k), all.select(rows.stream().mapToInt(Integer::intValue).toArray()));
        }
        return parts;
    }

    private static String classesText(List<String> classes) {
        return classes.isEmpty() ? "" : " with " + classes.size() + " classes " + Table.listNames(classes);
    }
}
