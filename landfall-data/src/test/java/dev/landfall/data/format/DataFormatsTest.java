package dev.landfall.data.format;

import dev.landfall.data.DataFormatException;
import dev.landfall.data.catalog.FashionMnist;
import dev.landfall.data.table.ColumnType;
import dev.landfall.tensor.DType;
import dev.landfall.tensor.Tensor;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class DataFormatsTest {
    static final Path DATA = Path.of("../examples/data");

    @TempDir
    Path dir;

    /** One reader test per registered format; a format without one fails {@link #everyFormatHasAReaderTest}. */
    private Map<String, ReaderTest> readerTests() {
        Map<String, ReaderTest> t = new LinkedHashMap<>();
        t.put("csv", this::readsCsv);
        t.put("sklearn-csv", this::readsSklearnCsv);
        t.put("json", this::readsJsonRecords);
        t.put("idx", this::readsIdx);
        t.put("image-folder", this::readsImageFolder);
        t.put("fashion-mnist", this::readsFashionMnist);
        return t;
    }

    interface ReaderTest {
        void run() throws IOException;
    }

    @Test
    void everyFormatHasAReaderTest() throws IOException {
        Map<String, ReaderTest> tests = readerTests();
        for (DataFormat f : DataFormats.all()) {
            ReaderTest t = tests.get(f.name());
            if (t == null) {
                fail("the format '" + f.name() + "' has no reader test in DataFormatsTest.readerTests()");
            }
            t.run();
        }
    }

    @Test
    void namesAndAliasesResolveToOneFormat() {
        assertSame(DataFormats.get("json"), DataFormats.get("text-json"));
        assertEquals(List.of("fashion-mnist", "image-folder", "idx", "json", "sklearn-csv", "csv"), DataFormats.names());
        var e = assertThrows(IllegalArgumentException.class, () -> DataFormats.get("xls"));
        assertTrue(e.getMessage().contains("unknown data format 'xls' (known: "), e.getMessage());
        assertEquals("json, sklearn-csv or csv", DataFormats.namesOf(DataFormat.Kind.TABLE));
    }

    @Test
    void sniffingTellsFormatsApart() throws IOException {
        assertEquals("sklearn-csv", DataFormats.sniff(DATA.resolve("breast_cancer.csv")).name());
        assertEquals("csv", DataFormats.sniff(DATA.resolve("digits.csv.gz")).name());
        assertEquals("json", DataFormats.sniff(DATA.resolve("sentiment/yelp.json")).name());
        Path noExt = dir.resolve("records");
        Files.writeString(noExt, "  [ {\"a\": 1} ]");
        assertEquals("json", DataFormats.sniff(noExt).name());
        assertEquals("idx", DataFormats.sniff(idx(dir.resolve("x.idx.gz"), 3)).name());
        Files.createDirectories(dir.resolve("folder/a"));
        assertEquals("image-folder", DataFormats.sniff(dir.resolve("folder")).name());
    }

    @Test
    void missingPathIsADataError() {
        var e = assertThrows(DataFormatException.class, () -> DataFormats.read(dir.resolve("nope.csv"), "auto",
                ReadOptions.defaults()));
        assertTrue(e.getMessage().endsWith("nope.csv: no such file or folder"), e.getMessage());
    }

    @Test
    void registeringATakenNameIsRefused() {
        DataFormat clash = new DataFormat() {
            public String name() {
                return "csv";
            }

            public Kind kind() {
                return Kind.TABLE;
            }

            public String description() {
                return "";
            }

            public boolean sniff(Path p) {
                return false;
            }

            public RawData read(Path p, ReadOptions o) {
                return null;
            }
        };
        assertThrows(IllegalArgumentException.class, () -> DataFormats.register(clash));
    }

    void readsCsv() throws IOException {
        Path f = dir.resolve("rows.csv");
        Files.writeString(f, "age,city,y\n31,Oslo,1\n,Rome,0\n");
        RawData d = DataFormats.read(f, "csv", ReadOptions.defaults().label("y"));
        assertEquals(List.of("age", "city"), d.table().names());
        assertEquals(ColumnType.CATEGORICAL, d.table().column("city").type());
        assertTrue(d.table().column("age").isMissing(1));
        assertArrayEquals(new double[] {1, 0}, d.labels().numbers());
        assertArrayEquals(new int[] {1, 2}, d.rows());
        // no header line: generated or given names; gzipped files read the same way
        RawData digits = DataFormats.read(DATA.resolve("digits.csv.gz"), "csv", ReadOptions.defaults().header(false)
                .label("column_65"));
        assertEquals(1797, digits.size());
        assertEquals(64, digits.table().names().size());
        List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < 64; i++) {
            names.add("p" + i);
        }
        names.add("digit");
        RawData named = DataFormats.read(DATA.resolve("digits.csv.gz"), "csv", ReadOptions.defaults().header(false)
                .names(names).label("digit"));
        assertEquals("p0", named.table().names().get(0));
        assertEquals(0.0, named.labels().numbers()[0]);
        var wrong = assertThrows(DataFormatException.class, () -> DataFormats.read(DATA.resolve("digits.csv.gz"), "csv",
                ReadOptions.defaults().header(false).names(List.of("a", "b"))));
        assertTrue(wrong.getMessage().contains("expected 2 fields (the names given: a, b), found 65"), wrong.getMessage());
        // a label column the file does not have: no labels, for the caller to word
        assertFalse(DataFormats.read(f, "csv", ReadOptions.defaults().label("z")).hasLabels());
    }

    void readsSklearnCsv() {
        RawData d = DataFormats.read(DATA.resolve("iris.csv"), "sklearn-csv", ReadOptions.defaults().label("target"));
        assertEquals(150, d.size());
        assertEquals(List.of("feature_0", "feature_1", "feature_2", "feature_3"), d.table().names());
        assertEquals(List.of("setosa", "versicolor", "virginica"), d.classNames());
        Labels l = Labels.encode(d.labels(), d.classNames(), true, "iris.csv column 'target'");
        assertEquals(2.0, l.values()[149]);
    }

    void readsJsonRecords() throws IOException {
        RawData d = DataFormats.read(DATA.resolve("sentiment/yelp.json"), "text-json", ReadOptions.defaults()
                .label("class").fields(List.of("text")).type("text", ColumnType.TEXT));
        assertEquals(1000, d.size());
        assertEquals(List.of("Skipped 1 record(s) with no value for [text, class]"), d.notes());
        assertEquals(ColumnType.TEXT, d.table().column("text").type());
        Path f = dir.resolve("r.json");
        Files.writeString(f, "[{\"a\": 1, \"b\": \"x\"}, {\"a\": null, \"b\": \"y\", \"c\": 2}, {\"a\": \"oops\"}]");
        var e = assertThrows(DataFormatException.class, () -> DataFormats.read(f, "json",
                ReadOptions.defaults().type("a", ColumnType.NUMERIC)));
        assertTrue(e.getMessage().contains("record 3, field \"a\": expected a number, found a string"), e.getMessage());
        Files.writeString(f, "[{\"a\": 1, \"b\": \"x\"}, {\"a\": null, \"b\": \"y\", \"c\": 2}]");
        RawData all = DataFormats.read(f, "json", ReadOptions.defaults().optionalLabel("c"));
        assertEquals(List.of("a", "b"), all.table().names());
        assertTrue(all.labels().isMissing(0), "optional labels keep unlabelled records for prediction");
        RawData labelled = DataFormats.read(f, "json", ReadOptions.defaults().label("c"));
        assertEquals(1, labelled.size());
        assertArrayEquals(new int[] {2}, labelled.rows());
        Files.writeString(f, "{\"a\": 1}");
        assertThrows(DataFormatException.class, () -> DataFormats.read(f, "json", ReadOptions.defaults()));
    }

    void readsIdx() throws IOException {
        Path images = idx(dir.resolve("i.idx.gz"), 3);
        Path labels = idx(dir.resolve("l.idx"), 1);
        RawData d = DataFormats.read(images, "idx", ReadOptions.defaults().labelsFile(labels));
        assertEquals(List.of(2, 3, 2, 1), java.util.Arrays.stream(d.images().shape().toArray()).boxed().toList());
        assertArrayEquals(new double[] {0, 1}, d.labels().numbers());
        assertNull(DataFormats.read(images, "idx", ReadOptions.defaults()).labels());
    }

    void readsImageFolder() throws IOException {
        Path root = dir.resolve("imgs");
        for (String c : List.of("cat", "dog")) {
            Files.createDirectories(root.resolve(c));
            BufferedImage img = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
            img.setRGB(0, 0, c.equals("cat") ? 0xFF0000 : 0x00FF00);
            ImageIO.write(img, "png", root.resolve(c).resolve("a.png").toFile());
        }
        RawData d = DataFormats.read(root, "auto", ReadOptions.defaults().imageSize(4, 4));
        assertEquals(List.of("cat", "dog"), d.classNames());
        assertEquals(255f, d.images().toFloatArray()[0]);
        assertEquals(255f, d.images().toFloatArray()[4 * 4 * 3 + 1]);
        var e = assertThrows(DataFormatException.class, () -> DataFormats.read(root, "image-folder", ReadOptions.defaults()));
        assertTrue(e.getMessage().contains("image_size"), e.getMessage());
    }

    void readsFashionMnist() {
        Path home = Path.of(FashionMnist.SYSTEM_DIR);
        Assumptions.assumeTrue(FashionMnist.locate(home).isPresent() || System.getenv("CI") != null,
                "Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist)");
        RawData d = DataFormats.read(home, "auto", ReadOptions.defaults());
        assertEquals(60000, d.size());
        assertEquals(10000, d.ownTest().size());
        assertEquals(FashionMnist.CLASS_NAMES, d.classNames());
        assertEquals(List.of("Using the Fashion-MNIST test set (10000 images)"), d.ownTest().notes());
    }

    /** A tiny IDX file: rank 3 is two 3x2 images of bytes 0..11, rank 1 the labels 0, 1. */
    private static Path idx(Path f, int rank) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(b)) {
            out.writeInt(0x0800 | rank);
            out.writeInt(2);
            if (rank == 3) {
                out.writeInt(3);
                out.writeInt(2);
                for (int i = 0; i < 12; i++) {
                    out.writeByte(i);
                }
            } else {
                out.writeByte(0);
                out.writeByte(1);
            }
        }
        if (f.toString().endsWith(".gz")) {
            try (GZIPOutputStream z = new GZIPOutputStream(Files.newOutputStream(f))) {
                z.write(b.toByteArray());
            }
        } else {
            Files.write(f, b.toByteArray());
        }
        return f;
    }

    @Test
    void labelsBeyondTheIntRangeAreRefusedNotWrapped() {
        var col = dev.landfall.data.table.Column.numeric("y", 0, 4294967295.0);
        var e = assertThrows(DataFormatException.class, () -> Labels.encode(col, List.of(), true, "f.json column 'y'"));
        assertEquals("f.json column 'y': row 2: the class id is too large (more than 2147483646)", e.getMessage());
        var known = assertThrows(DataFormatException.class, () -> Labels.encode(col, List.of("a", "b"), true, "w"));
        assertEquals("w: row 2: expected a class id below 2 (the classes [a, b]), found a larger one", known.getMessage());
        Tensor ids = Labels.encode(dev.landfall.data.table.Column.numeric("y", 1, 0), List.of(), true, "w").classIds();
        assertEquals(DType.INT32, ids.dtype());
    }
}
