package dev.landfall.nn.io;

import dev.landfall.data.transform.Pipeline;

import java.util.List;
import java.util.Map;

/** What goes into a model file besides the model: preprocessing, labels, metrics, provenance, optimizer state. */
public final class SaveOptions {
    /** The fitted preprocessing of each model input, by input name (one entry for a single-input model). */
    Map<String, Pipeline> pipelines = Map.of();
    List<String> labels = List.of();
    String labelColumn;
    Map<String, Double> metrics = Map.of();
    String fingerprint = "";
    boolean includeOptimizer;
    int epoch;
    boolean allowNonFinite;

    private SaveOptions() {
    }

    /** No pipeline, no labels, no optimizer state. */
    public static SaveOptions defaults() {
        return new SaveOptions();
    }

    /** The fitted preprocessing that turns raw rows into the model's (only) input; null for none. */
    public SaveOptions pipeline(Pipeline p) {
        return pipelines(p == null ? Map.of() : Map.of("", p));
    }

    /**
     * The fitted preprocessing of each model input, keyed by the input's name (a model with several
     * named inputs, each fed by its own columns).
     */
    public SaveOptions pipelines(Map<String, Pipeline> byInput) {
        for (Pipeline p : byInput.values()) {
            if (!p.isFitted()) {
                throw new IllegalArgumentException("SaveOptions.pipeline: the pipeline is not fitted; fit it on the "
                        + "training data before saving");
            }
        }
        pipelines = new java.util.LinkedHashMap<>(byInput);
        return this;
    }

    /** Class names, index = class id. */
    public SaveOptions labels(List<String> classNames) {
        labels = List.copyOf(classNames);
        return this;
    }

    /** The name of the target column in the raw data. */
    public SaveOptions labelColumn(String column) {
        labelColumn = column;
        return this;
    }

    /** Metrics to record (e.g. test accuracy). */
    public SaveOptions metrics(Map<String, Double> m) {
        metrics = Map.copyOf(m);
        return this;
    }

    /** The fingerprint of the training data ({@link Fingerprints#of}). */
    public SaveOptions fingerprint(String f) {
        fingerprint = f == null ? "" : f;
        return this;
    }

    /** Also save the optimizer's state so that training can resume. */
    public SaveOptions includeOptimizer(boolean include) {
        includeOptimizer = include;
        return this;
    }

    /**
     * Saves weights that hold NaN or infinities too (by default a model whose training diverged is
     * refused, so it cannot replace a good file by accident).
     */
    public SaveOptions allowNonFinite(boolean allow) {
        allowNonFinite = allow;
        return this;
    }

    /** Epochs trained so far (the {@code initialEpoch} of a resumed fit). */
    public SaveOptions epoch(int e) {
        epoch = e;
        return this;
    }
}
