package dev.landfall.nn.io;

import dev.landfall.data.transform.Pipeline;
import dev.landfall.nn.Model;
import dev.landfall.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * A model read from a file, with what was saved beside it. The model is compiled (with the
 * optimizer state restored) when the file holds a compile configuration.
 */
public record LoadedModel(Model model, Pipeline pipeline, List<String> labels, String labelColumn,
                          ServingSignature signature, Map<String, Double> metrics, int epoch,
                          Map<String, Tensor> optimizerState, String fingerprint, String landfallVersion, String created) {
}
