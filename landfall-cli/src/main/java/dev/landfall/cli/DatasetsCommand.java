package dev.landfall.cli;

import dev.landfall.data.catalog.FashionMnist;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** {@code landfall datasets}: which datasets the examples use, which are here, and how to get the others. */
@Command(name = "datasets", mixinStandardHelpOptions = true,
        description = "List the datasets the examples use, where they are, and how to get missing ones.")
final class DatasetsCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Option(names = "--fashion-mnist", paramLabel = "DIR", description = "Look for Fashion-MNIST here (default: "
            + FashionMnist.SYSTEM_DIR + ").")
    Path fashionDir;

    @Override
    public Integer call() {
        PrintStream out = main.out;
        Path home = Main.home();
        out.println("Bundled with Landfall (examples/data):");
        if (home == null) {
            out.println("  examples/data not found (run from the Landfall checkout or through ./landfall); quickstart "
                    + "still works with its embedded copy of breast_cancer.csv");
        } else {
            Path dir = home.resolve("examples/data");
            for (Path f : list(dir)) {
                out.println(String.format(Locale.ROOT, "  %-28s %s", dir.relativize(f), size(f)));
            }
        }
        Path fm = fashionDir != null ? fashionDir : Path.of(FashionMnist.SYSTEM_DIR);
        out.println("Fashion-MNIST (examples/fashion-mnist-cnn.yaml):");
        if (FashionMnist.locate(fm).isPresent()) {
            out.println("  found in " + fm);
        } else {
            FashionMnist.howToGet(fm).lines().forEach(l -> out.println("  " + l));
        }
        out.println("Sentiment Labelled Sentences (examples/sentiment.yaml): bundled in examples/data/sentiment "
                + "(amazon.json, imdb.json, yelp.json)");
        return 0;
    }

    private static List<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": " + e.getMessage(), e);
        }
    }

    private static String size(Path f) {
        try {
            return String.format(Locale.ROOT, "%.1f KB", Files.size(f) / 1024.0);
        } catch (IOException e) {
            return "";
        }
    }
}
