package dev.landfall.cli;

import dev.landfall.io.SmallDisk;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Nothing is lost on a bad day: a full disk, a read-only disk, a folder where the file should be, a run
 * whose loss went NaN. Each command exits 1 with one line naming the path and the cause, and an existing
 * target keeps its bytes.
 */
class FaultsTest {
    @TempDir
    static Path dir;
    static Path model;
    static Path pipeline;

    static final String SMALL_MODEL = """
              layers:
                - Dense: {units: 4, activation: relu}
                - Dense: {units: 1, activation: sigmoid}
            """;

    @BeforeAll
    static void train() throws IOException {
        pipeline = dir.resolve("small.yaml");
        Files.writeString(pipeline, Cli.breastCancerPipeline("", SMALL_MODEL, 1));
        model = dir.resolve("small.landfall");
        assertEquals(0, Cli.run("train", pipeline.toString(), "-o", model.toString()).code());
    }

    /** One line on stderr that names the path and the cause; exit 1; the old bytes still there; no temporary file. */
    private static void failsCleanly(Cli r, Path target, byte[] old, String cause) throws IOException {
        assertEquals(1, r.errLines().size(), r.err());
        failsWith(r, target, old, cause);
    }

    /** As {@link #failsCleanly}, for a command that reports progress on stderr before its error line. */
    private static void failsWith(Cli r, Path target, byte[] old, String cause) throws IOException {
        assertEquals(1, r.code(), r.out() + r.err());
        String last = r.errLines().get(r.errLines().size() - 1);
        assertTrue(last.startsWith("landfall: "), r.err());
        assertTrue(last.contains(target.toString()) && last.contains(cause), r.err());
        assertTrue(!last.contains("internal error"), r.err());
        assertArrayEquals(old, Files.readAllBytes(target));
        try (Stream<Path> s = Files.list(target.getParent())) {
            assertEquals(List.of(), s.filter(p -> p.getFileName().toString().contains(".landfall-tmp-")).toList());
        }
    }

    private static byte[] existing(Path f) throws IOException {
        Files.writeString(f, "the good old contents\n");
        return Files.readAllBytes(f);
    }

    @Test
    void predictOnAFullDisk() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(dir.resolve("disk1"), 64)) {
            Path out = disk.dir().resolve("pred.csv");
            byte[] old = existing(out);
            disk.fill();
            Cli r = Cli.run("predict", model.toString(), Cli.BREAST_CANCER.toString(), "-o", out.toString());
            failsCleanly(r, out, old, "No space left on device");
        }
    }

    @Test
    void trainOnAFullDisk() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(dir.resolve("disk2"), 64)) {
            Path out = disk.dir().resolve("model.landfall");
            byte[] old = existing(out);
            disk.fill();
            Cli r = Cli.run("train", pipeline.toString(), "-o", out.toString());
            failsCleanly(r, out, old, "No space left on device");
        }
    }

    @Test
    void csvLoggerOnAFullDisk() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(dir.resolve("disk3"), 64)) {
            Path log = disk.dir().resolve("log.csv");
            byte[] old = existing(log);
            disk.fill();
            Path yaml = dir.resolve("logged.yaml");
            Files.writeString(yaml, Cli.breastCancerPipeline("", SMALL_MODEL, 1).replace("validation: validation}",
                    "validation: validation, callbacks: [csv_logger: {path: " + log + "}]}"));
            Cli r = Cli.run("train", yaml.toString(), "-o", dir.resolve("logged.landfall").toString());
            failsCleanly(r, log, old, "No space left on device");
        }
    }

    @Test
    void benchJsonOnAFullDisk() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(dir.resolve("disk4"), 64)) {
            Path json = disk.dir().resolve("bench.json");
            byte[] old = existing(json);
            disk.fill();
            Cli r = Cli.run("bench", "--workloads", "W5-128x512x784", "--rounds", "1", "--threads", "1",
                    "-o", dir.resolve("bench").toString(), "--json", json.toString());
            failsWith(r, json, old, "No space left on device"); // after its progress lines
        }
    }

    @Test
    void predictIntoAReadOnlyFolder() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(dir.resolve("disk5"), 64)) {
            Path out = disk.dir().resolve("pred.csv");
            byte[] old = existing(out);
            disk.readOnly();
            Cli r = Cli.run("predict", model.toString(), Cli.BREAST_CANCER.toString(), "-o", out.toString());
            failsCleanly(r, out, old, "Read-only file system");
        }
    }

    @Test
    void predictOntoAFolder() throws IOException {
        Path folder = dir.resolve("a-folder");
        Files.createDirectories(folder);
        Cli r = Cli.run("predict", model.toString(), Cli.BREAST_CANCER.toString(), "-o", folder.toString());
        assertEquals(1, r.code());
        assertEquals(List.of("landfall: " + folder + ": cannot write: is a folder"), r.errLines());
    }

    /** A regression whose loss overflows: unscaled inputs and a huge learning rate. */
    private static Path divergingPipeline(String callbacks) throws IOException {
        Path yaml = dir.resolve("nan" + callbacks.length() + ".yaml");
        Files.writeString(yaml, """
                seed: 1
                data: {path: %s, format: sklearn-csv, split: {train: 0.8, test: 0.2}}
                model:
                  layers:
                    - Dense: {units: 8, activation: relu}
                    - Dense: {units: 1}
                compile: {optimizer: {name: sgd, learning_rate: 1e10}, loss: mean_squared_error, metrics: []}
                fit: {epochs: 3, verbose: silent%s}
                """.formatted(Cli.BREAST_CANCER, callbacks));
        return yaml;
    }

    @Test
    void aDivergedRunNeverReplacesAGoodModel() throws IOException {
        Path good = dir.resolve("good.landfall");
        Files.copy(model, good, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        byte[] old = Files.readAllBytes(good);
        Cli stopped = Cli.run("train", divergingPipeline(", callbacks: [terminate_on_nan]").toString(), "-o",
                good.toString());
        failsCleanly(stopped, good, old, "training diverged");
        assertTrue(stopped.err().contains("invalid loss") && stopped.err().contains("is unchanged"), stopped.err());
        Cli nan = Cli.run("train", divergingPipeline("").toString(), "-o", good.toString());
        failsCleanly(nan, good, old, "training diverged (the loss is NaN after epoch 3)");
    }
}
