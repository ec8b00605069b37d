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
            for (Path f : list(home.resolve("examples/data"))) {
                out.println(String.format(Locale.ROOT, "  %-28s %s", f.getFileName(), size(f)));
            }
        }
        Path fm = fashionDir != null ? fashionDir : Path.of(FashionMnist.SYSTEM_DIR);
        out.println("Fashion-MNIST (examples/fashion-mnist-cnn.yaml):");
        if (FashionMnist.locate(fm).isPresent()) {
            out.println("  found in " + fm);
        } else {
            FashionMnist.howToGet(fm).lines().forEach(l -> out.println("  " + l));
        }
        out.println("Sentiment Labelled Sentences (examples/sentiment.yaml):");
        Path s = home == null ? null : home.resolve("../shared/datasets/sentiment-sentences").normalize();
        List<String> files = List.of("amazon.json", "imdb.json", "yelp.json");
        if (s != null && files.stream().allMatch(f -> Files.isRegularFile(s.resolve(f)))) {
            out.println("  found in " + s);
        } else {
            out.println("  not found beside the checkout (../shared/datasets/sentiment-sentences). Get the three JSON "
                    + "files " + files + " from the npm package sentiment@5.0.2 (test/fixtures/; from the UCI "
                    + "\"Sentiment Labelled Sentences\" set, CC BY 4.0) and point data.path in sentiment.yaml at them");
        }
        return 0;
    }

    private static List<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
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
