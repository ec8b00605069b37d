package dev.landfall.cli;

import dev.landfall.data.InvalidRecordException;
import dev.landfall.io.AtomicFiles;
import dev.landfall.data.format.RawData;
import dev.landfall.nn.predict.Predictions;
import dev.landfall.nn.predict.Predictor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code landfall predict MODEL DATA}: raw rows in, through the model file's fitted pipeline, and a
 * CSV out: {@code row,label,prob_<class>…} (or {@code row,prediction} for a regression model).
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Predict with a saved model: raw rows in, CSV out with the label name and class probabilities.")
final class PredictCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "MODEL", description = "A .landfall model file.")
    Path model;

    @Parameters(index = "1", paramLabel = "DATA", description = "Raw rows (CSV with the model's columns, "
            + "scikit-learn CSV, a JSON array of records) or images (IDX, a Fashion-MNIST folder, an image folder); "
            + "- for standard input.")
    Path data;

    @Mixin
    FormatOption format;

    @Option(names = {"-o", "--output"}, paramLabel = "CSV", description = "Write the CSV here instead of to stdout.")
    Path output;

    @Override
    public Integer call() {
        String f = format.checked(main);
        Predictor p = Predictor.load(model);
        RawData raw = ModelData.read(p, data, f, null, false);
        Predictions predictions;
        try {
            predictions = p.predict(raw);
        } catch (InvalidRecordException ex) {
            throw new CliException(ModelData.name(data) + ": " + ex.getMessage(), ex);
        } catch (IllegalArgumentException ex) {
            throw new CliException(ModelData.name(data) + ": the data does not fit the model: " + ex.getMessage(), ex);
        }
        List<String> lines = predictions.csvLines();
        if (output == null) {
            raw.notes().forEach(main.err::println);
            lines.forEach(main.out::println);
        } else {
            AtomicFiles.writeLines(output, lines);
            raw.notes().forEach(main.out::println);
            main.out.println("Wrote " + (lines.size() - 1) + " predictions to " + output);
        }
        return 0;
    }
}
