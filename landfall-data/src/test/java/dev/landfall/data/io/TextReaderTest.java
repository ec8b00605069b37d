package dev.landfall.data.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.landfall.data.DataFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextReaderTest {
    static final Path SENTIMENT = Path.of("../examples/data/sentiment");

    @Test
    void loadsTheSentimentSentencesAndReportsTheEmptyRecords() {
        TextData all = null;
        for (String f : List.of("amazon.json", "imdb.json", "yelp.json")) {
            TextData d = TextReader.fromJson(SENTIMENT.resolve(f), "text", "class");
            assertEquals(1000, d.size(), f);
            assertEquals(500, Arrays.stream(d.labels()).filter(v -> v == 1).count(), f);
            assertEquals(1, d.skipped().size(), f);
            assertEquals(f + " record 1000: no text or no label, skipped", d.skipped().get(0));
            all = all == null ? d : all.concat(d);
        }
        assertEquals(3000, all.size());
        assertEquals(3, all.skipped().size());
        assertTrue(all.texts().stream().noneMatch(String::isBlank));
    }

    @Test
    void readsFoldersAndCsvColumns(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("neg"));
        Files.createDirectories(dir.resolve("pos"));
        Files.writeString(dir.resolve("neg/1.txt"), "awful");
        Files.writeString(dir.resolve("pos/1.txt"), "lovely");
        Files.writeString(dir.resolve("pos/2.txt"), "  ");
        TextData d = TextReader.fromFolders(dir);
        assertEquals(List.of("awful", "lovely"), d.texts());
        assertArrayEquals(new int[] {0, 1}, d.labels());
        assertEquals(List.of("neg", "pos"), d.classNames());
        assertEquals(1, d.skipped().size());
        Path csv = Files.writeString(dir.resolve("t.csv"), "text,label\n\"good, really\",1\n,0\nbad,0\n");
        TextData c = TextReader.fromCsv(csv, CsvOptions.defaults(), "text", "label");
        assertEquals(List.of("good, really", "bad"), c.texts());
        assertArrayEquals(new int[] {1, 0}, c.labels());
        assertEquals(1, c.skipped().size());
    }

    @Test
    void malformedJsonNamesTheFile(@TempDir Path dir) throws IOException {
        Path p = Files.writeString(dir.resolve("bad.json"), "[{\"text\": \"a\", \"class\": 1},\n{\"text\": ");
        var e = assertThrows(DataFormatException.class, () -> TextReader.fromJson(p, "text", "class"));
        assertTrue(e.getMessage().matches("bad\\.json line 2, column \\d+: malformed JSON \\(the text ends inside a value\\)"),
                e.getMessage());
    }

    @Test
    void csvErrorsCountDataRows(@TempDir Path dir) throws IOException {
        Path csv = Files.writeString(dir.resolve("t.csv"), "text,label\nfine,1\n,0\nodd,1.5\n");
        var e = assertThrows(DataFormatException.class, () -> TextReader.fromCsv(csv, CsvOptions.defaults(), "text",
                "label"));
        assertEquals("t.csv: data row 3 (column \"label\"): expected an integer label, found a number with a fraction",
                e.getMessage());
        Path gap = Files.writeString(dir.resolve("g.csv"), "text,label\nfine,1\n,0\n");
        assertEquals(List.of("g.csv data row 2: no text or no label, skipped"),
                TextReader.fromCsv(gap, CsvOptions.defaults(), "text", "label").skipped());
    }
}
