package dev.landfall.cli;

import dev.landfall.nn.io.LoadedModel;
import dev.landfall.nn.io.ModelFile;
import dev.landfall.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
            + "scikit-learn CSV, a JSON array of records) or images (IDX, a Fashion-MNIST folder, an image folder).")
    Path data;

    @Option(names = "--format", defaultValue = "auto", description = "One of ${COMPLETION-CANDIDATES} (default: "
            + "from the file).", completionCandidates = EvaluateCommand.Formats.class)
    String format;

    @Option(names = {"-o", "--output"}, paramLabel = "CSV", description = "Write the CSV here instead of to stdout.")
    Path output;

    @Override
    public Integer call() throws IOException {
        EvaluateCommand.Formats.check(format, main);
        LoadedModel m = ModelFile.load(model);
        boolean classification = !m.labels().isEmpty();
        ModelData.Read r = ModelData.read(m, data, format, null, false, classification);
        Tensor p;
        try {
            p = m.model().predict(r.x());
        } catch (IllegalArgumentException ex) {
            throw new CliException(data.getFileName() + ": the data does not fit the model: " + ex.getMessage(), ex);
        }
        List<String> lines = csv(p, m.labels(), r.rows());
        if (output == null) {
            r.notes().forEach(main.err::println);
            lines.forEach(main.out::println);
        } else {
            Path tmp = Files.createTempFile(output.toAbsolutePath().getParent(), "." + output.getFileName(), ".tmp");
            try (PrintStream w = new PrintStream(Files.newOutputStream(tmp), false, StandardCharsets.UTF_8)) {
                lines.forEach(w::println);
            }
            Files.move(tmp, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            r.notes().forEach(main.out::println);
            main.out.println("Wrote " + (lines.size() - 1) + " predictions to " + output);
        }
        return 0;
    }

    /** The CSV lines: a header, then one line per example, numbered by {@code rows}. */
    static List<String> csv(Tensor predictions, List<String> classes, int[] rows) {
        int n = predictions.shape().dim(0);
        int k = predictions.size() / Math.max(1, n);
        float[] v = predictions.toFloatArray();
        List<String> out = new ArrayList<>();
        if (classes.isEmpty()) {
            out.add("row,prediction");
            for (int i = 0; i < n; i++) {
                out.add(rows[i] + "," + v[i * k]);
            }
            return out;
        }
        boolean binary = k == 1;
        if (!binary && k != classes.size()) {
            throw new CliException("the model gives " + k + " outputs per example but has " + classes.size()
                    + " class names " + classes);
        }
        StringBuilder h = new StringBuilder("row,label");
        for (String c : classes) {
            h.append(',').append(quote("prob_" + c));
        }
        out.add(h.toString());
        for (int i = 0; i < n; i++) {
            double[] probs = new double[classes.size()];
            if (binary) {
                probs[1 % probs.length] = v[i];
                probs[0] = probs.length > 1 ? 1 - v[i] : v[i];
            } else {
                for (int c = 0; c < k; c++) {
                    probs[c] = v[i * k + c];
                }
            }
            int best = 0;
            for (int c = 1; c < probs.length; c++) {
                if (probs[c] > probs[best]) {
                    best = c;
                }
            }
            StringBuilder line = new StringBuilder().append(rows[i]).append(',').append(quote(classes.get(best)));
            for (double q : probs) {
                line.append(',').append(String.format(Locale.ROOT, "%.6f", q));
            }
            out.add(line.toString());
        }
        return out;
    }

    private static String quote(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
