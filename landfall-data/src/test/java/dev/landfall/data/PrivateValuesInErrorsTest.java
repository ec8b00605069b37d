package dev.landfall.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.landfall.data.format.DataFormats;
import dev.landfall.data.format.Labels;
import dev.landfall.data.format.ReadOptions;
import dev.landfall.data.io.CsvFile;
import dev.landfall.data.io.CsvOptions;
import dev.landfall.data.io.SklearnCsv;
import dev.landfall.data.io.TextReader;
import dev.landfall.data.table.Column;
import dev.landfall.data.table.ColumnType;
import dev.landfall.data.table.Table;
import dev.landfall.data.transform.LabelEncoder;
import dev.landfall.data.transform.OneHotEncoder;
import dev.landfall.data.transform.Pipeline;
import dev.landfall.data.transform.StandardScaler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Errors name the file, the row or record, the field and what was expected, never a value from the
 * data: every bad value here carries a marker that no message, nor any cause's message, may repeat.
 */
class PrivateValuesInErrorsTest {
    private static final String MARKER = "SECRET-7731";
    /** The digits alone: a number from the data (7731.25) must not show either. */
    private static final String DIGITS = "7731";

    @TempDir
    Path dir;

    /** The error {@code run} throws, after checking that no message in its cause chain holds data. */
    private static Throwable refusal(Executable run, String... mustSay) {
        Throwable e = assertThrows(RuntimeException.class, run);
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage());
            assertFalse(m.contains(DIGITS), "a value from the data in: " + m);
            assertFalse(m.contains("\n"), "a message of more than one line: " + m);
        }
        for (String s : mustSay) {
            assertTrue(e.getMessage().contains(s), "expected '" + s + "' in: " + e.getMessage());
        }
        return e;
    }

    private static void readAll(Dataset d) {
        var it = d.iterator();
        while (it.hasNext()) {
            it.next();
        }
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void csvCellThatIsNotANumber() throws IOException {
        Path p = write("people.csv", "age,income\n31,1200\n" + MARKER + ",1300\n");
        refusal(() -> CsvFile.read(p, CsvOptions.defaults().withType("age", ColumnType.NUMERIC)),
                "people.csv line 3, column 1 (\"age\"): expected a number, found text that is not a number");
        var skipped = CsvFile.read(p, CsvOptions.defaults().withType("age", ColumnType.NUMERIC)
                .withBadRows(CsvOptions.BadRows.SKIP)).skipped();
        assertEquals(1, skipped.size());
        assertFalse(skipped.get(0).getMessage().contains(DIGITS), skipped.get(0).getMessage());
        refusal(() -> readAll(CsvFile.stream(p, CsvOptions.defaults().withInferRows(1), "income")),
                "people.csv line 3, column 1 (\"age\"): expected a number, found text that is not a number");
        Path label = write("labels.csv", "age,income\n31," + MARKER + "\n");
        refusal(() -> readAll(CsvFile.stream(label, CsvOptions.defaults().withType("income", ColumnType.NUMERIC),
                "income")),
                "labels.csv line 2, column 2 (\"income\"): expected a number, found text that is not a number");
    }

    @Test
    void csvCharacterAfterAClosingQuote() throws IOException {
        Path p = write("quoted.csv", "a,b\n\"x\"" + MARKER + ",1\n");
        refusal(() -> CsvFile.read(p, CsvOptions.defaults()), "quoted.csv line 2: malformed CSV");
    }

    @Test
    void sklearnCsvCells() throws IOException {
        refusal(() -> SklearnCsv.read(write("bc.csv", "1,2,a,b\n0.5," + MARKER + ",1\n")),
                "bc.csv line 2, column 2: expected a number");
        refusal(() -> SklearnCsv.read(write("label.csv", "1,1,a,b\n0.5,7731.25\n")),
                "label.csv line 2, column 2: expected a class id in [0, 2), found a number with a fraction");
        refusal(() -> SklearnCsv.read(write("head.csv", MARKER + ",1,a\n")),
                "head.csv line 1, column 1: expected the row count (an integer)");
    }

    @Test
    void jsonRecordFields() throws IOException {
        Path f = write("r.json", "[{\"age\": 1}, {\"age\": \"" + MARKER + "\"}]");
        refusal(() -> DataFormats.read(f, "json", ReadOptions.defaults().type("age", ColumnType.NUMERIC)),
                "r.json: record 2, field \"age\": expected a number, found a string");
        Path object = write("o.json", "[{\"city\": \"Oslo\"}, {\"city\": {\"name\": \"" + MARKER + "\"}}]");
        refusal(() -> DataFormats.read(object, "json", ReadOptions.defaults()),
                "o.json: record 2, field \"city\": expected a number or a text, found an object");
        Path notRecord = write("n.json", "[{\"age\": 1}, \"" + MARKER + "\"]");
        refusal(() -> DataFormats.read(notRecord, "json", ReadOptions.defaults()),
                "n.json: record 1: expected an object, found a string");
        Path malformed = write("m.json", "[{\"age\": 1},\n {\"age\": " + MARKER + "}]");
        refusal(() -> DataFormats.read(malformed, "json", ReadOptions.defaults()), "m.json line 2, column ",
                ": malformed JSON");
    }

    @Test
    void textRecordsAndTheirLabels() throws IOException {
        Path label = write("t.json", "[{\"text\": \"fine\", \"class\": 1}, {\"text\": \"ok\", \"class\": \"" + MARKER
                + "\"}]");
        refusal(() -> TextReader.fromJson(label, "text", "class"),
                "t.json: record 1, field \"class\": expected an integer label, found a string");
        Path fraction = write("f.json", "[{\"text\": \"fine\", \"class\": 7731.25}]");
        refusal(() -> TextReader.fromJson(fraction, "text", "class"), "found a number with a fraction");
        Path malformed = write("m.json", "[{\"text\": " + MARKER + ", \"class\": 1}]");
        refusal(() -> TextReader.fromJson(malformed, "text", "class"), "m.json line 1, column ", ": malformed JSON");
        Path empty = write("e.json", "[{\"text\": \"" + MARKER + "\"}, {\"text\": \"fine\", \"class\": 0}]");
        List<String> notes = TextReader.fromJson(empty, "text", "class").skipped();
        assertEquals(List.of("e.json record 0: no text or no label, skipped"), notes);
        Path csv = write("t.csv", "text,label\nok," + MARKER + "\nfine,1\n");
        refusal(() -> TextReader.fromCsv(csv, CsvOptions.defaults(), "text", "label"),
                "t.csv: data row 1 (column \"label\"): expected an integer label, found text that is not a number");
    }

    @Test
    void labelsOutsideTheClasses() {
        Column names = Column.strings("y", ColumnType.CATEGORICAL, "cat", MARKER);
        refusal(() -> Labels.encode(names, List.of("cat", "dog"), true, "pets.csv column 'y'"),
                "pets.csv column 'y': row 2: the label is not one of the classes [cat, dog]");
        refusal(() -> Labels.encode(Column.numeric("y", 1, 7731.25), List.of(), true, "ids.csv column 'y'"),
                "ids.csv column 'y': row 2: expected a class id (0, 1, …), found a number with a fraction");
        refusal(() -> Labels.encode(Column.numeric("y", 0, 7731), List.of("a", "b"), true, "w"),
                "w: row 2: expected a class id below 2");
        refusal(() -> Labels.encode(Column.numeric("y", 0, 7731e3), List.of(), true, "w"),
                "w: row 2: a class id of 1048576 or more");
        LabelEncoder le = new LabelEncoder().fit(Column.strings("y", ColumnType.CATEGORICAL, "cat", "dog"));
        refusal(() -> le.transform(Column.strings("y", ColumnType.CATEGORICAL, "dog", MARKER)),
                "data row 2 of column \"y\" has a label that is not one of the classes; known: [cat, dog]");
    }

    @Test
    void categoriesAndRecordsThroughThePreprocessing() {
        OneHotEncoder oh = new OneHotEncoder();
        oh.fit(Table.of(List.of(Column.strings("city", ColumnType.CATEGORICAL, "Oslo", "Rome"))), List.of("city"));
        var e = (InvalidRecordException) refusal(() -> oh.transform(Table.of(List.of(Column.strings("city",
                ColumnType.CATEGORICAL, "Rome", MARKER))), List.of("city")),
                "data row 2 of column \"city\" has an unknown category; expected one of the 2 categories");
        assertEquals(InvalidRecordException.Problem.UNKNOWN_CATEGORY, e.problem());
        assertFalse(e.expected().contains("Oslo"), "categories come from the training data: " + e.expected());

        Pipeline p = Pipeline.of(Pipeline.step(new StandardScaler(), "age"));
        p.fit(Table.of(List.of(Column.numeric("age", 30, 40))));
        refusal(() -> p.transformRecords(List.of(Map.of("age", 35), Map.of("age", MARKER))),
                "record 1, field \"age\": expected a number, found a string");
        refusal(() -> p.transformRecords(List.of(Map.of("age", Map.of("years", MARKER)))),
                "record 0, field \"age\": expected a number, found an object");
    }
}
