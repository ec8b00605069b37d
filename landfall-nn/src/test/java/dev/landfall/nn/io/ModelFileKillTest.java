package dev.landfall.nn.io;

import dev.landfall.Landfall;
import dev.landfall.nn.Activations;
import dev.landfall.nn.Sequential;
import dev.landfall.nn.layers.Dense;
import dev.landfall.nn.layers.Input;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * {@code kill -9} during saves: every kill leaves the old or the new complete model file, and the next
 * save into the folder removes the temporary files the killed saves left.
 */
class ModelFileKillTest {
    @TempDir
    Path dir;

    /** A model of about 2 million weights (8 MB), so that a save takes long enough to be killed in the middle. */
    static Sequential big() {
        Landfall.setSeed(1);
        return Sequential.of(Input.of(1000), Dense.of(2000, Activations.RELU), Dense.of(10));
    }

    /** The child: saves into {@code args[0]} again and again, saying when each save starts. */
    public static void main(String[] args) {
        Sequential m = big();
        Path file = Path.of(args[0]);
        for (int i = 0; ; i++) {
            System.out.println("saving " + i);
            System.out.flush();
            ModelFile.save(file, m, SaveOptions.defaults());
        }
    }

    @Test
    void killedSavesLeaveACompleteFileAndTheNextSaveCleansUp() throws Exception {
        Path file = dir.resolve("model.landfall");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Random rnd = new Random(20);
        for (int k = 0; k < 20; k++) {
            Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    ModelFileKillTest.class.getName(), file.toString()).redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            // wait until a save has started (every other round, until a second one has, so a file exists)
            String want = k % 2 == 0 ? "saving 0" : "saving 1";
            for (String line = out.readLine(); line != null && !line.equals(want); line = out.readLine()) {
                // the JVM may print warnings first
            }
            Thread.sleep(rnd.nextInt(120));
            p.destroyForcibly(); // SIGKILL
            p.waitFor();
            if (Files.exists(file)) {
                assertNotNull(ModelFile.load(file).model(), "after kill " + (k + 1));
            }
        }
        ModelFile.save(file, big(), SaveOptions.defaults());
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of("model.landfall"), s.map(x -> x.getFileName().toString()).toList());
        }
        assertEquals(2_022_010, ModelFile.load(file).model().countParams());
    }
}
