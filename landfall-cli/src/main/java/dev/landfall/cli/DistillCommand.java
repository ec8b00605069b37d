package dev.landfall.cli;

import dev.landfall.nn.io.ModelFile;
import dev.landfall.pipeline.PipelineRunner;
import dev.landfall.pipeline.PipelineSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code landfall distill TEACHER PIPELINE.yaml}: train the pipeline's model as the student of a saved teacher. */
@Command(name = "distill", mixinStandardHelpOptions = true,
        description = "Knowledge distillation: train the model a pipeline file describes (the student) from the labels "
                + "and a saved teacher's softened outputs (Keras's Distiller), then save the student.")
final class DistillCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "TEACHER", description = "The trained .landfall model to learn from (same "
            + "data, preprocessing and classes as the pipeline).")
    Path teacher;

    @Parameters(index = "1", paramLabel = "PIPELINE.yaml", description = "The pipeline file; its model is the student.")
    Path file;

    @Option(names = {"-o", "--output"}, paramLabel = "STUDENT", description = "Where to save the student (default: "
            + "the file's output.model, else NAME.landfall here).")
    Path output;

    @Option(names = "--temperature", defaultValue = "3", description = "Softening temperature T (default: 3).")
    double temperature;

    @Option(names = "--alpha", defaultValue = "0.1", description = "Weight of the student's own loss; 1 - alpha weighs "
            + "the teacher's soft targets (default: 0.1).")
    double alpha;

    @Option(names = "--no-report", description = "Write no run report.")
    boolean noReport;

    @Override
    public Integer call() {
        if (!(temperature > 0)) {
            throw new CliException("--temperature must be > 0, got " + temperature);
        }
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new CliException("--alpha must be in [0, 1], got " + alpha);
        }
        long start = System.nanoTime();
        var t = ModelFile.load(teacher);
        PipelineSpec spec = PipelineSpec.read(file);
        String stem = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        PipelineRunner.run(spec, PipelineRunner.Options.defaults().output(output).stem(stem).out(main.out)
                .report(!noReport).teacher(new PipelineRunner.Teacher(t, String.valueOf(teacher.getFileName()),
                        temperature, alpha)));
        main.out.println(String.format(Locale.ROOT, "Done in %.1f s", (System.nanoTime() - start) / 1e9));
        return 0;
    }
}
