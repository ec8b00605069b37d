package dev.landfall.data.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.landfall.data.DataFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SklearnCsvTest {
    @TempDir
    Path dir;

    DataFormatException failure(String text) throws IOException {
        Path p = Files.writeString(dir.resolve("d.csv"), text);
        return assertThrows(DataFormatException.class, () -> SklearnCsv.read(p));
    }

    @Test
    void negativeCountsFailOnLineOne() throws IOException {
        var e = failure("-2,1,a,b\n1,0\n");
        assertEquals(1, e.line());
        assertTrue(e.getMessage().contains("found -2 rows of 1 features"), e.getMessage());
        assertEquals(1, failure("2,-1,a,b\n").line());
    }

    @Test
    void countsTooLargeForAnArrayFailOnLineOne() throws IOException {
        var e = failure("2000000,2000000,a,b\n1,2,0\n");
        assertEquals(1, e.line());
        assertTrue(e.getMessage().contains("4000000000000 values"), e.getMessage());
    }

    @Test
    void anOverstatedRowCountIsReportedNotAllocated() throws IOException {
        var e = failure("100000000,20,a,b\n" + "1,".repeat(20) + "0\n");
        assertTrue(e.getMessage().contains("announces 100000000 rows, but the file has 1"), e.getMessage());
    }

    @Test
    void readsGrowingArraysToTheAnnouncedSize() throws IOException {
        StringBuilder sb = new StringBuilder("40,2,a,b\n");
        for (int i = 0; i < 40; i++) {
            sb.append(i).append(',').append(-i).append(',').append(i % 2).append('\n');
        }
        SklearnCsv.Data d = SklearnCsv.read(Files.writeString(dir.resolve("ok.csv"), sb));
        assertArrayEquals(new int[] {40, 2}, d.features().shape().toArray());
        assertEquals(-39f, d.features().toFloatArray()[79]);
        assertEquals(1, d.labels().toIntArray()[39]);
    }
}
