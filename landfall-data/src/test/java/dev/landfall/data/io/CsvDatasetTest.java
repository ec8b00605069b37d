package dev.landfall.data.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.landfall.data.DataFormatException;
import dev.landfall.data.Datasets;
import dev.landfall.data.Example;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvDatasetTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void needsProcFd() {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "counts descriptors in /proc/self/fd");
    }

    /** How many descriptors of this process point at {@code file}. */
    static long openHandles(Path file) throws IOException {
        Path real = file.toRealPath();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).equals(real);
                } catch (IOException | UnsupportedOperationException e) {
                    return false; // closed meanwhile, or not a link
                }
            }).count();
        }
    }

    Path numbers(int rows, String bad) throws IOException {
        StringBuilder sb = new StringBuilder("a,b\n");
        for (int i = 0; i < rows; i++) {
            sb.append(i == rows / 2 && bad != null ? bad : i + "," + i).append('\n');
        }
        return Files.writeString(dir.resolve("n.csv"), sb);
    }

    @Test
    void takeReleasesTheFile() throws IOException {
        Path p = numbers(100, null);
        CsvDataset d = CsvFile.stream(p, CsvOptions.defaults(), "b");
        for (int i = 0; i < 50; i++) {
            d.take(1).iterator().next();
        }
        assertEquals(0, openHandles(p));
    }

    @Test
    void aStoppedPassIsClosedByDatasetsClose() throws IOException {
        Path p = numbers(100, null);
        Iterator<Example> it = CsvFile.stream(p, CsvOptions.defaults(), "b").map(e -> e).iterator();
        it.next();
        assertEquals(1, openHandles(p));
        Datasets.close(it);
        assertEquals(0, openHandles(p));
    }

    @Test
    void aBadRowClosesTheFile() throws IOException {
        Path p = numbers(10, "1,2,3");
        Iterator<Example> it = CsvFile.stream(p, CsvOptions.defaults(), "b").iterator();
        var e = assertThrows(DataFormatException.class, () -> {
            while (it.hasNext()) {
                it.next();
            }
        });
        assertTrue(e.getMessage().contains("line 7"), e.getMessage());
        assertEquals(0, openHandles(p));
    }

    @Test
    void aFileEmptiedAfterConstructionLeaksNothing() throws IOException {
        Path p = numbers(3, null);
        CsvDataset d = CsvFile.stream(p, CsvOptions.defaults(), "b");
        Files.writeString(p, "");
        assertThrows(DataFormatException.class, d::iterator);
        assertEquals(0, openHandles(p));
    }

    @Test
    void skipCountsBelongToTheirPass() throws IOException {
        Path p = numbers(10, "1,2,3");
        CsvDataset d = CsvFile.stream(p, CsvOptions.defaults().withBadRows(CsvOptions.BadRows.SKIP), "b");
        CsvDataset.Pass first = d.iterator(0);
        for (int i = 0; i < 7; i++) {
            first.next(); // past the bad row
        }
        assertEquals(1, first.skippedRows());
        CsvDataset.Pass second = d.iterator(0); // used to reset the shared count
        second.next();
        while (first.hasNext()) {
            first.next();
        }
        assertEquals(1, d.skippedRows(), "the finished pass published its own count");
        assertEquals(0, second.skippedRows());
        Datasets.close(second);
        assertEquals(0, d.skippedRows(), "the most recently ended pass skipped nothing");
    }
}
