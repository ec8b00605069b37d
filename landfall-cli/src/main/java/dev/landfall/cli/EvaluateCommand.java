package dev.landfall.cli;

import dev.landfall.nn.predict.Predictor;
import dev.landfall.pipeline.PipelineRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

/** {@code landfall evaluate MODEL DATA}: the saved model's loss and metrics on labelled raw data. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Measure a saved model on labelled data, read raw and preprocessed by the model's own pipeline.")
final class EvaluateCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Mixin
    LabelledDataOptions in;

    @Override
    public Integer call() {
        in.format.checked(main);
        Predictor p = Predictor.load(in.model);
        Labelled l = Labelled.evaluate(p, in, main.out, main.err, "evaluate");
        main.out.println("Evaluated " + in.model.getFileName() + " on " + l.raw().size() + " examples from " + l.name());
        // named as Keras's evaluate names them: the data may be anything, not only a test split
        PipelineRunner.printEvaluation(l.evaluation(), "", main.out);
        return 0;
    }
}
