package dev.landfall.cli;

import dev.landfall.data.DataFormatException;
import dev.landfall.data.Datasets;
import dev.landfall.data.InvalidRecordException;
import dev.landfall.data.Tensors;
import dev.landfall.data.format.Labels;
import dev.landfall.data.format.RawData;
import dev.landfall.data.table.Table;
import dev.landfall.io.Progress;
import dev.landfall.nn.Evaluation;
import dev.landfall.nn.predict.Predictor;
import dev.landfall.nn.predict.Targets;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Labelled DATA measured by a saved model, what {@code evaluate} and {@code report} share: the raw
 * examples, their encoded labels, the model inputs the model's pipeline made of them, and the loss and
 * metrics over them.
 *
 * @param name how DATA is named in messages
 */
record Labelled(String name, RawData raw, Labels labels, Tensors x, Evaluation evaluation) {

    /**
     * Reads and evaluates DATA; prints the reader's notes and a line when the data's classes differ to
     * {@code out}, progress of a long evaluation to {@code err} (so that what evaluate prints stays the same).
     *
     * @throws CliException naming DATA and what is wrong (no labels, no compile configuration, bad data)
     */
    static Labelled evaluate(Predictor p, LabelledDataOptions in, PrintStream out, PrintStream err, String command) {
        Labelled l = read(p, in.model, in.data, in.format.format, in.labels, "--labels", out, command);
        String loss = p.model().compiledLosses().values().iterator().next().name();
        try (Progress progress = Progress.start(err, "Evaluating", l.raw().size(), "examples", Progress.terminal())) {
            Evaluation e = p.model().evaluate(Datasets.fromTensors(l.x(), Tensors.of(Targets.forLoss(l.labels(), loss)),
                    null), in.batchSize, progress);
            return new Labelled(l.name(), l.raw(), l.labels(), l.x(), e);
        } catch (IllegalArgumentException ex) {
            throw new CliException(l.name() + ": the data does not fit the model: " + ex.getMessage(), ex);
        }
    }

    /**
     * Reads labelled DATA through the model's pipeline, without evaluating it ({@code evaluation} null).
     *
     * @throws CliException naming DATA and what is wrong (no labels, no compile configuration, bad data)
     */
    static Labelled read(Predictor p, Path model, Path data, String format, Path labelsFile, String labelsOption,
                         PrintStream out, String command) {
        if (!p.model().isCompiled()) {
            throw new CliException(model.getFileName() + " holds no compile configuration (loss and metrics); "
                    + command + " needs one");
        }
        String loss = p.model().compiledLosses().values().iterator().next().name();
        RawData r = ModelData.read(p, data, format, labelsFile, true);
        r.notes().forEach(out::println);
        String name = ModelData.name(data);
        if (!r.hasLabels()) {
            throw new CliException(name + (r.isImages() ? ": no labels to evaluate against; give the IDX labels file "
                    + "with " + labelsOption : ": no label column '" + p.loaded().labelColumn() + "' to evaluate against "
                    + "(columns: " + Table.listNames(r.table().names()) + ")"));
        }
        if (!r.classNames().isEmpty() && !p.labels().isEmpty() && !r.classNames().equals(p.labels())) {
            out.println("Note: the data's classes " + r.classNames() + " differ from the model's " + p.labels());
        }
        try {
            String where = name + (r.isImages() ? " labels" : " column '" + p.loaded().labelColumn() + "'");
            Labels l = Labels.encode(r.labels(), p.labels(), Targets.isClassification(loss), where);
            return new Labelled(name, r, l, p.inputs(r), null);
        } catch (DataFormatException ex) {
            throw new CliException(ex.getMessage(), ex);
        } catch (InvalidRecordException ex) {
            throw new CliException(name + ": " + ex.getMessage(), ex);
        } catch (IllegalArgumentException ex) {
            throw new CliException(name + ": the data does not fit the model: " + ex.getMessage(), ex);
        }
    }
}
