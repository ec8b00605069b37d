package dev.landfall.cli;

import dev.landfall.Landfall;
import dev.landfall.data.Dataset;
import dev.landfall.data.Datasets;
import dev.landfall.data.Example;
import dev.landfall.data.augment.Augmentation;
import dev.landfall.data.transform.Pipeline;
import dev.landfall.data.transform.TextVectorization;
import dev.landfall.nn.Evaluation;
import dev.landfall.nn.FitOptions;
import dev.landfall.nn.History;
import dev.landfall.nn.Sequential;
import dev.landfall.nn.io.Fingerprints;
import dev.landfall.nn.io.ModelFile;
import dev.landfall.nn.io.SaveOptions;
import dev.landfall.nn.layers.Embedding;
import dev.landfall.nn.layers.Layer;
import dev.landfall.tensor.DType;
import dev.landfall.tensor.Tensor;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code landfall train}: read, split, preprocess, build, fit, evaluate on the test split, save. */
final class Training {
    private Training() {
    }

    /**
     * What a run produced.
     *
     * @param rawTest the test split before preprocessing (to check a reloaded model end to end)
     * @param testX the test split's model inputs
     */
    record Result(Sequential model, Pipeline pipeline, RawData rawTest, Tensor testX, Evaluation test, Path saved) {
    }

    /**
     * Runs a pipeline file.
     *
     * @param output where to save the model (null: the file's {@code output.model}, else NAME.landfall in the current folder)
     */
    static Result run(PipelineSpec spec, String stem, Path output, PrintStream out) {
        // fail fast, before reading data, on everything that does not depend on it
        ModelFactory.layers(spec.model());
        ModelFactory.compiled(spec.compile());
        // a model_checkpoint saves what the final model file holds, known once the pipeline is fitted
        java.util.concurrent.atomic.AtomicReference<SaveOptions> checkpointOptions =
                new java.util.concurrent.atomic.AtomicReference<>(SaveOptions.defaults());
        List<dev.landfall.nn.callbacks.Callback> callbacks = ModelFactory.callbacks(spec.fit(), checkpointOptions::get);
        Augmentation augmentation = Preprocessing.augmentation(spec);
        Path target = output != null ? output : Path.of(spec.output() != null ? spec.output() : stem + ".landfall");
        if (Files.isDirectory(target)) {
            throw new CliException(target + ": is a folder; give the model file's path (e.g. " + stem + ".landfall)");
        }
        if (spec.seed() != null) {
            Landfall.setSeed(spec.seed());
        }
        boolean classification = ModelFactory.isClassification(spec.compile());
        PipelineSpec.DataSpec d = spec.data();

        DataLoader.Loaded loaded = DataLoader.load(d, classification);
        out.println("Data: " + loaded.description());
        loaded.notes().forEach(out::println);
        Map<String, RawData> parts = split(loaded.data(), d, classification);
        if (loaded.ownTest() != null) {
            parts.put("test", loaded.ownTest());
        }
        StringBuilder sizes = new StringBuilder();
        parts.forEach((k, v) -> sizes.append(sizes.length() == 0 ? "" : ", ").append(k).append(' ').append(v.size()));
        out.println("Split" + (loaded.ownTest() != null ? " (test: the format's own test set)" : "")
                + (d.stratify() && classification ? ", stratified" : "") + ", seed " + d.splitSeed() + ": " + sizes);

        RawData train = parts.get("train");
        Pipeline pipeline = null;
        Map<String, Tensor> xs = new LinkedHashMap<>();
        if (train.table() != null) {
            List<String> notes = new ArrayList<>();
            pipeline = Preprocessing.pipeline(spec, train.table(), notes);
            try {
                pipeline.fit(train.table());
            } catch (RuntimeException e) {
                throw new CliException(spec.file() + ": preprocessing: " + e.getMessage(), e);
            }
            notes.forEach(out::println);
            out.println("Preprocessing fitted on the training split only: " + describe(pipeline));
            for (Map.Entry<String, RawData> p : parts.entrySet()) {
                xs.put(p.getKey(), pipeline.transform(p.getValue().table()));
            }
        } else {
            parts.forEach((k, v) -> xs.put(k, v.images()));
        }
        Tensor trainX = xs.get("train");
        int[] exampleShape = Arrays.copyOfRange(trainX.shape().toArray(), 1, trainX.rank());
        checkVocabulary(spec, pipeline);

        Sequential model = ModelFactory.sequential(spec.model(), exampleShape, trainX.dtype());
        ModelFactory.compile(model, spec.compile());
        out.print(model.summary());
        out.println();

        List<String> classes = train.classes();
        Tensor trainY = targets(train, spec.compile().loss(), classes.size());
        Dataset heldOut = null;
        if (spec.fit().validationSplit() > 0) {
            // Keras's validation_split: the last fraction of the training examples, taken here so that it
            // also works with augmentation (which only the kept part gets)
            int n = trainX.shape().dim(0);
            int keep = (int) Math.floor(n * (1 - spec.fit().validationSplit()));
            if (keep < 1 || keep == n) {
                throw spec.fit().node().get("validation_split").error("leaves " + keep + " of " + n
                        + " training examples for training");
            }
            heldOut = Datasets.fromTensors(rows(trainX, keep, n), rows(trainY, keep, n));
            trainX = rows(trainX, 0, keep);
            trainY = rows(trainY, 0, keep);
        }
        checkpointOptions.set(SaveOptions.defaults().pipeline(pipeline).labels(classes)
                .labelColumn(train.table() != null ? d.label() : null).fingerprint(Fingerprints.of(trainX, trainY)));
        Dataset trainSet = Datasets.fromTensors(trainX, trainY);
        if (augmentation != null) {
            trainSet = trainSet.augment(spec.seed() != null ? spec.seed() : d.splitSeed(), augmentation);
        }
        FitOptions fit = FitOptions.epochs(spec.fit().epochs()).batchSize(spec.fit().batchSize())
                .shuffle(spec.fit().shuffle()).callbacks(callbacks.toArray(dev.landfall.nn.callbacks.Callback[]::new))
                .verbosity(FitOptions.Verbosity.valueOf(spec.fit().verbose().toUpperCase(Locale.ROOT))).output(out);
        if (heldOut != null) {
            fit.validationData(heldOut);
        }
        if (spec.fit().validation() != null) {
            String v = spec.fit().validation();
            fit.validationData(Datasets.fromTensors(xs.get(v), targets(parts.get(v), spec.compile().loss(), classes.size())));
        }
        History history;
        Evaluation test;
        Tensor testY = targets(parts.get("test"), spec.compile().loss(), classes.size());
        try {
            history = model.fit(trainSet, fit);
            test = model.evaluate(Datasets.fromTensors(xs.get("test"), testY), spec.fit().batchSize());
        } catch (IllegalArgumentException e) {
            throw new CliException(spec.file() + ": the data does not fit the model: " + e.getMessage(), e);
        }
        printEvaluation(test, out);

        Map<String, Double> metrics = new LinkedHashMap<>();
        test.values().forEach((k, v) -> metrics.put("test_" + k, v));
        ModelFile.save(target, model, SaveOptions.defaults().pipeline(pipeline).labels(classes)
                .labelColumn(train.table() != null ? d.label() : null).metrics(metrics)
                .fingerprint(Fingerprints.of(trainX, trainY)).includeOptimizer(true).epoch(history.epochs().size()));
        out.println("Saved the model to " + target + " (" + kilobytes(target) + ")");
        return new Result(model, pipeline, parts.get("test"), xs.get("test"), test, target);
    }

    /** Rows [from, to) along axis 0. */
    private static Tensor rows(Tensor t, int from, int to) {
        int[] idx = new int[to - from];
        Arrays.setAll(idx, i -> from + i);
        return t.gather(0, Tensor.wrap(idx, idx.length));
    }

    /** The named parts of {@code data.split}, in the order train, validation, test. */
    private static Map<String, RawData> split(RawData all, PipelineSpec.DataSpec d, boolean classification) {
        Map<String, RawData> parts = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(d.split().keySet());
        if (names.size() == 1) {
            parts.put(names.get(0), all);
            return parts;
        }
        double[] fractions = names.stream().mapToDouble(n -> d.split().get(n)).toArray();
        int n = all.size();
        int[] ids = new int[n];
        Arrays.setAll(ids, i -> i);
        Tensor labels = classification ? all.classIds() : Tensor.wrap(new int[n], n);
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

    /** The target tensor a loss expects: [N, 1] floats for binary and regression, one-hot, or class ids. */
    static Tensor targets(RawData d, String loss, int classes) {
        int n = d.size();
        return switch (loss) {
            case "sparse_categorical_crossentropy" -> d.classIds();
            case "categorical_crossentropy" -> Tensor.oneHot(d.classIds(), classes).to(DType.FLOAT32);
            default -> {
                float[] y = new float[n];
                for (int i = 0; i < n; i++) {
                    y[i] = (float) d.targets()[i];
                }
                yield Tensor.wrap(y, n, 1);
            }
        };
    }

    /** An Embedding right after token ids must have room for the whole vocabulary. */
    private static void checkVocabulary(PipelineSpec spec, Pipeline pipeline) {
        if (pipeline == null || !(pipeline.steps().get(0).transform() instanceof TextVectorization tv)
                || tv.outputMode() != TextVectorization.OutputMode.INT) {
            return;
        }
        List<Layer> layers = ModelFactory.layers(spec.model());
        if (layers.get(0) instanceof Embedding) {
            int inputDim = ((Number) layers.get(0).getConfig().get("input_dim")).intValue();
            if (inputDim < tv.vocabulary().size()) {
                throw spec.model().layers().get(0).node().get("input_dim").error(inputDim + " is smaller than the "
                        + "vocabulary of " + tv.vocabulary().size() + " tokens; set it to at least the max_tokens of "
                        + "text_vectorization");
            }
        }
    }

    static void printEvaluation(Evaluation e, PrintStream out) {
        e.values().forEach((k, v) -> out.println("Test " + k + ": " + String.format(Locale.ROOT, "%.4f", v)));
    }

    static String describe(Pipeline p) {
        StringBuilder sb = new StringBuilder();
        for (Pipeline.Step s : p.steps()) {
            sb.append(sb.length() == 0 ? "" : "; ").append(s.transform().type()).append(" on ")
                    .append(s.columns().size() == 1 ? "'" + s.columns().get(0) + "'" : s.columns().size() + " columns");
        }
        return sb.append(" -> ").append(Arrays.toString(p.outputShape())).append(' ')
                .append(p.outputDType().displayName()).toString();
    }

    static String kilobytes(Path p) {
        try {
            return String.format(Locale.ROOT, "%.1f KB", Files.size(p) / 1024.0);
        } catch (java.io.IOException e) {
            return "size unknown";
        }
    }
}
