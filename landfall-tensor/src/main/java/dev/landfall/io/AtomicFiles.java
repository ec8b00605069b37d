package dev.landfall.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * The one way Landfall writes a file that matters (model files, checkpoints, predictions, CSV logs,
 * reports, benchmark results): into a temporary file in the target's folder, flushed and
 * {@code fsync}ed, then renamed over the target. A reader sees the old file or the new one, never a
 * part; any error (a full disk, no permission, a folder where the file should be) leaves the target
 * as it was and fails with a {@link FileWriteException} that names the path and the cause.
 *
 * <p>Temporary files are named {@code .NAME.landfall-tmp-RANDOM} and are held under a file lock
 * while written; a write deletes the unlocked ones it finds in its folder (left by killed processes).
 * A replaced file keeps its permissions; a new one gets the umask's, as other tools' files do.
 *
 * <pre>{@code
 * AtomicFiles.write(Path.of("predictions.csv"), out -> out.write(bytes));
 * AtomicFiles.writeString(Path.of("bench.json"), json);
 * }</pre>
 */
public final class AtomicFiles {
    /** What marks a temporary file as Landfall's: {@code .NAME} + this + a random suffix. */
    public static final String TEMP_MARK = ".landfall-tmp-";
    private static final SecureRandom RANDOM = new SecureRandom();

    private AtomicFiles() {
    }

    /** Writes what the body writes to the stream. */
    @FunctionalInterface
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    /** A write that failed; its message is {@code PATH: cannot write: CAUSE}, with the system's words for the cause. */
    public static final class FileWriteException extends UncheckedIOException {
        private static final long serialVersionUID = 1L;

        public FileWriteException(Path target, IOException cause) {
            super(target + ": cannot write: " + reason(cause), cause);
        }

        private static String reason(IOException e) {
            if (e instanceof AccessDeniedException) {
                return "permission denied";
            }
            if (e instanceof NoSuchFileException) {
                return "no such folder";
            }
            if (e instanceof FileSystemException f && f.getReason() != null) {
                return f.getReason();
            }
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
    }

    /** Writes bytes. @throws FileWriteException naming the path and the cause; the target is then untouched */
    public static void write(Path target, byte[] bytes) {
        write(target, out -> out.write(bytes));
    }

    /** Writes text as UTF-8. */
    public static void writeString(Path target, String text) {
        write(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes lines, each ended by {@code \n}, as UTF-8. */
    public static void writeLines(Path target, List<String> lines) {
        write(target, out -> {
            for (String l : lines) {
                out.write(l.getBytes(StandardCharsets.UTF_8));
                out.write('\n');
            }
        });
    }

    /**
     * Writes the file atomically.
     *
     * @throws FileWriteException naming the path and the cause ({@code No space left on device}, {@code is
     *     a folder}, {@code permission denied}); the target is then as it was
     */
    public static void write(Path target, Body body) {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (Files.isDirectory(abs)) {
            throw new FileWriteException(target, new FileSystemException(abs.toString(), null, "is a folder"));
        }
        Path tmp = dir.resolve("." + abs.getFileName() + TEMP_MARK + HexFormat.of().formatHex(randomBytes()));
        try {
            Files.createDirectories(dir);
            removeStale(dir);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                 FileLock lock = ch.lock()) {
                // the channel's stream reports every failed write (a PrintStream would swallow it)
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(new Unclosable(ch)), 1 << 16);
                body.writeTo(out);
                out.flush();
                ch.force(true);
                keepMode(abs, tmp);
                move(tmp, abs);
                tmp = null;
            }
            syncFolder(dir);
        } catch (IOException e) {
            throw new FileWriteException(target, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the first error is the one to report; the next write into this folder removes it
                }
            }
        }
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[6];
        RANDOM.nextBytes(b);
        return b;
    }

    private static void move(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** A replaced file keeps its permissions (the new file was made with the umask's). */
    private static void keepMode(Path target, Path tmp) throws IOException {
        PosixFileAttributeView old = Files.getFileAttributeView(target, PosixFileAttributeView.class);
        if (old == null || !Files.exists(target)) {
            return;
        }
        Set<PosixFilePermission> perms = old.readAttributes().permissions();
        Files.setPosixFilePermissions(tmp, perms);
    }

    /** Makes the rename durable; folders that cannot be opened for sync (some file systems) are left as they are. */
    private static void syncFolder(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // best effort: the data itself was forced before the rename
        }
    }

    /**
     * Deletes the temporary files in {@code dir} that no live writer holds (their process was killed):
     * a writer locks its file for as long as it writes, and the lock dies with the process.
     */
    static void removeStale(Path dir) {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, ".*" + TEMP_MARK + "*")) {
            for (Path p : s) {
                try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
                    FileLock lock = ch.tryLock();
                    if (lock != null) {
                        Files.deleteIfExists(p);
                        lock.release();
                    }
                } catch (OverlappingFileLockException | IOException ignored) {
                    // held by a writer in this JVM, or gone already
                }
            }
        } catch (IOException ignored) {
            // a folder that cannot be listed: the write itself will say what is wrong
        }
    }

    /** A channel view whose close does not close the real channel (the writer closes it after the rename). */
    private static final class Unclosable implements java.nio.channels.WritableByteChannel {
        private final FileChannel ch;

        Unclosable(FileChannel ch) {
            this.ch = ch;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            return ch.write(src);
        }

        @Override
        public boolean isOpen() {
            return ch.isOpen();
        }

        @Override
        public void close() {
            // the real channel stays open until the file is renamed
        }
    }
}
