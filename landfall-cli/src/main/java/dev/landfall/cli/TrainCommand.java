package dev.landfall.cli;

import dev.landfall.pipeline.PipelineRunner;
import dev.landfall.pipeline.PipelineSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code landfall train PIPELINE.yaml}. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train the model a pipeline file describes, print the test metrics and save the model.")
final class TrainCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Parameters(paramLabel = "PIPELINE.yaml", description = "The pipeline file (see the README's \"Pipeline files\").")
    Path file;

    @Option(names = {"-o", "--output"}, paramLabel = "MODEL",
            description = "Where to save the model (default: the file's output.model, else NAME.landfall here).")
    Path output;

    @Option(names = "--no-report", description = "Write no run report (default: the file's fit.report, else "
            + "runs/NAME-TIMESTAMP/ beside the model).")
    boolean noReport;

    @Override
    public Integer call() {
        long start = System.nanoTime();
        PipelineSpec spec = PipelineSpec.read(file);
        String stem = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        PipelineRunner.run(spec, PipelineRunner.Options.defaults().output(output).stem(stem).out(main.out)
                .report(!noReport));
        main.out.println(String.format(Locale.ROOT, "Done in %.1f s", (System.nanoTime() - start) / 1e9));
        return 0;
    }
}
