package dev.landfall.data.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.landfall.data.table.ColumnType;
import dev.landfall.data.table.Table;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvRowsTest {
    @TempDir
    Path dir;

    Path withBom(String text) throws IOException {
        return Files.write(dir.resolve("bom.csv"), ("\uFEFF" + text).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aByteOrderMarkIsNotPartOfTheFirstHeaderName() throws IOException {
        Path p = withBom("id,x\n1,2\n3,4\n");
        Table t = CsvFile.read(p);
        assertEquals(List.of("id", "x"), t.names());
        CsvDataset d = CsvFile.stream(p, CsvOptions.defaults(), "id");
        assertEquals(List.of("id", "x"), d.columnNames());
        assertArrayEquals(new float[] {1}, d.iterator().next().target().single().toFloatArray());
    }

    @Test
    void aByteOrderMarkIsNotPartOfTheFirstValue() throws IOException {
        Path p = withBom("1.5,2\n3,4\n");
        Table t = CsvFile.read(p, CsvOptions.defaults().withHeader(false)).table();
        assertEquals(ColumnType.NUMERIC, t.column("column_1").type());
        assertArrayEquals(new double[] {1.5, 3}, t.column("column_1").numbers());
    }

    @Test
    void aFileWithoutAByteOrderMarkKeepsItsFirstCharacter() throws IOException {
        Path p = Files.writeString(dir.resolve("plain.csv"), "id,x\n1,2\n");
        assertEquals(List.of("id", "x"), CsvFile.read(p).names());
    }
}
