package dev.landfall.serve;

import dev.landfall.pipeline.PipelineRunner;
import dev.landfall.pipeline.PipelineSpec;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The three models the server tests serve, trained from their pipeline files into a repository
 * {@code DIR/{name}/1/model.landfall}: quickstart (Breast Cancer, table rows), sentiment (text) and a
 * small Fashion-MNIST CNN (images).
 */
final class ServedModels {
    static final Path EXAMPLES = Path.of("../examples").toAbsolutePath().normalize();
    static final Path GOLDEN = Path.of("../landfall-cli/src/test/resources/golden").toAbsolutePath().normalize();

    private ServedModels() {
    }

    /** Trains the three into {@code repo}; returns it. */
    static Path repository(Path repo) throws IOException {
        train(EXAMPLES.resolve("quickstart.yaml"), repo.resolve("quickstart/1/model.landfall"));
        train(EXAMPLES.resolve("sentiment.yaml"), repo.resolve("sentiment/1/model.landfall"));
        train(GOLDEN.resolve("fashion-small.yaml"), repo.resolve("fashion/1/model.landfall"));
        return repo;
    }

    static Path train(Path yaml, Path out) throws IOException {
        Files.createDirectories(out.getParent());
        PipelineRunner.run(PipelineSpec.read(yaml), PipelineRunner.Options.defaults().output(out)
                .out(new PrintStream(OutputStream.nullOutputStream())));
        return out;
    }
}
