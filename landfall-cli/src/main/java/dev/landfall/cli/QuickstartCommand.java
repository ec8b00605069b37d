package dev.landfall.cli;

import dev.landfall.nn.predict.Predictor;
import dev.landfall.pipeline.PipelineRunner;
import dev.landfall.pipeline.PipelineSpec;
import dev.landfall.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code landfall quickstart}: the worked example of a binary classifier (Dense 128 ReLU, Dense 64 ReLU,
 * Dense 1 sigmoid; Adam, binary cross-entropy) on Breast Cancer Wisconsin, from
 * {@code examples/quickstart.yaml} (embedded in the jar), then save, reload and compare predictions.
 */
@Command(name = "quickstart", mixinStandardHelpOptions = true,
        description = "Train the worked example, a binary classifier (Dense 128 ReLU, Dense 64 ReLU, Dense 1 sigmoid), "
                + "on Breast Cancer Wisconsin, save the model, reload it and check that it predicts the same.")
final class QuickstartCommand implements Callable<Integer> {
    static final String RESOURCES = "/dev/landfall/cli/quickstart/";

    @ParentCommand
    Main main;

    @Option(names = {"-o", "--output"}, paramLabel = "MODEL", description = "Where to save the model (default: "
            + "quickstart.landfall here).")
    Path output;

    @Override
    public Integer call() throws IOException {
        long start = System.nanoTime();
        String yaml = new String(resource("quickstart.yaml").readAllBytes(), StandardCharsets.UTF_8);
        PipelineSpec spec = PipelineSpec.parse(yaml, "quickstart.yaml", examplesDir());
        PipelineRunner.Result r = PipelineRunner.run(spec, PipelineRunner.Options.defaults().output(output)
                .stem("quickstart").out(main.out));

        Predictor loaded = Predictor.load(r.saved());
        // end to end: the raw test rows through the reloaded pipeline and the reloaded model
        Tensor again = loaded.model().predict(loaded.inputs(r.rawTest())).single();
        float[] before = r.model().predict(r.testX()).single().toFloatArray();
        float[] after = again.toFloatArray();
        int n = r.rawTest().size();
        int differ = 0;
        double maxDiff = 0;
        for (int i = 0; i < before.length; i++) {
            if (Float.floatToIntBits(before[i]) != Float.floatToIntBits(after[i])) {
                differ++;
                maxDiff = Math.max(maxDiff, Math.abs(before[i] - after[i]));
            }
        }
        if (before.length != after.length || differ > 0) {
            throw new CliException("the reloaded model predicts differently on " + differ + " of " + n
                    + " test examples (max |difference| " + maxDiff + ")");
        }
        main.out.println("Reloaded " + r.saved() + ": identical predictions on all " + n + " test examples");
        main.out.println(String.format(Locale.ROOT, "Done in %.1f s", (System.nanoTime() - start) / 1e9));
        return 0;
    }

    /** The repository's examples folder, or the embedded copy of what quickstart needs. */
    private static Path examplesDir() throws IOException {
        Path home = Main.home();
        if (home != null && Files.isRegularFile(home.resolve("examples/data/breast_cancer.csv"))) {
            return home.resolve("examples");
        }
        Path dir = Files.createTempDirectory("landfall-quickstart");
        Files.createDirectories(dir.resolve("data"));
        try (InputStream in = resource("data/breast_cancer.csv")) {
            Files.copy(in, dir.resolve("data/breast_cancer.csv"), StandardCopyOption.REPLACE_EXISTING);
        }
        // deleted in the reverse order of registration: the file, then the folders
        dir.toFile().deleteOnExit();
        dir.resolve("data").toFile().deleteOnExit();
        dir.resolve("data/breast_cancer.csv").toFile().deleteOnExit();
        return dir;
    }

    private static InputStream resource(String name) {
        InputStream in = QuickstartCommand.class.getResourceAsStream(RESOURCES + name);
        if (in == null) {
            throw new UncheckedIOException(new IOException("the jar lacks " + RESOURCES + name + "; rebuild landfall-cli"));
        }
        return in;
    }
}
