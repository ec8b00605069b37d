package dev.landfall.cli;

import dev.landfall.data.table.Table;
import dev.landfall.nn.io.LoadedModel;
import dev.landfall.nn.io.ModelFile;
import dev.landfall.nn.io.ServingSignature;
import dev.landfall.pipeline.PipelineRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code landfall summary MODEL}: what a model file holds. */
@Command(name = "summary", mixinStandardHelpOptions = true,
        description = "Show a saved model: layers, preprocessing, labels, serving signature, metrics.")
final class SummaryCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Parameters(paramLabel = "MODEL", description = "A .landfall model file.")
    Path model;

    @Override
    public Integer call() {
        LoadedModel m = ModelFile.load(model);
        PrintStream out = main.out;
        out.println(model.getFileName() + " (Landfall " + m.landfallVersion() + ", created " + m.created() + ", trained "
                + m.epoch() + " epoch(s))");
        out.print(m.model().summary());
        out.println();
        if (m.model().isCompiled()) {
            out.println("Compiled: optimizer " + m.model().optimizer().name() + ", loss "
                    + m.model().compiledLosses().values().iterator().next().name()
                    + (m.optimizerState().isEmpty() ? "" : " (optimizer state saved: training can resume)"));
        }
        if (!m.pipelines().isEmpty()) {
            out.println("Preprocessing: " + PipelineRunner.describe(m.pipelines()));
        }
        if (!m.labels().isEmpty()) {
            out.println("Labels" + (m.labelColumn() == null ? "" : " (column '" + m.labelColumn() + "')") + ": "
                    + String.join(", ", m.labels()));
        }
        ServingSignature s = m.signature();
        if (!s.rawInputs().isEmpty()) {
            out.println("Raw inputs: " + Table.listNames(s.rawInputs().stream().map(r -> r.name() + " (" + r.type() + ")")
                    .toList()));
        }
        s.inputs().forEach(t -> out.println("Input: " + t.name() + " " + t.dtype() + " " + Arrays.toString(t.shape())));
        s.outputs().forEach(t -> out.println("Output: " + t.name() + " " + t.dtype() + " " + Arrays.toString(t.shape())));
        m.metrics().forEach((k, v) -> out.println("Metric " + k + ": " + String.format(Locale.ROOT, "%.4f", v)));
        if (!m.fingerprint().isEmpty()) {
            out.println("Training data fingerprint (SHA-256): " + m.fingerprint());
        }
        out.println("Privacy: " + (m.model().privacySpent() == null ? "trained without differential privacy"
                : m.model().privacySpent().describe()));
        return 0;
    }
}
