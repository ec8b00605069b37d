package dev.landfall.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunFoldersTest {
    @TempDir
    Path dir;

    @Test
    void runsStartedTogetherGetTheirOwnFoldersBesideTheModel() {
        Path model = dir.resolve("models").resolve("m.landfall");
        RunFolders a = new RunFolders(model, "m");
        RunFolders b = new RunFolders(model, "m");
        Path ra = a.of("runs");
        Path rb = b.of("runs");
        assertEquals(dir.resolve("models").resolve("runs"), ra.getParent());
        assertTrue(Files.isDirectory(ra) && Files.isDirectory(rb));
        // the same second gives the same name: the second run takes the next suffix (or the next second)
        assertNotEquals(ra, rb);
        assertTrue(ra.getFileName().toString().matches("m-\\d{8}-\\d{6}"), ra.toString());
        // one run asks twice (report and TensorBoard in runs/): one folder
        assertEquals(ra, a.of("runs"));
        assertEquals(ra, a.of("./runs"));
        Path elsewhere = a.of(dir.resolve("tb").toString());
        assertEquals(dir.resolve("tb"), elsewhere.getParent());
    }

    @Test
    void aFailedRunLeavesNoEmptyFolder() throws IOException {
        RunFolders a = new RunFolders(dir.resolve("m.landfall"), "m");
        Path empty = a.of("runs");
        Path used = a.of("tb");
        Files.writeString(used.resolve("events"), "x");
        a.removeEmpty();
        assertFalse(Files.exists(empty));
        assertTrue(Files.exists(used.resolve("events")));
    }
}
