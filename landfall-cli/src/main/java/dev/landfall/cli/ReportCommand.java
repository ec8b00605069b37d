package dev.landfall.cli;

import dev.landfall.io.Progress;
import dev.landfall.nn.predict.Predictor;
import dev.landfall.pipeline.PipelineRunner;
import dev.landfall.report.RunFolders;
import dev.landfall.report.RunReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code landfall report MODEL DATA}: the evaluation pages of a run report for a saved model, without training. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write a report of a saved model on labelled data: metrics, confusion matrix, per-class "
                + "precision/recall/F1, ROC and precision-recall curves, the most confident mistakes.")
final class ReportCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Mixin
    LabelledDataOptions in;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "The report's folder (default: "
            + "runs/MODEL-report-TIMESTAMP beside the model file).")
    Path output;

    @Override
    public Integer call() {
        in.format.checked(main);
        long start = System.nanoTime();
        Predictor p = Predictor.load(in.model);
        Labelled l = Labelled.evaluate(p, in, main.out, main.err, "report");
        String stem = in.model.getFileName().toString().replaceFirst("\\.landfall$", "");
        Path folder = output != null ? output : new RunFolders(in.model, stem + "-report").of("runs");
        RunReport r = RunReport.in(folder).title(stem + " on " + l.name()).note("Model file: " + in.model)
                .note("Data: " + l.raw().description());
        if (!p.loaded().metrics().isEmpty()) {
            r.metrics("Metrics saved with the model", p.loaded().metrics());
        }
        r.metrics("Metrics on " + l.name(), l.evaluation().values());
        Path page;
        try (Progress progress = Progress.start(main.err, "Writing the report", l.raw().size(), "examples",
                Progress.terminal())) {
            r.evaluation(l.name(), p, l.x(), l.labels(), l.raw(), progress);
            page = r.write();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new CliException(l.name() + ": " + e.getMessage(), e);
        } catch (LinkageError | java.awt.AWTError e) {
            throw new CliException("cannot draw the report's charts in this Java runtime (" + e + "); a JDK with "
                    + "fonts (fontconfig) is needed", e);
        }
        main.out.println("Evaluated " + in.model.getFileName() + " on " + l.raw().size() + " examples from " + l.name());
        PipelineRunner.printEvaluation(l.evaluation(), "", main.out);
        main.out.println(r.describe(page));
        main.out.println(String.format(Locale.ROOT, "Done in %.1f s", (System.nanoTime() - start) / 1e9));
        return 0;
    }
}
