package dev.landfall.nn.io;

import dev.landfall.data.transform.Pipeline;
import dev.landfall.nn.Model;
import dev.landfall.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * A model read from a file, with what was saved beside it. The model is compiled (with the
 * optimizer state restored) when the file holds a compile configuration.
 *
 * @param pipelines the fitted preprocessing of each model input by input name (empty when the model
 *     takes tensors or images as they are)
 */
public record LoadedModel(Model model, Map<String, Pipeline> pipelines, List<String> labels, String labelColumn,
                          ServingSignature signature, Map<String, Double> metrics, int epoch,
                          Map<String, Tensor> optimizerState, String fingerprint, String landfallVersion, String created) {
    /** The preprocessing of a single-input model, or null (none, or one per input: see {@link #pipelines()}). */
    public Pipeline pipeline() {
        return pipelines.size() == 1 ? pipelines.values().iterator().next() : null;
    }

    /** The same model with these class names (for a classifier saved without them). */
    public LoadedModel withLabels(List<String> names) {
        return new LoadedModel(model, pipelines, List.copyOf(names), labelColumn, signature, metrics, epoch,
                optimizerState, fingerprint, landfallVersion, created);
    }
}
