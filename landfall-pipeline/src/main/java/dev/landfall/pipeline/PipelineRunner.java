package dev.landfall.pipeline;

import dev.landfall.Landfall;
import dev.landfall.compress.Distiller;
import dev.landfall.compress.PruneLowMagnitude;
import dev.landfall.data.Dataset;
import dev.landfall.data.Datasets;
import dev.landfall.data.Tensors;
import dev.landfall.data.augment.Augmentation;
import dev.landfall.data.format.Labels;
import dev.landfall.data.format.RawData;
import dev.landfall.data.table.Table;
import dev.landfall.data.transform.Pipeline;
import dev.landfall.data.transform.TextVectorization;
import dev.landfall.io.Progress;
import dev.landfall.nn.Evaluation;
import dev.landfall.nn.FitOptions;
import dev.landfall.nn.History;
import dev.landfall.nn.Model;
import dev.landfall.nn.callbacks.Callback;
import dev.landfall.nn.callbacks.ModelCheckpoint;
import dev.landfall.nn.callbacks.TerminateOnNaN;
import dev.landfall.nn.privacy.PrivacyException;
import dev.landfall.nn.io.Fingerprints;
import dev.landfall.nn.io.ModelFile;
import dev.landfall.nn.io.SaveOptions;
import dev.landfall.nn.layers.Embedding;
import dev.landfall.nn.layers.Layer;
import dev.landfall.nn.predict.Predictor;
import dev.landfall.nn.predict.Targets;
import dev.landfall.report.ReportCallback;
import dev.landfall.report.RunFolders;
import dev.landfall.report.RunReport;
import dev.landfall.report.tensorboard.TensorBoardCallback;
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
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a pipeline file: data → split → fitted preprocessing → model → fit → evaluation on the test
 * split → model file (with its pipeline, labels and test metrics). What {@code landfall train} runs,
 * and what any other front end (Spark training, a notebook) can run.
 *
 * <pre>{@code
 * PipelineSpec spec = PipelineSpec.read(Path.of("examples/quickstart.yaml"));
 * PipelineRunner.Result r = PipelineRunner.run(spec, PipelineRunner.Options.defaults().output(Path.of("m.landfall")));
 * r.test().get("accuracy");
 * }</pre>
 */
public final class PipelineRunner {
    private PipelineRunner() {
    }

    /**
     * How to run: where to save the model and where to print progress.
     *
     * @param output the model file to write; null: the file's {@code output.model}, else {@code stem.landfall}
     *     in the current folder
     * @param stem the pipeline file's name without {@code .yaml}
     * @param out where the run prints what it does (data, split, summary, epochs, test metrics)
     * @param report whether to write the run report the file's {@code fit.report} asks for
     * @param teacher a trained model to distill into the pipeline's model (the student), or null
     */
    public record Options(Path output, String stem, PrintStream out, boolean report, Teacher teacher) {
        public static Options defaults() {
            return new Options(null, "model", System.out, true, null);
        }

        public Options output(Path p) {
            return new Options(p, stem, out, report, teacher);
        }

        public Options stem(String s) {
            return new Options(output, s, out, report, teacher);
        }

        public Options out(PrintStream o) {
            return new Options(output, stem, o, report, teacher);
        }

        /** Whether to write the run report (true unless the file says {@code report: false}). */
        public Options report(boolean r) {
            return new Options(output, stem, out, r, teacher);
        }

        /** Trains the pipeline's model as the student of this teacher ({@code landfall distill}). */
        public Options teacher(Teacher t) {
            return new Options(output, stem, out, report, t);
        }
    }

    /**
     * The teacher of a distillation: a saved model whose inputs are the pipeline's (same preprocessing) and
     * whose classes are the pipeline's, with Keras's Distiller settings.
     */
    public record Teacher(dev.landfall.nn.io.LoadedModel model, String name, double temperature, double alpha) {
    }

    /**
     * What a run produced.
     *
     * @param rawTest the test split before preprocessing (to check a reloaded model end to end)
     * @param testX the test split's model inputs
     * @param report the run report's page, or null when none was written
     */
    public record Result(Model model, Map<String, Pipeline> pipelines, RawData rawTest, Tensors testX,
                         Evaluation test, History history, Path saved, Path report) {
    }

    /** Runs a pipeline file. @throws PipelineException naming the file and key path of what is wrong */
    public static Result run(PipelineSpec spec, Options options) {
        PrintStream out = options.out();
        // fail fast, before reading data, on everything that does not depend on it
        ModelBuilder.layers(spec.model());
        ModelBuilder.compiled(spec.compile());
        // a model_checkpoint saves what the final model file holds, known once the pipeline is fitted
        AtomicReference<SaveOptions> checkpointOptions = new AtomicReference<>(SaveOptions.defaults());
        List<Callback> callbacks = ModelBuilder.callbacks(spec.fit(), checkpointOptions::get);
        Augmentation augmentation = PreprocessingBuilder.augmentation(spec);
        Path target = options.output() != null ? options.output()
                : Path.of(spec.output() != null ? spec.output() : options.stem() + ".landfall");
        if (Files.isDirectory(target)) {
            throw new PipelineException(target + ": is a folder; give the model file's path (e.g. " + options.stem()
                    + ".landfall)");
        }
        if (spec.seed() != null) {
            Landfall.setSeed(spec.seed());
        }
        boolean classification = Targets.isClassification(spec.compile().loss());
        PipelineSpec.DataSpec d = spec.data();

        DataReader.Loaded loaded;
        try (Progress p = progress(spec, out, "Reading the data", -1, "")) {
            loaded = DataReader.load(d, spec.cleaning(), classification);
        }
        List<String> dataLines = new ArrayList<>();
        dataLines.add(loaded.description());
        out.println("Data: " + loaded.description());
        loaded.notes().forEach(out::println);
        dataLines.addAll(loaded.notes());
        Map<String, DataReader.Part> parts = DataReader.split(loaded.data(), d, classification);
        if (loaded.ownTest() != null) {
            parts.put("test", loaded.ownTest());
        }
        StringBuilder sizes = new StringBuilder();
        parts.forEach((k, v) -> sizes.append(sizes.length() == 0 ? "" : ", ").append(k).append(' ').append(v.size()));
        String split = "Split" + (loaded.ownTest() != null ? " (test: the format's own test set)" : "")
                + (d.stratify() && classification ? ", stratified" : "") + ", seed " + d.splitSeed() + ": " + sizes;
        out.println(split);
        dataLines.add(split);

        DataReader.Part train = parts.get("train");
        Map<String, Pipeline> pipelines = new LinkedHashMap<>();
        Map<String, Tensors> xs = new LinkedHashMap<>();
        if (!train.raw().isImages()) {
            List<String> notes = new ArrayList<>();
            pipelines = PreprocessingBuilder.pipelines(spec, train.raw().table(), notes);
            for (Pipeline p : pipelines.values()) {
                try {
                    p.fit(train.raw().table());
                } catch (RuntimeException e) {
                    throw new PipelineException(spec.file() + ": preprocessing: " + e.getMessage(), e);
                }
            }
            notes.forEach(out::println);
            out.println("Preprocessing fitted on the training split only: " + describe(pipelines));
            dataLines.addAll(notes);
            dataLines.add("Preprocessing fitted on the training split only: " + describe(pipelines));
            for (Map.Entry<String, DataReader.Part> p : parts.entrySet()) {
                xs.put(p.getKey(), transform(pipelines, p.getValue().raw().table()));
            }
        } else {
            parts.forEach((k, v) -> xs.put(k, Tensors.of(v.raw().images())));
        }
        Tensors trainX = xs.get("train");
        checkVocabulary(spec, pipelines);

        Model model = build(spec.model(), trainX);
        ModelBuilder.compile(model, spec.compile());
        out.print(model.summary());
        out.println();
        Model trained = model;
        if (options.teacher() != null) {
            trained = distiller(options.teacher(), model, pipelines, train.labels().classes(), spec, callbacks);
            ModelBuilder.compile(trained, spec.compile());
            out.println(String.format(Locale.ROOT, "Distilling from %s (T = %s, alpha = %s): %d parameters into %d",
                    options.teacher().name(), options.teacher().temperature(), options.teacher().alpha(),
                    options.teacher().model().model().countParams(), model.countParams()));
        }

        List<String> classes = train.labels().classes();
        Tensors trainY = targets(model, train.labels(), spec.compile().loss());
        Dataset heldOut = null;
        if (spec.fit().validationSplit() > 0) {
            // Keras's validation_split: the last fraction of the training examples, taken here so that it
            // also works with augmentation (which only the kept part gets)
            int n = train.size();
            int keep = (int) Math.floor(n * (1 - spec.fit().validationSplit()));
            if (keep < 1 || keep == n) {
                throw spec.fit().node().get("validation_split").error("leaves " + keep + " of " + n
                        + " training examples for training");
            }
            heldOut = Datasets.fromTensors(rows(trainX, keep, n), rows(trainY, keep, n), null);
            trainX = rows(trainX, 0, keep);
            trainY = rows(trainY, 0, keep);
        }
        String labelColumn = train.raw().isImages() ? null : d.label();
        String fingerprint = Fingerprints.of(all(trainX, trainY));
        checkpointOptions.set(saveOptions(pipelines, classes, labelColumn).fingerprint(fingerprint));
        Dataset trainSet = Datasets.fromTensors(trainX, trainY, null);
        if (augmentation != null) {
            trainSet = trainSet.augment(spec.seed() != null ? spec.seed() : d.splitSeed(), augmentation);
        }
        RunFolders runs = new RunFolders(target, options.stem());
        try {
            ReportCallback report = options.report() && spec.fit().report() != null
                    ? new ReportCallback(runs.of(spec.fit().report())).title(options.stem()).writeAtTrainEnd(false) : null;
            List<Callback> all = new ArrayList<>(callbacks);
            if (report != null) {
                all.add(report);
            }
            PipelineSpec.TensorBoardSpec tbSpec = spec.fit().tensorboard();
            TensorBoardCallback tb = null;
            if (tbSpec != null) {
                tb = new TensorBoardCallback(runs.of(tbSpec.logDir())).histogramFreq(tbSpec.histogramFreq())
                        .updateFreq(tbSpec.updateFreq());
                all.add(tb);
                out.println("TensorBoard logs: " + tb.logDir() + " (tensorboard --logdir " + tb.logDir().getParent() + ")");
            }
            FitOptions fit = FitOptions.epochs(spec.fit().epochs()).batchSize(spec.fit().batchSize())
                    .shuffle(spec.fit().shuffle()).callbacks(all.toArray(Callback[]::new))
                    .verbosity(FitOptions.Verbosity.valueOf(spec.fit().verbose().toUpperCase(Locale.ROOT))).output(out);
            Map<Integer, Double> weights = classWeights(spec.fit(), train.labels(), classification);
            if (!weights.isEmpty()) {
                fit.classWeight(weights);
            }
            if (heldOut != null) {
                fit.validationData(heldOut);
            }
            if (spec.privacy() != null) {
                fit.privacy(spec.privacy());
            }
            if (spec.fit().validation() != null) {
                String v = spec.fit().validation();
                fit.validationData(Datasets.fromTensors(xs.get(v), targets(model, parts.get(v).labels(),
                        spec.compile().loss()), null));
            }
            History history;
            Evaluation test;
            Tensors testY = targets(model, parts.get("test").labels(), spec.compile().loss());
            try {
                history = trained.fit(trainSet, fit);
                failIfDiverged(spec, callbacks, history, null, model, target);
                try (Progress p = progress(spec, out, "Evaluating the test split", parts.get("test").size(), "examples")) {
                    test = model.evaluate(Datasets.fromTensors(xs.get("test"), testY, null), spec.fit().batchSize(), p);
                }
            } catch (PrivacyException e) {
                throw new PipelineException(spec.file() + ": " + e.getMessage(), e);
            } catch (IllegalArgumentException e) {
                throw new PipelineException(spec.file() + ": the data does not fit the model: " + e.getMessage(), e);
            } finally {
                if (tb != null) {
                    tb.close(); // also when fit failed, which skips onTrainEnd
                }
            }
            if (tb != null && tb.failure() != null) {
                out.println(tb.failure());
            }
            for (Callback c : callbacks) {
                if (c instanceof PruneLowMagnitude) {
                    StringBuilder b = new StringBuilder("Sparsity after pruning:");
                    PruneLowMagnitude.sparsity(model).forEach((k, v) -> b.append(' ').append(k).append(' ')
                            .append(String.format(Locale.ROOT, "%.2f", v)));
                    out.println(b);
                }
            }
            printEvaluation(test, "Test", out);
            failIfDiverged(spec, callbacks, history, test, model, target);

            Map<String, Double> metrics = new LinkedHashMap<>();
            test.values().forEach((k, v) -> metrics.put("test_" + k, v));
            ModelFile.save(target, model, saveOptions(pipelines, classes, labelColumn).metrics(metrics)
                    .fingerprint(fingerprint).includeOptimizer(true).epoch(history.epochs().size()));
            out.println("Saved the model to " + target + " (" + kilobytes(target) + ")");
            Path page = report == null ? null : writeReport(report.report(), spec, target, dataLines, parts,
                    classification ? classes : null, test, xs.get("test"), out);
            return new Result(model, pipelines, parts.get("test").raw(), xs.get("test"), test, history, target, page);
        } catch (RuntimeException e) {
            runs.removeEmpty(); // a failed run leaves no empty run folder
            throw e;
        }
    }

    /**
     * Completes the run report (data, class balance, test metrics, the evaluation pages of the saved
     * model file) and writes it; returns its page, or null when it could not be written, which is said
     * in one line: the model is saved by then, so a report that fails (no fonts in a minimal JRE, a full
     * disk) does not fail the run.
     *
     * @param classes the class names of a classifier, null for regression
     */
    private static Path writeReport(RunReport r, PipelineSpec spec, Path target, List<String> dataLines,
                                    Map<String, DataReader.Part> parts, List<String> classes, Evaluation test,
                                    Tensors testX, PrintStream out) {
        DataReader.Part testPart = parts.get("test");
        r.note("Pipeline file: " + spec.file()).note("Model file: " + target).data(dataLines);
        if (classes != null) {
            Map<String, int[]> balance = new LinkedHashMap<>();
            parts.forEach((k, v) -> balance.put(k, counts(v.labels(), classes.size())));
            r.classBalance(balance, classes);
        }
        r.metrics("Test metrics", test.values());
        Path page;
        try (Progress p = progress(spec, out, "Writing the report", testPart.size(), "examples")) {
            // the saved file's predictor: the report shows what the model file does
            r.evaluation("Test split", Predictor.load(target), testX, testPart.labels(), testPart.raw(), p);
            page = r.write();
        } catch (RuntimeException | LinkageError | java.awt.AWTError e) {
            out.println("The run report was not written: " + e);
            return null;
        }
        out.println(r.describe(page));
        return page;
    }

    /**
     * The distiller of a student by a saved teacher, after checking that the teacher reads the student's
     * inputs (the same shapes and, for tables, the same fitted preprocessing) and predicts its classes.
     */
    private static Model distiller(Teacher t, Model student, Map<String, Pipeline> pipelines, List<String> classes,
                                   PipelineSpec spec, List<Callback> callbacks) {
        Model teacher = t.model().model();
        String why = null;
        if (teacher.inputs().size() != student.inputs().size()) {
            why = "it has " + teacher.inputs().size() + " inputs and the pipeline's model " + student.inputs().size();
        } else {
            for (int i = 0; i < teacher.inputs().size(); i++) {
                if (!teacher.inputs().get(i).shape().equals(student.inputs().get(i).shape())) {
                    why = "it takes examples of shape " + teacher.inputs().get(i).shape() + " and the pipeline makes "
                            + student.inputs().get(i).shape();
                }
            }
        }
        if (why == null && !t.model().pipelines().isEmpty()) {
            for (Map.Entry<String, Pipeline> e : pipelines.entrySet()) {
                Pipeline theirs = t.model().pipelines().size() == 1 ? t.model().pipeline()
                        : t.model().pipelines().get(e.getKey());
                if (theirs == null || !theirs.toJson().equals(e.getValue().toJson())) {
                    why = "its saved preprocessing differs from the one this pipeline fitted (train the teacher with "
                            + "the same data, split and preprocessing)";
                }
            }
        }
        if (why == null && !t.model().labels().isEmpty() && !t.model().labels().equals(classes)) {
            why = "it predicts the classes " + t.model().labels() + ", the pipeline " + classes;
        }
        if (why == null && callbacks.stream().anyMatch(c -> c instanceof ModelCheckpoint)) {
            why = "model_checkpoint is not supported while distilling (the student is saved at the end)";
        }
        if (why != null) {
            throw new PipelineException(spec.file() + ": cannot distill from " + t.name() + ": " + why);
        }
        try {
            return new Distiller(teacher, student).temperature(t.temperature()).alpha(t.alpha());
        } catch (IllegalArgumentException e) {
            throw new PipelineException(spec.file() + ": cannot distill from " + t.name() + ": " + e.getMessage(), e);
        }
    }

    /** Progress of work outside the epochs, shown as the file's {@code fit.verbose} shows epochs. */
    private static Progress progress(PipelineSpec spec, PrintStream out, String what, long total, String unit) {
        return switch (spec.fit().verbose()) {
            case "silent" -> Progress.NONE;
            case "bar" -> Progress.start(out, what, total, unit, true);
            case "line" -> Progress.start(out, what, total, unit, false);
            default -> Progress.start(out, what, total, unit, Progress.terminal());
        };
    }

    /** Examples per class id. */
    private static int[] counts(Labels labels, int classes) {
        int[] c = new int[classes];
        for (double v : labels.values()) {
            if (v >= 0 && v < classes) {
                c[(int) v]++;
            }
        }
        return c;
    }

    /**
     * A diverged run is a failed run: TerminateOnNaN stopped it, the last epoch's loss, the test loss or
     * a weight is not finite. The output model is then not written (an existing file keeps its bytes).
     */
    private static void failIfDiverged(PipelineSpec spec, List<Callback> callbacks, History history, Evaluation test,
                                       Model model, Path target) {
        String why = null;
        for (Callback c : callbacks) {
            if (c instanceof TerminateOnNaN t && t.message() != null) {
                why = t.message().replaceFirst("^TerminateOnNaN: ", "");
            }
        }
        if (why == null && !history.epochs().isEmpty() && !Double.isFinite(history.last("loss"))) {
            why = "the loss is " + history.last("loss") + " after epoch " + history.epochs().size();
        }
        if (why == null && test != null && !Double.isFinite(test.loss())) {
            why = "the test loss is " + test.loss();
        }
        String weight = why == null && test != null ? ModelFile.nonFiniteWeight(model) : null;
        if (weight != null) {
            why = "the weight " + weight + " holds NaN or infinite values";
        }
        if (why == null) {
            return;
        }
        StringBuilder m = new StringBuilder(spec.file() + ": training diverged (" + why + "); the model was not saved");
        m.append(Files.exists(target) ? " and " + target + " is unchanged" : " to " + target);
        for (Callback c : callbacks) {
            if (c instanceof ModelCheckpoint k && k.lastSavedEpoch() > 0) {
                m.append("; the last good checkpoint is ").append(k.path()).append(" (epoch ").append(k.lastSavedEpoch())
                        .append(')');
            }
        }
        throw new PipelineException(m.append(". Lower the learning rate, scale the inputs, or clip gradients "
                + "(clipnorm)").toString());
    }

    private static SaveOptions saveOptions(Map<String, Pipeline> pipelines, List<String> classes, String labelColumn) {
        SaveOptions s = SaveOptions.defaults().labels(classes).labelColumn(labelColumn);
        return pipelines.isEmpty() ? s : s.pipelines(pipelines);
    }

    /** Each model input's features from a raw table. */
    static Tensors transform(Map<String, Pipeline> pipelines, Table t) {
        if (pipelines.size() == 1) {
            return Tensors.of(pipelines.values().iterator().next().transform(t));
        }
        Map<String, Tensor> named = new LinkedHashMap<>();
        pipelines.forEach((k, p) -> named.put(k, p.transform(t)));
        return Tensors.of(named);
    }

    private static Model build(PipelineSpec.ModelSpec m, Tensors x) {
        if (!m.isFunctional()) {
            Tensor t = x.single();
            return ModelBuilder.sequential(m, Arrays.copyOfRange(t.shape().toArray(), 1, t.rank()), t.dtype());
        }
        Map<String, int[]> shapes = new LinkedHashMap<>();
        Map<String, DType> dtypes = new LinkedHashMap<>();
        for (String in : m.inputs()) {
            Tensor t = x.isSingle() ? x.single() : x.named().get(in);
            shapes.put(in, Arrays.copyOfRange(t.shape().toArray(), 1, t.rank()));
            dtypes.put(in, t.dtype());
        }
        return ModelBuilder.functional(m, shapes, dtypes);
    }

    /** The targets for every output of the model (the same labels for each, as Keras takes one y per output). */
    private static Tensors targets(Model model, Labels labels, String loss) {
        Tensor y = Targets.forLoss(labels, loss);
        if (model.outputNames().size() == 1) {
            return Tensors.of(y);
        }
        Map<String, Tensor> named = new LinkedHashMap<>();
        model.outputNames().forEach(o -> named.put(o, y));
        return Tensors.of(named);
    }

    /**
     * {@code fit.class_weight} as weights by class id: given by class name or id, or
     * {@code balanced} (scikit-learn's {@code n_samples / (n_classes * count)}).
     */
    private static Map<Integer, Double> classWeights(PipelineSpec.FitSpec f, Labels train, boolean classification) {
        Map<Integer, Double> out = new LinkedHashMap<>();
        if (f.classWeight().isEmpty() && !f.balancedClassWeight()) {
            return out;
        }
        if (!classification) {
            throw f.node().get("class_weight").error("class weights need a classification loss (a cross-entropy)");
        }
        List<String> classes = train.classes();
        if (f.balancedClassWeight()) {
            int[] counts = new int[classes.size()];
            for (double v : train.values()) {
                counts[(int) v]++;
            }
            for (int c = 0; c < counts.length; c++) {
                if (counts[c] > 0) {
                    out.put(c, (double) train.size() / (classes.size() * counts[c]));
                }
            }
            return out;
        }
        for (Map.Entry<String, Double> e : f.classWeight().entrySet()) {
            int id = classes.indexOf(e.getKey());
            if (id < 0 && e.getKey().matches("\\d+") && Integer.parseInt(e.getKey()) < classes.size()) {
                id = Integer.parseInt(e.getKey());
            }
            if (id < 0) {
                throw f.node().get("class_weight").get(e.getKey()).error("no class '" + e.getKey() + "' (classes: "
                        + String.join(", ", classes) + ")");
            }
            out.put(id, e.getValue());
        }
        return out;
    }

    /** Rows [from, to) along axis 0 of every tensor. */
    private static Tensors rows(Tensors t, int from, int to) {
        int[] idx = new int[to - from];
        Arrays.setAll(idx, i -> from + i);
        Tensor index = Tensor.wrap(idx, idx.length);
        if (t.isSingle()) {
            return Tensors.of(t.single().gather(0, index));
        }
        Map<String, Tensor> named = new LinkedHashMap<>();
        t.named().forEach((k, v) -> named.put(k, v.gather(0, index)));
        return Tensors.of(named);
    }

    private static Tensor[] all(Tensors x, Tensors y) {
        List<Tensor> ts = new ArrayList<>(x.named().values());
        ts.add(y.named().values().iterator().next());
        return ts.toArray(Tensor[]::new);
    }

    /** An Embedding right after token ids must have room for the whole vocabulary. */
    private static void checkVocabulary(PipelineSpec spec, Map<String, Pipeline> pipelines) {
        if (spec.model().isFunctional() || pipelines.size() != 1) {
            return;
        }
        Pipeline pipeline = pipelines.values().iterator().next();
        if (!(pipeline.steps().get(0).transform() instanceof TextVectorization tv)
                || tv.outputMode() != TextVectorization.OutputMode.INT) {
            return;
        }
        List<Layer> layers = ModelBuilder.layers(spec.model());
        if (layers.get(0) instanceof Embedding) {
            int inputDim = ((Number) layers.get(0).getConfig().get("input_dim")).intValue();
            if (inputDim < tv.vocabulary().size()) {
                throw spec.model().layers().get(0).entry().node().get("input_dim").error(inputDim + " is smaller than "
                        + "the vocabulary of " + tv.vocabulary().size() + " tokens; set it to at least the max_tokens of "
                        + "text_vectorization");
            }
        }
    }

    /** Prints {@code <what> loss: 0.1234} and each metric, four decimals ({@code loss: 0.1234} when {@code what} is empty). */
    public static void printEvaluation(Evaluation e, String what, PrintStream out) {
        String prefix = what.isEmpty() ? "" : what + " ";
        e.values().forEach((k, v) -> out.println(prefix + k + ": " + String.format(Locale.ROOT, "%.4f", v)));
    }

    /** A pipeline in one line: each step and its columns, then the output shape and dtype. */
    public static String describe(Pipeline p) {
        StringBuilder sb = new StringBuilder();
        for (Pipeline.Step s : p.steps()) {
            sb.append(sb.length() == 0 ? "" : "; ").append(s.transform().type()).append(" on ")
                    .append(s.columns().size() == 1 ? "'" + s.columns().get(0) + "'" : s.columns().size() + " columns");
        }
        return sb.append(" -> ").append(Arrays.toString(p.outputShape())).append(' ')
                .append(p.outputDType().displayName()).toString();
    }

    /** Several inputs' pipelines: {@code name: …} each, or just the one. */
    public static String describe(Map<String, Pipeline> pipelines) {
        if (pipelines.size() == 1) {
            return describe(pipelines.values().iterator().next());
        }
        StringBuilder sb = new StringBuilder();
        pipelines.forEach((k, p) -> sb.append(sb.length() == 0 ? "" : " | ").append(k).append(": ").append(describe(p)));
        return sb.toString();
    }

    static String kilobytes(Path p) {
        try {
            return String.format(Locale.ROOT, "%.1f KB", Files.size(p) / 1024.0);
        } catch (java.io.IOException e) {
            return "size unknown";
        }
    }
}
