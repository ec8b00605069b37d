package dev.landfall.io;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A real small file system for fault tests: a tmpfs of a few hundred KB mounted in a test folder (so a
 * disk can really fill up, and really be read-only, even for root). Where mounting is not allowed the
 * test is skipped with the reason.
 */
public final class SmallDisk implements AutoCloseable {
    private final Path dir;

    private SmallDisk(Path dir) {
        this.dir = dir;
    }

    /** A tmpfs of {@code kilobytes} at {@code dir} (created); skips the test when it cannot be mounted. */
    public static SmallDisk mount(Path dir, int kilobytes) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        int rc = run(List.of("mount", "-t", "tmpfs", "-o", "size=" + kilobytes + "k", "tmpfs", dir.toString()));
        Assumptions.assumeTrue(rc == 0, "cannot mount a tmpfs here (needs root or CAP_SYS_ADMIN); the fault "
                + "tests with a full or read-only disk are skipped");
        return new SmallDisk(dir);
    }

    public Path dir() {
        return dir;
    }

    /** Fills the rest of the disk with a file named {@code filler}. */
    public void fill() throws IOException {
        byte[] block = new byte[4096];
        try (var out = Files.newOutputStream(dir.resolve("filler"))) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            // the disk is full: what this method is for
        }
    }

    /** Makes the disk read-only (a real one: root cannot write either). */
    public void readOnly() throws IOException, InterruptedException {
        if (run(List.of("mount", "-o", "remount,ro", dir.toString())) != 0) {
            throw new IOException("cannot remount " + dir + " read-only");
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run(List.of("umount", dir.toString()));
    }

    private static int run(List<String> cmd) throws IOException, InterruptedException {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor();
        } catch (IOException e) {
            return -1;
        }
    }
}
