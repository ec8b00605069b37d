package dev.landfall.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Runs {@link Main#run} in this process and keeps what it printed. */
record Cli(int code, String out, String err) {
    /** The repository's copy of Breast Cancer Wisconsin (tests run in landfall-cli/). */
    static final Path BREAST_CANCER = Path.of("../examples/data/breast_cancer.csv").toAbsolutePath().normalize();

    static Cli run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = Main.run(args, o, e);
        }
        return new Cli(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The lines written to stderr. */
    List<String> errLines() {
        return err.strip().lines().toList();
    }

    /** A quickstart-like pipeline on Breast Cancer with {@code model} replaced by the given section text. */
    static String breastCancerPipeline(String dataExtra, String model, int epochs) {
        return """
                seed: 42
                data:
                  path: %s
                  format: sklearn-csv
                  label: target
                  split: {train: 0.6, validation: 0.2, test: 0.2, seed: 42}
                %s
                preprocessing:
                  - standard_scaler: {columns: all}
                model:
                %s
                compile:
                  optimizer: {name: adam, learning_rate: 1e-3}
                  loss: binary_crossentropy
                  metrics: [accuracy]
                fit: {epochs: %d, batch_size: 32, validation: validation}
                """.formatted(BREAST_CANCER, dataExtra, model, epochs);
    }

    /** A CSV of one row with the columns feature_FROM … feature_29 and no label column. */
    static Path featuresOnlyCsv(Path file, int from) throws java.io.IOException {
        StringBuilder sb = new StringBuilder();
        for (int j = from; j < 30; j++) {
            sb.append(j == from ? "" : ",").append("feature_").append(j);
        }
        java.nio.file.Files.writeString(file, sb + "\n" + "1,".repeat(29 - from) + "1\n");
        return file;
    }

    static final String BRIEF_MODEL = """
              layers:
                - Dense: {units: 128, activation: relu}
                - Dense: {units: 64, activation: relu}
                - Dense: {units: 1, activation: sigmoid}
            """;
}
