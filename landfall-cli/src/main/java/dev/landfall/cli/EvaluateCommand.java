package dev.landfall.cli;

import dev.landfall.data.Datasets;
import dev.landfall.nn.Evaluation;
import dev.landfall.nn.io.LoadedModel;
import dev.landfall.nn.io.ModelFile;
import dev.landfall.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code landfall evaluate MODEL DATA}: the saved model's loss and metrics on labelled raw data. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Measure a saved model on labelled data, read raw and preprocessed by the model's own pipeline.")
final class EvaluateCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "MODEL", description = "A .landfall model file.")
    Path model;

    @Parameters(index = "1", paramLabel = "DATA", description = "Labelled data: CSV (with the label column), "
            + "scikit-learn CSV, a JSON array of records, IDX images, a Fashion-MNIST folder (its test set) or an "
            + "image folder.")
    Path data;

    @Option(names = "--format", defaultValue = "auto", description = "One of ${COMPLETION-CANDIDATES} (default: "
            + "from the file).", completionCandidates = Formats.class)
    String format;

    @Option(names = "--labels", paramLabel = "IDX", description = "The IDX labels file for IDX images.")
    Path labels;

    @Option(names = "--batch-size", defaultValue = "32", description = "Examples per batch (default: 32).")
    int batchSize;

    @Override
    public Integer call() {
        Formats.check(format, main);
        LoadedModel m = ModelFile.load(model);
        if (!m.model().isCompiled()) {
            throw new CliException(model.getFileName() + " holds no compile configuration (loss and metrics); "
                    + "evaluate needs one");
        }
        String loss = m.model().compiledLosses().values().iterator().next().name();
        boolean classification = loss.contains("crossentropy");
        ModelData.Read r = ModelData.read(m, data, format, labels, true, classification);
        r.notes().forEach(main.out::println);
        Tensor y = Training.targets(r.raw(), loss, m.labels().size());
        Evaluation e;
        try {
            e = m.model().evaluate(Datasets.fromTensors(r.x(), y), batchSize);
        } catch (IllegalArgumentException ex) {
            throw new CliException(data.getFileName() + ": the data does not fit the model: " + ex.getMessage(), ex);
        }
        main.out.println("Evaluated " + model.getFileName() + " on " + r.raw().size() + " examples from "
                + data.getFileName());
        Training.printEvaluation(e, main.out);
        return 0;
    }

    /** The --format values, checked by hand so that a wrong one is a usage error naming them. */
    static final class Formats implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return ModelData.FORMATS.iterator();
        }

        static void check(String format, Main main) {
            if (!ModelData.FORMATS.contains(format)) {
                throw new picocli.CommandLine.ParameterException(main.spec.commandLine(), "unknown --format '" + format
                        + "' (one of " + String.join(", ", ModelData.FORMATS) + ")");
            }
        }
    }
}
