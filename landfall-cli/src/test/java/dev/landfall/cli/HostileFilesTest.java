package dev.landfall.cli;

import dev.landfall.Landfall;
import dev.landfall.nn.Activations;
import dev.landfall.nn.Losses;
import dev.landfall.nn.Metrics;
import dev.landfall.nn.Optimizers;
import dev.landfall.nn.Sequential;
import dev.landfall.nn.io.HostileFiles;
import dev.landfall.nn.io.ModelFile;
import dev.landfall.nn.io.SaveOptions;
import dev.landfall.nn.layers.Dense;
import dev.landfall.nn.layers.Flatten;
import dev.landfall.nn.layers.Input;
import dev.landfall.tensor.DType;
import dev.landfall.tensor.Shape;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile inputs on a JVM of 256 MB: a model file declaring a 2^40-byte tensor, a 10 GB zip bomb, an
 * IDX file claiming 2^31 images, a PNG declaring 65,535 x 65,535 pixels. {@code summary}, {@code predict}
 * and {@code evaluate} each refuse them quickly with one {@code landfall: …} line, never an internal
 * error, and the JVM stays healthy (it exits by itself, with 1).
 */
class HostileFilesTest {
    @TempDir
    static Path dir;
    static Path valid;
    static Path huge;
    static Path bomb;
    static Path imageModel;
    static Path idx;
    static Path pngFolder;

    @BeforeAll
    static void make() throws IOException {
        valid = HostileFiles.valid(dir.resolve("valid.landfall"));
        huge = HostileFiles.hugeTensor(valid, dir.resolve("huge.landfall"));
        bomb = HostileFiles.zipBomb(dir.resolve("bomb.landfall"), 10L << 30, true);
        Landfall.setSeed(4);
        imageModel = dir.resolve("images.landfall");
        Sequential images = Sequential.of(Input.of(Shape.of(28, 28, 1), DType.FLOAT32), Flatten.of(),
                Dense.of(2, Activations.SOFTMAX));
        images.compile(Optimizers.adam(), Losses.sparseCategoricalCrossentropy(), Metrics.accuracy());
        ModelFile.save(imageModel, images, SaveOptions.defaults().labels(List.of("a", "b")));
        idx = HostileFiles.idxBomb(dir.resolve("claims.idx"), Integer.MIN_VALUE); // 2^31 as IDX's unsigned size
        Files.createDirectories(dir.resolve("pngs/a"));
        pngFolder = dir.resolve("pngs");
        HostileFiles.pngBomb(pngFolder.resolve("a/bomb.png"), 65535, 65535);
    }

    private record Run(int code, String err, long millis) {
    }

    /** The command line in a child JVM with a 256 MB heap. */
    private static Run run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        cmd.addAll(List.of(args));
        long start = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = p.waitFor();
        return new Run(code, err, (System.nanoTime() - start) / 1_000_000);
    }

    private static void refused(String expected, String... args) throws IOException, InterruptedException {
        Run r = run(args);
        List<String> lines = r.err().lines().filter(l -> !l.startsWith("WARNING: Using incubator")).toList();
        assertEquals(1, r.code(), r.err());
        assertEquals(1, lines.size(), r.err());
        assertTrue(lines.get(0).startsWith("landfall: ") && lines.get(0).contains(expected), r.err());
        assertFalse(r.err().contains("internal error") || r.err().contains("OutOfMemoryError"), r.err());
        // JVM start-up included; the refusal itself is milliseconds (ModelFileHostileTest times it in-process)
        assertTrue(r.millis() < 10_000, r.millis() + " ms: " + r.err());
    }

    @Test
    void aTensorOfTwoToTheFortyBytes() throws Exception {
        refusedByEveryModelCommand("has more elements than one tensor can hold", huge);
    }

    @Test
    void aTenGigabyteZipBomb() throws Exception {
        refusedByEveryModelCommand("the entry model.json declares 10737418240 bytes", bomb);
    }

    /** summary, predict and evaluate each refuse the model file with {@code why}. */
    private static void refusedByEveryModelCommand(String why, Path model) throws Exception {
        refused(why, "summary", model.toString());
        refused(why, "predict", model.toString(), Cli.BREAST_CANCER.toString());
        refused(why, "evaluate", model.toString(), Cli.BREAST_CANCER.toString());
    }

    @Test
    void anIdxFileClaimingTwoToTheThirtyOneImages() throws Exception {
        String why = "claims.idx: dimension 0 of 2147483648 makes more elements than one tensor can hold";
        refused(why, "predict", imageModel.toString(), idx.toString());
        refused(why, "evaluate", imageModel.toString(), idx.toString(), "--labels", idx.toString());
    }

    @Test
    void aPngDeclaringSixtyFiveThousandSquared() throws Exception {
        String why = "bomb.png: the image declares 65535 x 65535 pixels; the limit is 67108864";
        refused(why, "predict", imageModel.toString(), pngFolder.toString());
        refused(why, "evaluate", imageModel.toString(), pngFolder.toString());
    }

    @Test
    void aPipelineAskingForAnEnormousLayer() throws Exception {
        Path yaml = dir.resolve("enormous.yaml");
        Files.writeString(yaml, Cli.breastCancerPipeline("", """
                  layers:
                    - Dense: {units: 3000000, activation: relu}
                    - Dense: {units: 1, activation: sigmoid}
                """, 1));
        refused("enormous.yaml: model.layers[0]: layer 'dense' (Dense): the weight kernel of shape [30, 3000000] "
                + "needs 343 MB; this JVM can give about",
                "train", yaml.toString(), "-o", dir.resolve("enormous.landfall").toString());
    }
}
