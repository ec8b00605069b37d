package dev.landfall.data.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.landfall.data.io.CsvFile;
import dev.landfall.data.io.SklearnCsv;
import dev.landfall.data.io.TextReader;
import dev.landfall.data.table.Column;
import dev.landfall.data.table.ColumnSpec;
import dev.landfall.data.table.ColumnType;
import dev.landfall.data.table.Table;
import dev.landfall.tensor.DType;
import dev.landfall.tensor.Tensor;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TransformsTest {
    static final Path DATA = Path.of("../examples/data");

    static Table small() {
        return Table.of(List.of(Column.numeric("a", 1, 2, 3, 4), Column.numeric("b", 10, 10, 10, 10),
                Column.strings("city", ColumnType.CATEGORICAL, "Oslo", "Rome", "Oslo", "Lima"),
                Column.strings("review", ColumnType.TEXT, "Great phone!", "bad, BAD battery", "great", "ok")));
    }

    static void assertBitIdentical(Tensor a, Tensor b) {
        assertArrayEquals(a.shape().toArray(), b.shape().toArray());
        if (a.dtype() == DType.INT32) {
            assertArrayEquals(a.toIntArray(), b.toIntArray());
            return;
        }
        float[] x = a.toFloatArray(), y = b.toFloatArray();
        for (int i = 0; i < x.length; i++) {
            assertEquals(Float.floatToRawIntBits(x[i]), Float.floatToRawIntBits(y[i]), "element " + i);
        }
    }

    static Transform roundTrip(Transform t) {
        return Transforms.fromJson(Transforms.parse(t.toJson().toString()));
    }

    @Test
    void standardScalerMatchesTheFormulaAndRoundTrips() {
        Table t = small();
        StandardScaler s = new StandardScaler();
        s.fit(t, List.of("a", "b"));
        assertArrayEquals(new double[] {2.5, 10}, s.mean());
        assertArrayEquals(new double[] {Math.sqrt(1.25), 1}, s.scale(), 1e-15); // constant column: scale 1
        Tensor out = s.transform(t, List.of("a", "b"));
        assertEquals((float) ((1 - 2.5) / Math.sqrt(1.25)), out.toFloatArray()[0], 1e-6);
        assertEquals(0f, out.toFloatArray()[1]);
        assertBitIdentical(out, roundTrip(s).transform(t, List.of("a", "b")));
    }

    @Test
    void standardScalerOnBreastCancerHasZeroMeanUnitVariance() {
        Tensor x = SklearnCsv.read(DATA.resolve("breast_cancer.csv")).features();
        Tensor z = new StandardScaler().fit(x).transform(x);
        double[] v = z.toDoubleArray();
        for (int j = 0; j < 30; j++) {
            double m = 0, sq = 0;
            for (int i = 0; i < 569; i++) {
                m += v[i * 30 + j];
                sq += v[i * 30 + j] * v[i * 30 + j];
            }
            assertEquals(0, m / 569, 1e-5);
            assertEquals(1, sq / 569, 1e-4);
        }
    }

    @Test
    void minMaxScalerAndImputer() {
        Table t = Table.of(List.of(Column.numeric("a", 2, Double.NaN, 6, 4)));
        SimpleImputer imp = new SimpleImputer(SimpleImputer.Strategy.MEDIAN);
        imp.fit(t, List.of("a"));
        assertArrayEquals(new float[] {2, 4, 6, 4}, imp.transform(t, List.of("a")).toFloatArray());
        assertBitIdentical(imp.transform(t, List.of("a")), roundTrip(imp).transform(t, List.of("a")));
        MinMaxScaler mm = new MinMaxScaler(-1, 1);
        mm.fit(small(), List.of("a", "b"));
        assertArrayEquals(new float[] {-1, -1, -1f / 3, -1, 1f / 3, -1, 1, -1},
                mm.transform(small(), List.of("a", "b")).toFloatArray(), 1e-6f);
        assertBitIdentical(mm.transform(small(), List.of("a", "b")), roundTrip(mm).transform(small(),
                List.of("a", "b")));
    }

    @Test
    void oneHotEncoderHandlesUnknownCategoriesByOption() {
        OneHotEncoder strict = new OneHotEncoder();
        strict.fit(small(), List.of("city"));
        assertEquals(List.of(List.of("Lima", "Oslo", "Rome")), strict.categories());
        assertArrayEquals(new float[] {0, 1, 0, 0, 0, 1, 0, 1, 0, 1, 0, 0},
                strict.transform(small(), List.of("city")).toFloatArray());
        Table other = Table.of(List.of(Column.strings("city", ColumnType.CATEGORICAL, "Oslo", "Paris")));
        var e = assertThrows(IllegalArgumentException.class, () -> strict.transform(other, List.of("city")));
        assertEquals("OneHotEncoder: data row 2 of column \"city\" has an unknown category; expected one of the 3 "
                + "categories seen in training (use Unknown.IGNORE to encode it as all zeros)", e.getMessage());
        OneHotEncoder lenient = new OneHotEncoder(Unknown.IGNORE);
        lenient.fit(small(), List.of("city"));
        assertArrayEquals(new float[] {0, 1, 0, 0, 0, 0}, roundTrip(lenient).transform(other, List.of("city"))
                .toFloatArray());
    }

    @Test
    void labelEncoderRoundTrips() {
        Column y = Column.strings("y", ColumnType.CATEGORICAL, "b", "a", "c", "a");
        LabelEncoder le = new LabelEncoder().fit(y);
        assertArrayEquals(new int[] {1, 0, 2, 0}, le.transform(y).toIntArray());
        LabelEncoder back = LabelEncoder.fromJson(le.toJson());
        assertEquals("c", back.inverse(2));
        Column unseen = Column.strings("y", ColumnType.CATEGORICAL, "z");
        assertThrows(IllegalArgumentException.class, () -> back.transform(unseen));
        LabelEncoder lenient = LabelEncoder.fromJson(new LabelEncoder(Unknown.IGNORE).fit(y).toJson());
        assertArrayEquals(new int[] {-1}, lenient.transform(unseen).toIntArray());
    }

    @Test
    void textVectorizationIdsPaddingAndOov() {
        var tv = new TextVectorization(5, TextVectorization.OutputMode.INT, 4);
        tv.adapt(List.of("Great phone!", "bad, BAD battery", "great"));
        // counts: great 2, bad 2, battery 1, phone 1 -> ties in descending token order (Keras);
        // max 5 ids = pad, oov, 3 tokens
        assertEquals(List.of("", "[UNK]", "great", "bad", "phone"), tv.vocabulary());
        assertArrayEquals(new int[] {2, 4, 0, 0, 3, 3, 1, 1}, tv.transform(List.of("GREAT phone", "bad bad battery x y"))
                .toIntArray());
        assertBitIdentical(tv.transform(List.of("great bad")), ((TextVectorization) roundTrip(tv)).transform(
                List.of("great bad")));
    }

    @Test
    void textVectorizationMultiHotAndTfIdf() {
        List<String> docs = List.of("a b", "a c", "a");
        var mh = new TextVectorization(0, TextVectorization.OutputMode.MULTI_HOT, 0).adapt(docs);
        assertEquals(List.of("[UNK]", "a", "c", "b"), mh.vocabulary()); // no padding index outside INT
        assertArrayEquals(new float[] {1, 1, 0, 1}, mh.transform(List.of("b a z b")).toFloatArray());
        var tf = new TextVectorization(0, TextVectorization.OutputMode.TF_IDF, 0).adapt(docs);
        float[] v = tf.transform(List.of("b b a")).toFloatArray();
        assertEquals((float) (2 * Math.log(1 + 3 / 2.0)), v[3], 1e-6); // tf 2, df 1
        assertEquals((float) Math.log(1 + 3 / 4.0), v[1], 1e-6); // tf 1, df 3
        assertBitIdentical(tf.transform(List.of("b b a c")), ((TextVectorization) roundTrip(tf))
                .transform(List.of("b b a c")));
        var sentiment = new TextVectorization(2000, TextVectorization.OutputMode.INT, 20).adapt(
                TextReader.fromJson(DATA.resolve("sentiment/yelp.json"), "text", "class").texts());
        assertEquals(2000, sentiment.vocabulary().size());
        assertEquals(1, sentiment.id("zzzqqq"));
    }

    @Test
    void pipelineKnowsSchemaAndShapeAndRoundTrips() {
        Pipeline p = Pipeline.of(Pipeline.step(new StandardScaler(), "a", "b"),
                Pipeline.step(new OneHotEncoder(Unknown.IGNORE), "city"),
                Pipeline.step(new TextVectorization(0, TextVectorization.OutputMode.MULTI_HOT, 0), "review"));
        p.fit(small());
        assertEquals(List.of(new ColumnSpec("a", ColumnType.NUMERIC), new ColumnSpec("b", ColumnType.NUMERIC),
                new ColumnSpec("city", ColumnType.CATEGORICAL), new ColumnSpec("review", ColumnType.TEXT)),
                p.rawSchema());
        // 2 scaled + 3 cities + multi-hot vocabulary ([UNK], bad, great, phone, ok, battery)
        assertArrayEquals(new int[] {11}, p.outputShape());
        Tensor x = p.transform(small());
        assertArrayEquals(new int[] {4, 11}, x.shape().toArray());
        Pipeline back = Pipeline.fromJson(Transforms.parse(p.toJson().toString()));
        assertEquals(p.rawSchema(), back.rawSchema());
        assertBitIdentical(x, back.transform(small()));
        Tensor served = back.transformRecords(List.of(Map.of("a", 1, "b", 10, "city", "Oslo",
                "review", "Great phone!")));
        assertBitIdentical(x.slice(0, 0, 1), served);
        var e = assertThrows(IllegalArgumentException.class, () -> back.transformRecords(List.of(Map.of("a", "x"))));
        assertTrue(e.getMessage().contains("record 0, field \"a\": expected a number"), e.getMessage());
        assertEquals(dev.landfall.data.InvalidRecordException.Problem.WRONG_TYPE,
                ((dev.landfall.data.InvalidRecordException) e).problem());
    }

    @Test
    void imageNormalizationAdaptsPerChannel() {
        Tensor img = Tensor.fromArray(new float[] {0, 100, 255, 100, 0, 100, 255, 100}, 1, 2, 2, 2);
        ImageNormalization n = ImageNormalization.perChannel(1.0 / 255).adapt(img);
        float[] out = n.transform(img).toFloatArray();
        assertEquals(-1f, out[0], 1e-6); // channel 0 values {0, 255, 0, 255}: mean 0.5, std 0.5
        assertEquals(1f, out[2], 1e-6);
        assertEquals(0f, out[1], 1e-6); // constant channel: std 1, value minus mean
        assertBitIdentical(n.transform(img), ImageNormalization.fromJson(n.toJson()).transform(img));
        assertEquals(1f, ImageNormalization.rescaling(1.0 / 255).transform(img).toFloatArray()[2]);
    }

    @Test
    void unfittedTransformsSaySo() {
        var e = assertThrows(IllegalStateException.class, () -> new StandardScaler().transform(Tensor.zeros(2, 2)));
        assertEquals("standard_scaler is not fitted yet; call fit on the training data first", e.getMessage());
        StandardScaler back = (StandardScaler) roundTrip(new StandardScaler());
        assertTrue(!back.isFitted());
        var missing = assertThrows(java.io.UncheckedIOException.class, () -> CsvFile.read(DATA.resolve("nope.csv")));
        assertTrue(missing.getMessage().endsWith("nope.csv: no such file"), missing.getMessage());
    }
}
