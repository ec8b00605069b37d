package dev.landfall.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;

/**
 * The folders of one training run, {@code DIR/NAME-yyyyMMdd-HHmmss}, one timestamp for all of them so
 * that the report and the TensorBoard logs of a run sit together when they name the same {@code DIR}.
 * A relative {@code DIR} is taken from the folder of the model file, so a run's artifacts land next to
 * the model it made, wherever the command ran.
 */
public final class RunFolders {
    private final Path base;
    private final String name;
    private final Map<Path, Path> chosen = new HashMap<>();

    /**
     * @param modelFile the model file the run writes
     * @param stem the run's name (the pipeline file's name without {@code .yaml})
     */
    public RunFolders(Path modelFile, String stem) {
        Path parent = modelFile.toAbsolutePath().getParent();
        this.base = parent == null ? Path.of("").toAbsolutePath() : parent;
        this.name = stem + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    }

    /**
     * The run's folder under {@code dir}, created now and the same on every call for one {@code dir};
     * with a suffix {@code -2}, {@code -3} … when another run (of the same second, say) has the name.
     *
     * @throws java.io.UncheckedIOException when the folder cannot be created
     */
    public Path of(String dir) {
        return chosen.computeIfAbsent(base.resolve(dir).normalize(), root -> {
            try {
                Files.createDirectories(root);
                for (int i = 1; ; i++) {
                    Path p = root.resolve(i == 1 ? name : name + "-" + i);
                    try {
                        // creating it claims it: two runs started together cannot share a folder
                        return Files.createDirectory(p);
                    } catch (java.nio.file.FileAlreadyExistsException taken) {
                        // try the next suffix
                    }
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot create the run folder under " + root + ": " + e, e);
            }
        });
    }

    /** Removes the folders this run created that are still empty (a run that failed before writing). */
    public void removeEmpty() {
        for (Path p : chosen.values()) {
            try (var files = Files.list(p)) {
                if (files.findAny().isEmpty()) {
                    Files.delete(p);
                }
            } catch (java.io.IOException e) {
                // not there or not empty any more: nothing to tidy
            }
        }
    }
}
