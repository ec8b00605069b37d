package dev.landfall.data.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.landfall.data.DataFormatException;
import dev.landfall.data.Dataset;
import dev.landfall.data.Example;
import dev.landfall.data.io.CsvOptions.BadRows;
import dev.landfall.data.table.ColumnType;
import dev.landfall.data.table.Table;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvFileTest {
    static final Path DATA = Path.of("../examples/data");

    @TempDir
    Path dir;

    Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    @Test
    void readsHeaderTypesQuotesAndMissingMarkers() throws IOException {
        Path p = write("people.csv", "name,age,city\n\"Smith, J\",41,Oslo\nLee,NA,\"Bergen\"\n\"Ann \"\"A\"\"\",?,Oslo\n");
        Table t = CsvFile.read(p);
        assertEquals(3, t.rowCount());
        assertEquals(List.of("name", "age", "city"), t.names());
        assertEquals(ColumnType.NUMERIC, t.column("age").type());
        assertEquals(ColumnType.CATEGORICAL, t.column("city").type());
        assertEquals("Smith, J", t.column("name").text(0));
        assertEquals("Ann \"A\"", t.column("name").text(2));
        assertEquals(41.0, t.column("age").numbers()[0]);
        assertTrue(Double.isNaN(t.column("age").numbers()[1]));
        assertTrue(Double.isNaN(t.column("age").numbers()[2]));
    }

    @Test
    void wrongFieldCountNamesFileAndLine() throws IOException {
        Path p = write("train.csv", "a,b,c\n1,2,3\n4,5\n6,7,8\n");
        var e = assertThrows(DataFormatException.class, () -> CsvFile.read(p));
        assertEquals("train.csv line 3: expected 3 fields, found 2", e.getMessage());
        assertEquals(3, e.line());
    }

    @Test
    void badRowsCanBeSkippedAndCounted() throws IOException {
        Path p = write("train.csv", "a,b\n1,2\n3\n4,x\n5,6\n");
        CsvFile.Result r = CsvFile.read(p, CsvOptions.defaults().withInferRows(1).withBadRows(BadRows.SKIP));
        assertEquals(2, r.table().rowCount());
        assertArrayEquals(new double[] {1, 5}, r.table().column("a").numbers());
        assertEquals(2, r.skipped().size());
        assertEquals("train.csv line 3: expected 2 fields, found 1", r.skipped().get(0).getMessage());
        assertEquals("train.csv line 4, column 2 (\"b\"): expected a number, found text that is not a number",
                r.skipped().get(1).getMessage());
    }

    @Test
    void nonNumericValueInNumericColumnIsAnError() throws IOException {
        Path p = write("num.csv", "x,y\n1,2\n3,4\n5,oops\n");
        var e = assertThrows(DataFormatException.class,
                () -> CsvFile.read(p, CsvOptions.defaults().withInferRows(2)));
        assertEquals("num.csv line 4, column 2 (\"y\"): expected a number, found text that is not a number",
                e.getMessage());
        var e2 = assertThrows(DataFormatException.class, () -> CsvFile.read(p,
                CsvOptions.defaults().withType("y", ColumnType.NUMERIC)));
        assertEquals(4, e2.line());
    }

    @Test
    void unclosedQuoteAtTheEndIsAnError() throws IOException {
        Path p = write("end.csv", "a,b\n1,2\n3,\"4\n");
        var e = assertThrows(DataFormatException.class, () -> CsvFile.read(p));
        assertTrue(e.getMessage().startsWith("end.csv line 3, column 2: unclosed quote"), e.getMessage());
    }

    @Test
    void unclosedQuoteInTheMiddleIsAnError() throws IOException {
        // FastCSV alone would return 2 rows, the second holding "2\n3,4\n5,6\n" as one field
        Path p = write("mid.csv", "a,b\n1,\"2\n3,4\n5,6\n");
        var e = assertThrows(DataFormatException.class, () -> CsvFile.read(p));
        assertTrue(e.getMessage().startsWith("mid.csv line 2, column 2: unclosed quote"), e.getMessage());
        Path streamed = write("mid2.csv", "a,b\n1,2\n7,\"8\n3,4\n");
        Iterator<Example> it = CsvFile.stream(streamed, CsvOptions.defaults().withInferRows(1), null).iterator();
        assertArrayEquals(new float[] {1, 2}, it.next().features().single().toFloatArray());
        var e2 = assertThrows(DataFormatException.class, it::hasNext);
        assertTrue(e2.getMessage().startsWith("mid2.csv line 3"), e2.getMessage());
    }

    @Test
    void closedQuotesAtTheEndAreFine() throws IOException {
        Path p = write("ok.csv", "a,b\n1,\"x\"\"\"\n2,\"\"\n");
        Table t = CsvFile.read(p, CsvOptions.defaults().withMissing("NA")).table();
        assertEquals("x\"", t.column("b").text(0));
        assertEquals("", t.column("b").text(1));
    }

    @Test
    void emptyFileIsAnError() throws IOException {
        Path p = write("empty.csv", "");
        var e = assertThrows(DataFormatException.class, () -> CsvFile.read(p));
        assertEquals("empty.csv: the file is empty; expected a header line", e.getMessage());
    }

    @Test
    void readsTsvAndGzippedHeaderlessFiles() throws IOException {
        Path p = write("t.tsv", "a\tb\n1.5\t2\n");
        Table t = CsvFile.read(p, CsvOptions.tsv()).table();
        assertArrayEquals(new double[] {1.5}, t.column("a").numbers());
        Table digits = CsvFile.read(DATA.resolve("digits.csv.gz"), CsvOptions.defaults().withHeader(false))
                .table();
        assertEquals(1797, digits.rowCount());
        assertEquals(65, digits.names().size());
        assertEquals(0.0, digits.column("column_65").numbers()[0]); // the first digit is a 0
    }

    @Test
    void readsTheSklearnLayout() {
        SklearnCsv.Data d = SklearnCsv.read(DATA.resolve("breast_cancer.csv"));
        assertArrayEquals(new int[] {569, 30}, d.features().shape().toArray());
        assertEquals(List.of("malignant", "benign"), d.classNames());
        assertEquals(17.99f, d.features().toFloatArray()[0]);
        int[] y = d.labels().toIntArray();
        assertEquals(212, java.util.Arrays.stream(y).filter(v -> v == 0).count());
        assertEquals(357, java.util.Arrays.stream(y).filter(v -> v == 1).count());
        SklearnCsv.Data iris = SklearnCsv.read(DATA.resolve("iris.csv"));
        assertEquals(List.of("setosa", "versicolor", "virginica"), iris.classNames());
    }

    @Test
    void sklearnRowCountMismatchIsAnError() throws IOException {
        Path p = write("short.csv", "3,2,a,b\n1,2,0\n3,4,1\n");
        var e = assertThrows(DataFormatException.class, () -> SklearnCsv.read(p));
        assertEquals("short.csv: the first line announces 3 rows, but the file has 2", e.getMessage());
    }

    @Test
    void streamsBatchesStraightFromTheParser() throws IOException {
        Path p = write("s.csv", "x1,x2,y\n1,2,0\n3,4,1\n5,6,0\n");
        CsvDataset d = CsvFile.stream(p, CsvOptions.defaults(), "y");
        assertEquals(2, d.featureCount());
        Dataset b = d.batch(2);
        Iterator<Example> it = b.iterator();
        Example first = it.next();
        assertArrayEquals(new float[] {1, 2, 3, 4}, first.features().single().toFloatArray());
        assertArrayEquals(new float[] {0, 1}, first.target().single().toFloatArray());
        Example last = it.next();
        assertArrayEquals(new int[] {1, 2}, last.features().single().shape().toArray());
        assertTrue(!it.hasNext());
        assertEquals(1, count(d.batch(2, true)));
        assertEquals(3, count(d.shuffle(1, 2)));
    }

    private static int count(Dataset d) {
        int n = 0;
        for (Example ignored : d) {
            n++;
        }
        return n;
    }
}
