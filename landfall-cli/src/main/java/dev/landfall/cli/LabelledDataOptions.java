package dev.landfall.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;

/** MODEL, labelled DATA and how to read it: the arguments {@code evaluate} and {@code report} share. */
final class LabelledDataOptions {
    @Parameters(index = "0", paramLabel = "MODEL", description = "A .landfall model file.")
    Path model;

    @Parameters(index = "1", paramLabel = "DATA", description = "Labelled data: CSV (with the label column), "
            + "scikit-learn CSV, a JSON array of records, IDX images, a Fashion-MNIST folder (its test set) or an "
            + "image folder; - for standard input.")
    Path data;

    @Mixin
    FormatOption format;

    @Option(names = "--labels", paramLabel = "IDX", description = "The IDX labels file for IDX images.")
    Path labels;

    @Option(names = "--batch-size", defaultValue = "32", description = "Examples per batch (default: 32).")
    int batchSize;
}
