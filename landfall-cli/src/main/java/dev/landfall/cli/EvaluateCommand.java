package dev.landfall.cli;

import dev.landfall.data.DataFormatException;
import dev.landfall.data.Datasets;
import dev.landfall.data.InvalidRecordException;
import dev.landfall.data.Tensors;
import dev.landfall.data.format.Labels;
import dev.landfall.data.format.RawData;
import dev.landfall.data.table.Table;
import dev.landfall.nn.Evaluation;
import dev.landfall.nn.predict.Predictor;
import dev.landfall.nn.predict.Targets;
import dev.landfall.pipeline.PipelineRunner;
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
            + "image folder; - for standard input.")
    Path data;

    @Option(names = "--format", defaultValue = "auto", description = "One of ${COMPLETION-CANDIDATES} (default: "
            + "from the file).", completionCandidates = ModelData.Formats.class)
    String format;

    @Option(names = "--labels", paramLabel = "IDX", description = "The IDX labels file for IDX images.")
    Path labels;

    @Option(names = "--batch-size", defaultValue = "32", description = "Examples per batch (default: 32).")
    int batchSize;

    @Override
    public Integer call() {
        ModelData.Formats.check(format, main);
        Predictor p = Predictor.load(model);
        if (!p.model().isCompiled()) {
            throw new CliException(model.getFileName() + " holds no compile configuration (loss and metrics); "
                    + "evaluate needs one");
        }
        String loss = p.model().compiledLosses().values().iterator().next().name();
        RawData r = ModelData.read(p, data, format, labels, true);
        r.notes().forEach(main.out::println);
        String name = ModelData.name(data);
        if (!r.hasLabels()) {
            throw new CliException(name + (r.isImages() ? ": no labels to evaluate against; give the IDX labels file "
                    + "with --labels" : ": no label column '" + p.loaded().labelColumn() + "' to evaluate against "
                    + "(columns: " + Table.listNames(r.table().names()) + ")"));
        }
        if (!r.classNames().isEmpty() && !p.labels().isEmpty() && !r.classNames().equals(p.labels())) {
            main.out.println("Note: the data's classes " + r.classNames() + " differ from the model's " + p.labels());
        }
        Evaluation e;
        try {
            String where = name + (r.isImages() ? " labels" : " column '" + p.loaded().labelColumn() + "'");
            Labels l = Labels.encode(r.labels(), p.labels(), Targets.isClassification(loss), where);
            Tensors x = p.inputs(r);
            e = p.model().evaluate(Datasets.fromTensors(x, Tensors.of(Targets.forLoss(l, loss)), null), batchSize);
        } catch (DataFormatException ex) {
            throw new CliException(ex.getMessage(), ex);
        } catch (InvalidRecordException ex) {
            throw new CliException(name + ": " + ex.getMessage(), ex);
        } catch (IllegalArgumentException ex) {
            throw new CliException(name + ": the data does not fit the model: " + ex.getMessage(), ex);
        }
        main.out.println("Evaluated " + model.getFileName() + " on " + r.size() + " examples from " + name);
        // named as Keras's evaluate names them: the data may be anything, not only a test split
        PipelineRunner.printEvaluation(e, "", main.out);
        return 0;
    }
}
