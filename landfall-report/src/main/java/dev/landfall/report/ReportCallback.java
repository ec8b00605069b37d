package dev.landfall.report;

import dev.landfall.data.Datasets;
import dev.landfall.data.Tensors;
import dev.landfall.data.format.Labels;
import dev.landfall.nn.Evaluation;
import dev.landfall.nn.callbacks.Callback;
import dev.landfall.nn.predict.Predictor;
import dev.landfall.tensor.DType;
import dev.landfall.tensor.Tensor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a run report when {@code fit} ends: the curves of every epoch, the learning rate, the model
 * summary, and, when test data are given, the test metrics and the evaluation pages.
 *
 * <pre>{@code
 * ReportCallback report = new ReportCallback(Path.of("runs/mnist")).testData(xTest, yTest, classNames);
 * model.fit(x, y, FitOptions.epochs(10).callbacks(report));
 * report.page();   // runs/mnist/report.html
 * }</pre>
 */
public final class ReportCallback extends Callback {
    private final Path folder;
    private final Map<String, List<Double>> history = new LinkedHashMap<>();
    private final List<Double> learningRates = new ArrayList<>();
    private String title;
    private Tensor testX;
    private Tensor testY;
    private List<String> classes = List.of();
    private boolean writeAtEnd = true;
    private Path page;

    /** Reports into {@code folder} (created when written). */
    public ReportCallback(Path folder) {
        this.folder = folder;
        this.title = folder.getFileName() == null ? "Landfall run" : folder.getFileName().toString();
    }

    public ReportCallback title(String t) {
        this.title = t;
        return this;
    }

    /**
     * Test data to evaluate on when training ends.
     *
     * @param y class ids (or regression targets)
     * @param classNames the names of the classes in id order; empty for regression
     */
    public ReportCallback testData(Tensor x, Tensor y, List<String> classNames) {
        this.testX = x;
        this.testY = y;
        this.classes = List.copyOf(classNames);
        return this;
    }

    /** Whether to write the report when {@code fit} ends (true); false when the caller adds pages and writes it. */
    public ReportCallback writeAtTrainEnd(boolean w) {
        this.writeAtEnd = w;
        return this;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        logs.forEach((k, v) -> history.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
        if (model != null && model.optimizer() != null) {
            learningRates.add(model.optimizer().currentLearningRate());
        }
    }

    @Override
    public void onTrainEnd(Map<String, Double> logs) {
        if (!writeAtEnd) {
            return;
        }
        RunReport r = report();
        if (testX != null) {
            Evaluation e = model.evaluate(Datasets.fromTensors(testX, testY));
            r.metrics("Test metrics", e.values());
            Predictor p = RunReport.named(Predictor.of(model, classes), Tensors.of(model.predict(testX.slice(0, 0, 1))));
            // one-hot rows (categorical_crossentropy) become class ids
            List<String> names = p.labels();
            Tensor ids = names.size() > 1 && testY.rank() == 2 && testY.dim(1) == names.size() ? testY.argmax(-1)
                    : testY;
            Labels labels = new Labels(ids.to(DType.FLOAT64).reshape(-1).toDoubleArray(), names);
            r.outcomes("Test data", Outcomes.of(p.predictTensor(testX), labels), testX.rank() == 4 ? testX : null, null);
        }
        page = r.write();
    }

    /** A report holding what training showed: curves, learning rates and the model summary. */
    public RunReport report() {
        RunReport r = RunReport.in(folder).title(title).training(history, learningRates);
        if (model != null) {
            r.summary(model.summary());
        }
        return r;
    }

    /** The learning rate at the end of each epoch so far. */
    public List<Double> learningRates() {
        return List.copyOf(learningRates);
    }

    /** The page written at the end of training, or null. */
    public Path page() {
        return page;
    }
}
