package dev.landfall.cli;

import picocli.CommandLine.Option;

/** {@code --format}: how DATA is read, for every command that reads data for a saved model. */
final class FormatOption {
    @Option(names = "--format", defaultValue = "auto", description = "One of ${COMPLETION-CANDIDATES} (default: "
            + "from the file).", completionCandidates = ModelData.Formats.class)
    String format;

    /** The format, checked: an unknown one is a usage error that names the formats. */
    String checked(Main main) {
        ModelData.Formats.check(format, main);
        return format;
    }
}
