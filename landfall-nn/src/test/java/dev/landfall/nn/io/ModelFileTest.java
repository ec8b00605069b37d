package dev.landfall.nn.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.landfall.Landfall;
import dev.landfall.nn.Activations;
import dev.landfall.nn.FitOptions;
import dev.landfall.nn.Losses;
import dev.landfall.nn.Metrics;
import dev.landfall.nn.Model;
import dev.landfall.nn.Optimizers;
import dev.landfall.nn.Sequential;
import dev.landfall.nn.callbacks.ModelCheckpoint;
import dev.landfall.nn.layers.Add;
import dev.landfall.nn.layers.BatchNormalization;
import dev.landfall.nn.layers.Dense;
import dev.landfall.nn.layers.Dropout;
import dev.landfall.nn.layers.Input;
import dev.landfall.nn.layers.SymbolicTensor;
import dev.landfall.tensor.DType;
import dev.landfall.tensor.Rng;
import dev.landfall.tensor.Shape;
import dev.landfall.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelFileTest {
    @TempDir
    Path dir;

    static Tensor x(int n) {
        return Tensor.normal(Shape.of(n, 4), 0, 1, DType.FLOAT32, Rng.of(n));
    }

    static Sequential trained() {
        Landfall.setSeed(3);
        Sequential m = Sequential.of(Input.of(4), Dense.of(8, Activations.RELU), BatchNormalization.of(), Dropout.of(0.2),
                Dense.of(1, Activations.SIGMOID));
        m.compile(Optimizers.adam(0.01), Losses.binaryCrossentropy(), Metrics.accuracy());
        Tensor y = x(64).slice(1, 0, 1).gt(0.0).to(DType.FLOAT32);
        m.fit(x(64), y, FitOptions.epochs(2).verbosity(FitOptions.Verbosity.SILENT));
        return m;
    }

    @Test
    void roundTripGivesIdenticalPredictionsAndCompanions() {
        Sequential m = trained();
        Path f = dir.resolve("m.landfall");
        ModelFile.save(f, m, SaveOptions.defaults().labels(List.of("no", "yes")).labelColumn("target")
                .metrics(Map.of("test_accuracy", 0.9)).fingerprint(Fingerprints.of(x(64))).epoch(2));
        LoadedModel back = ModelFile.load(f);
        assertArrayEquals(m.predict(x(16)).toFloatArray(), back.model().predict(x(16)).toFloatArray(), 0f);
        assertEquals(m.summary(), back.model().summary());
        assertEquals(List.of("no", "yes"), back.labels());
        assertEquals("target", back.labelColumn());
        assertEquals(0.9, back.metrics().get("test_accuracy"));
        assertEquals(2, back.epoch());
        assertEquals(Fingerprints.of(x(64)), back.fingerprint());
        assertEquals(Landfall.VERSION, back.landfallVersion());
        assertTrue(back.model().isCompiled());
        assertEquals("adam", back.model().optimizer().name());
        assertArrayEquals(new int[] {-1, 4}, back.signature().inputs().get(0).shape());
        assertEquals("dense_1", back.signature().outputs().get(0).name());
    }

    @Test
    void functionalModelsRoundTrip() {
        Input a = Input.of(4);
        SymbolicTensor h = Dense.of(4, Activations.TANH).apply(a);
        Model m = Model.of(a, Dense.of(2).apply(Add.of().apply(h, a)));
        Path f = dir.resolve("f.landfall");
        ModelFile.save(f, m, SaveOptions.defaults());
        Model back = ModelFile.load(f).model();
        assertArrayEquals(m.predict(x(5)).toFloatArray(), back.predict(x(5)).toFloatArray(), 0f);
        assertEquals(m.summary(), back.summary());
    }

    @Test
    void resumingFromACheckpointContinuesExactly() {
        Sequential m = trained();
        Path f = dir.resolve("ckpt.landfall");
        ModelFile.save(f, m, SaveOptions.defaults().includeOptimizer(true).epoch(2));
        LoadedModel back = ModelFile.load(f);
        Tensor y = x(64).slice(1, 0, 1).gt(0.0).to(DType.FLOAT32);
        Landfall.setSeed(9);
        m.fit(x(64), y, FitOptions.epochs(3).initialEpoch(2).verbosity(FitOptions.Verbosity.SILENT));
        Landfall.setSeed(9);
        back.model().fit(x(64), y, FitOptions.epochs(3).initialEpoch(back.epoch()).verbosity(FitOptions.Verbosity.SILENT));
        for (Map.Entry<String, Tensor> e : m.stateDict().entrySet()) {
            assertArrayEquals(e.getValue().toFloatArray(), back.model().stateDict().get(e.getKey()).toFloatArray(), 0f,
                    e.getKey());
        }
    }

    @Test
    void checkpointSavesOnlyImprovements() {
        Sequential m = Sequential.of(Input.of(4), Dense.of(1));
        m.compile(Optimizers.sgd(0.01), Losses.meanSquaredError());
        Path f = dir.resolve("best.landfall");
        ModelCheckpoint cp = ModelCheckpoint.bestOnly(f, "loss");
        m.fit(x(32), Tensor.zeros(32, 1), FitOptions.epochs(4).shuffle(false).callbacks(cp).verbosity(FitOptions.Verbosity.SILENT));
        assertEquals(4, cp.saves(), "a loss falling every epoch is saved every epoch");
        assertEquals(4, ModelFile.load(f).epoch());
    }

    @Test
    void anIndependentPythonReaderOpensTheFile() throws Exception {
        Sequential m = trained();
        Path f = dir.resolve("py.landfall");
        ModelFile.save(f, m, SaveOptions.defaults().includeOptimizer(true));
        Path script = dir.resolve("read_landfall.py");
        try (var in = ModelFileTest.class.getResourceAsStream("/read_landfall.py")) {
            Files.copy(in, script);
        }
        Process p = new ProcessBuilder("python3", script.toString(), f.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        JsonNode summary = new ObjectMapper().readTree(out);
        assertEquals(ModelFile.FORMAT_VERSION, summary.get("formatVersion").asInt());
        JsonNode tensors = summary.get("tensors");
        assertEquals(m.stateDict().size(), tensors.size());
        for (Map.Entry<String, Tensor> e : m.stateDict().entrySet()) {
            JsonNode t = tensors.get(e.getKey());
            assertEquals("F32", t.get("dtype").asText(), e.getKey());
            assertEquals(e.getValue().shape().toString(), t.get("shape").toString().replace(",", ", "), e.getKey());
            double sum = 0;
            for (float v : e.getValue().toFloatArray()) {
                sum += v;
            }
            assertEquals(sum, t.get("sum").asDouble(), 1e-6 * Math.max(1, Math.abs(sum)), e.getKey());
        }
    }

    // ---------------------------------------------------------------- damaged and foreign files

    private Path saved() {
        Path f = dir.resolve("ok.landfall");
        ModelFile.save(f, Sequential.of(Input.of(4), Dense.of(2)), SaveOptions.defaults());
        return f;
    }

    private static Map<String, byte[]> entries(Path f) throws IOException {
        Map<String, byte[]> m = new LinkedHashMap<>();
        try (ZipFile z = new ZipFile(f.toFile())) {
            var it = z.entries();
            while (it.hasMoreElements()) {
                ZipEntry e = it.nextElement();
                m.put(e.getName(), z.getInputStream(e).readAllBytes());
            }
        }
        return m;
    }

    private static void write(Path f, Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(buf)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        Files.write(f, buf.toByteArray());
    }

    private static String fails(Path f) {
        return assertThrows(ModelFileException.class, () -> ModelFile.load(f)).getMessage();
    }

    @Test
    void truncatedFileIsReportedAsSuch() throws IOException {
        Path f = saved();
        byte[] all = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(all, all.length / 2));
        String msg = fails(f);
        assertTrue(msg.startsWith("ok.landfall is not a readable model file (truncated or not a zip archive)"), msg);
    }

    @Test
    void editedModelJsonOrWeightsFailTheirDigest() throws IOException {
        Path f = saved();
        Map<String, byte[]> e = entries(f);
        byte[] w = e.get("weights.safetensors");
        w[w.length - 1] ^= 1;
        write(f, e);
        assertEquals("ok.landfall: weights.safetensors does not match its SHA-256 in metadata.json; the file was modified "
                + "or damaged", fails(f));
        Path g = saved();
        Map<String, byte[]> e2 = entries(g);
        e2.put("model.json", new String(e2.get("model.json"), StandardCharsets.UTF_8).replace("\"units\" : 2", "\"units\" : 3")
                .getBytes(StandardCharsets.UTF_8));
        write(g, e2);
        assertTrue(fails(g).contains("model.json does not match its SHA-256"), fails(g));
    }

    @Test
    void newerFormatVersionIsRefusedWithTheVersions() throws IOException {
        Path f = saved();
        Map<String, byte[]> e = entries(f);
        ObjectMapper json = new ObjectMapper();
        ObjectNode model = (ObjectNode) json.readTree(e.get("model.json"));
        model.put("formatVersion", 3);
        e.put("model.json", json.writeValueAsBytes(model));
        ObjectNode meta = (ObjectNode) json.readTree(e.get("metadata.json"));
        ((ObjectNode) meta.get("sha256")).put("model.json", Fingerprints.sha256(e.get("model.json")));
        e.put("metadata.json", json.writeValueAsBytes(meta));
        write(f, e);
        assertEquals("ok.landfall has format version 3; this Landfall reads at most 1. Upgrade Landfall to read it", fails(f));
    }

    @Test
    void unknownAndDuplicateEntriesAreRefused() throws IOException {
        Path f = saved();
        Map<String, byte[]> e = entries(f);
        e.put("extra.bin", new byte[] {1});
        write(f, e);
        assertTrue(fails(f).contains("unexpected entry 'extra.bin'"), fails(f));
    }

    @Test
    void aFailedSaveLeavesTheOldFileIntact() throws IOException {
        Path f = saved();
        byte[] before = Files.readAllBytes(f);
        Sequential unbuilt = Sequential.of(Dense.of(2));
        assertThrows(IllegalStateException.class, () -> ModelFile.save(f, unbuilt, SaveOptions.defaults()));
        assertArrayEquals(before, Files.readAllBytes(f));
        try (var files = Files.list(dir)) {
            assertEquals(List.of("ok.landfall"), files.map(p -> p.getFileName().toString()).toList(), "no temp files left");
        }
    }

    @Test
    void safetensorsReaderRejectsHolesAndBadHeaders() {
        byte[] ok = SafeTensors.write(Map.of("a", Tensor.ones(2), "b", Tensor.zeros(3)), Map.of("k", "v"));
        SafeTensors.Contents c = SafeTensors.read(ok, "t.safetensors");
        assertArrayEquals(new float[] {1, 1}, c.tensors().get("a").toFloatArray());
        assertEquals("v", c.metadata().get("k"));
        byte[] extra = java.util.Arrays.copyOf(ok, ok.length + 4);
        assertTrue(assertThrows(ModelFileException.class, () -> SafeTensors.read(extra, "t.safetensors")).getMessage()
                .contains("bytes after the last tensor"));
        byte[] huge = ok.clone();
        huge[7] = 0x7f;
        assertTrue(assertThrows(ModelFileException.class, () -> SafeTensors.read(huge, "t.safetensors")).getMessage()
                .contains("header length"));
    }
}
