package dev.landfall.nn.predict;

import dev.landfall.Landfall;
import dev.landfall.data.InvalidRecordException;
import dev.landfall.data.InvalidRecordException.Problem;
import dev.landfall.data.table.Column;
import dev.landfall.data.table.ColumnType;
import dev.landfall.data.table.Table;
import dev.landfall.data.transform.OneHotEncoder;
import dev.landfall.data.transform.Pipeline;
import dev.landfall.data.transform.SimpleImputer;
import dev.landfall.data.transform.StandardScaler;
import dev.landfall.data.transform.Unknown;
import dev.landfall.nn.Activations;
import dev.landfall.nn.Losses;
import dev.landfall.nn.Metrics;
import dev.landfall.nn.Optimizers;
import dev.landfall.nn.Sequential;
import dev.landfall.nn.io.ModelFile;
import dev.landfall.nn.io.SaveOptions;
import dev.landfall.nn.layers.Dense;
import dev.landfall.nn.layers.Flatten;
import dev.landfall.nn.layers.Input;
import dev.landfall.tensor.Shape;
import dev.landfall.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PredictorTest {
    static final List<String> CITIES = List.of("Oslo", "Rome", "Lima");

    @TempDir
    static Path dir;
    static Predictor table;

    /** A 3-class model over age (scaled, no imputer), income (imputed) and city (one-hot, unknown is an error). */
    @BeforeAll
    static void save() {
        Landfall.setSeed(3);
        Table train = Table.of(List.of(Column.numeric("age", 20, 35, 50, 65),
                Column.numeric("income", 1, Double.NaN, 3, 4),
                Column.strings("city", ColumnType.CATEGORICAL, "Oslo", "Rome", "Lima", "Oslo")));
        Pipeline p = Pipeline.of(Pipeline.step(new StandardScaler(), "age"),
                Pipeline.step(new SimpleImputer(SimpleImputer.Strategy.MEAN), "income"),
                Pipeline.step(new OneHotEncoder(Unknown.ERROR), "city")).fit(train);
        Sequential m = Sequential.of(Input.of(5), Dense.of(8, Activations.RELU), Dense.of(3, Activations.SOFTMAX));
        m.compile(Optimizers.adam(), Losses.sparseCategoricalCrossentropy(), Metrics.accuracy());
        Path f = dir.resolve("table.landfall");
        ModelFile.save(f, m, SaveOptions.defaults().pipeline(p).labels(List.of("a", "b", "c")).labelColumn("y"));
        table = Predictor.load(f);
    }

    private static Map<String, Object> record(double age, Double income, String city) {
        Map<String, Object> r = new HashMap<>();
        r.put("age", age);
        r.put("income", income);
        r.put("city", city);
        return r;
    }

    @Test
    void recordsJsonAndCsvGiveTheSamePrediction() {
        Prediction fromMap = table.predict(record(41, 2.0, "Rome"));
        Prediction fromJson = table.predictJson("{\"age\": 41, \"income\": 2, \"city\": \"Rome\"}").get(0);
        Prediction fromCsv = table.predictCsv("city,income,age\nRome,2,41\n").get(0);
        for (Prediction p : List.of(fromJson, fromCsv)) {
            assertArrayEquals(fromMap.probabilities(), p.probabilities());
            assertEquals(fromMap.label(), p.label());
        }
        assertEquals(1.0, fromMap.probabilities()[0] + fromMap.probabilities()[1] + fromMap.probabilities()[2], 1e-6);
        assertEquals(List.of("a", "b", "c"), fromMap.classes());
        assertEquals(fromMap.classes().get(fromMap.classId()), fromMap.label());
        assertEquals(fromMap.label(), fromMap.topK(1).get(0).label());
        // a missing income is imputed, as in training
        assertEquals(3, table.predictJson("[{\"age\": 30, \"income\": null, \"city\": \"Oslo\"}, "
                + "{\"age\": 30, \"income\": 1, \"city\": \"Lima\"}, {\"age\": 1, \"income\": 9, \"city\": \"Oslo\"}]")
                .size());
    }

    /**
     * 10,000 records in calls of 1 to 40 records, as maps, JSON or CSV: run by 8 threads at once, every
     * call gives bit for bit what it gives on one thread.
     */
    @Test
    void eightThreadsGetWhatOneThreadGets() throws Exception {
        Random rnd = new Random(11);
        List<Function<Predictor, Predictions>> calls = new ArrayList<>();
        int total = 0;
        while (total < 10_000) {
            int n = Math.min(1 + rnd.nextInt(40), 10_000 - total);
            List<Map<String, Object>> batch = new ArrayList<>();
            StringBuilder json = new StringBuilder("[");
            StringBuilder csv = new StringBuilder("age,income,city\n");
            for (int i = 0; i < n; i++) {
                double age = 18 + rnd.nextInt(60);
                Double income = rnd.nextInt(10) == 0 ? null : (double) rnd.nextInt(100);
                String city = CITIES.get(rnd.nextInt(3));
                batch.add(record(age, income, city));
                json.append(i == 0 ? "" : ",").append("{\"age\":").append(age).append(",\"income\":").append(income)
                        .append(",\"city\":\"").append(city).append("\"}");
                csv.append(age).append(',').append(income == null ? "" : income).append(',').append(city).append('\n');
            }
            String j = json.append(']').toString();
            String c = csv.toString();
            switch (calls.size() % 3) {
                case 0 -> calls.add(p -> p.predictRecords(batch));
                case 1 -> calls.add(p -> p.predictJson(j));
                default -> calls.add(p -> p.predictCsv(c));
            }
            total += n;
        }
        List<Predictions> alone = new ArrayList<>();
        for (Function<Predictor, Predictions> call : calls) {
            alone.add(call.apply(table));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Predictions>> together = new ArrayList<>();
            for (Function<Predictor, Predictions> call : calls) {
                together.add(pool.submit(() -> call.apply(table)));
            }
            int records = 0;
            for (int k = 0; k < calls.size(); k++) {
                Predictions a = alone.get(k);
                Predictions b = together.get(k).get();
                assertEquals(a.size(), b.size());
                for (int i = 0; i < a.size(); i++) {
                    assertArrayEquals(a.get(i).probabilities(), b.get(i).probabilities(), "call " + k + " record " + i);
                    assertEquals(a.get(i).label(), b.get(i).label());
                }
                records += a.size();
            }
            assertEquals(10_000, records);
        } finally {
            pool.shutdownNow();
        }
    }

    private static InvalidRecordException bad(Runnable r) {
        return assertThrows(InvalidRecordException.class, r::run);
    }

    @Test
    void eachKindOfBadRecordIsATypedErrorNamingRecordAndField() {
        InvalidRecordException missing = bad(() -> table.predictRecords(List.of(record(30, 1.0, "Oslo"),
                Map.of("age", 30, "city", "Oslo"))));
        assertEquals(Problem.MISSING_FIELD, missing.problem());
        assertEquals(1, missing.record());
        assertEquals("income", missing.field());
        assertEquals("record 1, field \"income\": expected the field (null for a missing value), found no such field",
                missing.getMessage());

        InvalidRecordException type = bad(() -> table.predictJson("{\"age\": \"old\", \"income\": 1, \"city\": \"Oslo\"}"));
        assertEquals(Problem.WRONG_TYPE, type.problem());
        assertEquals("age", type.field());
        assertEquals("record 0, field \"age\": expected a number, found a string", type.getMessage());

        InvalidRecordException object = bad(() -> table.predictJson("{\"age\": 1, \"income\": 1, \"city\": {\"x\": 1}}"));
        assertEquals(Problem.WRONG_TYPE, object.problem());
        assertEquals("city", object.field());

        InvalidRecordException unknown = bad(() -> table.predictRecords(List.of(record(30, 1.0, "Oslo"),
                record(30, 1.0, "Paris"))));
        assertEquals(Problem.UNKNOWN_CATEGORY, unknown.problem());
        assertEquals(1, unknown.record());
        assertEquals("city", unknown.field());
        assertTrue(unknown.getMessage().contains("has an unknown category; expected one of the 3 categories seen in "
                + "training"), unknown.getMessage());
        assertFalse(unknown.getMessage().contains("Paris"), "the record's value stays out of the message");

        InvalidRecordException noValue = bad(() -> table.predict(record(Double.NaN, 1.0, "Oslo")));
        assertEquals(Problem.MISSING_VALUE, noValue.problem());
        assertEquals("age", noValue.field());
        assertTrue(noValue.getMessage().contains("no value for age, and the model's preprocessing has no imputer"),
                noValue.getMessage());

        InvalidRecordException csv = bad(() -> table.predictCsv("age,city\n30,Oslo\n"));
        assertEquals(Problem.MISSING_FIELD, csv.problem());
        assertEquals("income", csv.field());

        InvalidRecordException json = bad(() -> table.predictJson("{\"age\": "));
        assertEquals(Problem.MALFORMED, json.problem());
        InvalidRecordException notObject = bad(() -> table.predictJson("[1, 2]"));
        assertEquals(Problem.MALFORMED, notObject.problem());
        assertEquals(0, notObject.record());

        InvalidRecordException image = bad(() -> table.predictImage(new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB)));
        assertEquals(Problem.WRONG_SHAPE, image.problem());
    }

    @Test
    void imageModelTakesEncodedImagesOfItsSize() throws IOException {
        Landfall.setSeed(5);
        Sequential m = Sequential.of(Input.of(Shape.of(4, 6, 3), dev.landfall.tensor.DType.FLOAT32), Flatten.of(),
                Dense.of(2, Activations.SOFTMAX));
        Path f = dir.resolve("images.landfall");
        ModelFile.save(f, m, SaveOptions.defaults().labels(List.of("cat", "dog")));
        Predictor p = Predictor.load(f);
        assertEquals(Predictor.InputKind.IMAGES, p.inputKind());
        BufferedImage img = new BufferedImage(6, 4, BufferedImage.TYPE_INT_RGB);
        img.setRGB(1, 2, 0x8040C0);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(img, "png", png);
        Prediction fromBytes = p.predictImage(png.toByteArray());
        float[] pixels = new float[4 * 6 * 3];
        pixels[(2 * 6 + 1) * 3] = 0x80;
        pixels[(2 * 6 + 1) * 3 + 1] = 0x40;
        pixels[(2 * 6 + 1) * 3 + 2] = 0xC0;
        Prediction fromTensor = p.predictTensor(Tensor.wrap(pixels, 1, 4, 6, 3)).get(0);
        assertArrayEquals(fromTensor.probabilities(), fromBytes.probabilities());

        InvalidRecordException size = bad(() -> p.predictImage(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB)));
        assertEquals(Problem.WRONG_IMAGE_SIZE, size.problem());
        assertEquals("the image is 4x4 (height x width); the model takes 4x6", size.getMessage());
        InvalidRecordException garbage = bad(() -> p.predictImage(new byte[] {1, 2, 3}));
        assertEquals(Problem.BAD_IMAGE, garbage.problem());
        InvalidRecordException records = bad(() -> p.predict(Map.of("a", 1)));
        assertEquals(Problem.WRONG_SHAPE, records.problem());
    }

    @Test
    void modelWithoutPipelineReadsNumbersByPositionAndDecodesLogits() {
        Landfall.setSeed(9);
        Sequential m = Sequential.of(Input.of(3), Dense.of(1));
        m.compile(Optimizers.adam(), Losses.binaryCrossentropy(true, 0), Metrics.accuracy());
        Path f = dir.resolve("logits.landfall");
        ModelFile.save(f, m, SaveOptions.defaults().labels(List.of("no", "yes")));
        Predictor p = Predictor.load(f);
        assertEquals(Predictor.InputKind.TENSOR, p.inputKind());
        Prediction one = p.predictJson("[1.5, -2, 0.25]").get(0);
        Prediction csv = p.predictCsv("a,b,c\n1.5,-2,0.25\n").get(0);
        assertArrayEquals(one.probabilities(), csv.probabilities());
        double logit = one.values()[0];
        assertEquals(1 / (1 + Math.exp(-logit)), one.probabilities()[1], 1e-6, "from_logits outputs go through a sigmoid");
        assertEquals(2, p.predictJson("[[1, 2, 3], [4, 5, 6]]").size());
        InvalidRecordException shape = bad(() -> p.predictJson("[[1, 2]]"));
        assertEquals(Problem.WRONG_SHAPE, shape.problem());
        assertTrue(p.whatItReads().contains("reads rows of 3 numbers by position"), p.whatItReads());
    }

    @Test
    void regressionModelGivesValuesNoLabel() {
        Landfall.setSeed(2);
        Sequential m = Sequential.of(Input.of(2), Dense.of(2));
        Path f = dir.resolve("reg.landfall");
        ModelFile.save(f, m, SaveOptions.defaults());
        Prediction r = Predictor.load(f).predictTensor(Tensor.wrap(new float[] {1, 2}, 1, 2)).get(0);
        assertNull(r.label());
        assertEquals(2, r.values().length);
        assertEquals(List.of("dense"), List.copyOf(r.outputs().keySet()));
        assertArrayEquals(r.values(), r.outputs().get("dense"));
    }
}
