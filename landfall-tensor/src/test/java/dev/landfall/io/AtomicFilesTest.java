package dev.landfall.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AtomicFilesTest {
    @TempDir
    Path dir;

    static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writesAndReplacesLeavingOnlyTheTarget() throws IOException {
        Path f = dir.resolve("out.csv");
        AtomicFiles.writeLines(f, List.of("a,b", "1,2"));
        assertEquals("a,b\n1,2\n", Files.readString(f));
        AtomicFiles.writeString(f, "new");
        assertEquals("new", Files.readString(f));
        assertEquals(List.of("out.csv"), names(dir));
    }

    @Test
    void replacedFileKeepsItsModeAndNewFileGetsTheUmasks() throws IOException {
        Path f = dir.resolve("model.bin");
        Files.writeString(f, "old");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r-----"));
        AtomicFiles.writeString(f, "new");
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        Path plain = dir.resolve("plain");
        Files.writeString(plain, "x"); // what any tool makes: 0666 less the umask
        Path fresh = dir.resolve("fresh");
        AtomicFiles.writeString(fresh, "x");
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(fresh));
    }

    @Test
    void aFolderWhereTheFileShouldBeIsAnError() throws IOException {
        Path f = dir.resolve("folder");
        Files.createDirectories(f);
        var e = assertThrows(AtomicFiles.FileWriteException.class, () -> AtomicFiles.writeString(f, "x"));
        assertEquals(f + ": cannot write: is a folder", e.getMessage());
        assertTrue(Files.isDirectory(f));
    }

    @Test
    void aFailingWriteLeavesTheTargetAndNoTemporaryFile() throws IOException {
        Path f = dir.resolve("keep.txt");
        Files.writeString(f, "good");
        var e = assertThrows(AtomicFiles.FileWriteException.class, () -> AtomicFiles.write(f, out -> {
            out.write(new byte[100_000]);
            throw new IOException("No space left on device");
        }));
        assertEquals(f + ": cannot write: No space left on device", e.getMessage());
        assertEquals("good", Files.readString(f));
        assertEquals(List.of("keep.txt"), names(dir));
    }

    @Test
    void onAFullDiskTheErrorSaysSoAndTheTargetIsUntouched() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(dir.resolve("small"), 256)) {
            Path f = disk.dir().resolve("model.bin");
            byte[] old = new byte[20_000];
            java.util.Arrays.fill(old, (byte) 7);
            Files.write(f, old);
            disk.fill();
            var e = assertThrows(AtomicFiles.FileWriteException.class, () -> AtomicFiles.write(f, new byte[200_000]));
            assertEquals(f + ": cannot write: No space left on device", e.getMessage());
            assertArrayEquals(old, Files.readAllBytes(f));
            assertEquals(List.of("filler", "model.bin"), names(disk.dir()));
        }
    }

    @Test
    void onAReadOnlyDiskTheErrorSaysSo() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(dir.resolve("ro"), 64)) {
            Path f = disk.dir().resolve("x.csv");
            Files.writeString(f, "old");
            disk.readOnly();
            var e = assertThrows(AtomicFiles.FileWriteException.class, () -> AtomicFiles.writeString(f, "new"));
            assertTrue(e.getMessage().startsWith(f + ": cannot write: "), e.getMessage());
            assertTrue(e.getMessage().contains("Read-only file system"), e.getMessage());
            assertEquals("old", Files.readString(f));
        }
    }

    @Test
    void leftoversOfKilledWritersAreRemovedButLiveOnesAreNot() throws IOException {
        Path dead = dir.resolve(".m.landfall" + AtomicFiles.TEMP_MARK + "0a1b2c");
        Files.writeString(dead, "half a model");
        Path live = dir.resolve(".n.landfall" + AtomicFiles.TEMP_MARK + "3d4e5f");
        Files.writeString(live, "being written");
        try (FileChannel ch = FileChannel.open(live, StandardOpenOption.WRITE); FileLock lock = ch.lock()) {
            AtomicFiles.writeString(dir.resolve("m.landfall"), "model");
            assertFalse(Files.exists(dead), "an unlocked temporary file is a killed writer's");
            assertTrue(Files.exists(live), "a locked one belongs to a writer still at work");
        }
        AtomicFiles.writeString(dir.resolve("m.landfall"), "model");
        assertEquals(List.of("m.landfall"), names(dir));
    }
}
