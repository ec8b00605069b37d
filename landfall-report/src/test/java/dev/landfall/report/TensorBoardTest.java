package dev.landfall.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.landfall.nn.History;
import dev.landfall.nn.Model;
import dev.landfall.report.tensorboard.TensorBoardCallback;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Event files read back by an independent reader, {@code read_tfevents.py} (Python's standard library
 * only: it checks the TFRecord framing and both masked CRC32Cs of every record and decodes the
 * protobufs by hand), and compared with {@code History}.
 */
class TensorBoardTest {
    @TempDir
    static Path dir;
    static History history;
    static TensorBoardCallback tb;
    static Model model;

    @BeforeAll
    static void train() {
        Blobs train = new Blobs(300, 1);
        model = Blobs.model();
        tb = new TensorBoardCallback(dir.resolve("logs")).histogramFreq(2).updateFreq(4);
        history = model.fit(train.x, train.y, Blobs.fit(5).callbacks(tb));
    }

    static JsonNode read(Path events) throws IOException, InterruptedException {
        Path script = dir.resolve("read_tfevents.py");
        if (!Files.exists(script)) {
            try (var in = TensorBoardTest.class.getResourceAsStream("/read_tfevents.py")) {
                Files.copy(in, script);
            }
        }
        Process p = new ProcessBuilder("python3", script.toString(), events.toString()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc = p.waitFor();
        return new ObjectMapper().createObjectNode().put("rc", rc).put("stderr", err)
                .set("doc", rc == 0 ? new ObjectMapper().readTree(out) : null);
    }

    @Test
    void epochScalarsEqualTheHistory() throws Exception {
        JsonNode train = read(tb.trainFile());
        assertEquals(0, train.get("rc").asInt(), train.get("stderr").asText());
        JsonNode events = train.get("doc").get("events");
        assertEquals("brain.Event:2", events.get(0).get("file_version").asText());
        for (String key : List.of("loss", "accuracy", "macro_f1")) {
            List<Double> want = history.get(key);
            List<Double> got = scalars(events, "epoch_" + key);
            assertEquals(want.size(), got.size(), key);
            for (int i = 0; i < want.size(); i++) {
                assertEquals((float) (double) want.get(i), (float) (double) got.get(i), key + " epoch " + i);
            }
        }
        assertEquals(List.of(0.002, 0.002, 0.002, 0.002, 0.002), round(scalars(events, "epoch_learning_rate")));
        JsonNode val = read(tb.validationFile());
        assertEquals(0, val.get("rc").asInt(), val.get("stderr").asText());
        List<Double> valLoss = scalars(val.get("doc").get("events"), "epoch_loss");
        for (int i = 0; i < 5; i++) {
            assertEquals((float) (double) history.get("val_loss").get(i), (float) (double) valLoss.get(i));
        }
        // 240 training rows in batches of 32: 8 steps an epoch, a batch_loss every 4 steps
        assertEquals(10, scalars(events, "batch_loss").size());
    }

    @Test
    void weightHistogramsCountEveryWeight() throws Exception {
        JsonNode events = read(tb.trainFile()).get("doc").get("events");
        java.util.Map<Long, java.util.Set<String>> tagsByStep = new java.util.TreeMap<>();
        for (JsonNode e : events) {
            JsonNode h = e.get("histograms");
            if (h == null) {
                continue;
            }
            for (var it = h.fields(); it.hasNext(); ) {
                var f = it.next();
                String weight = f.getKey().replaceFirst("/histogram$", "");
                dev.landfall.tensor.Tensor w = model.stateDict().get(weight);
                assertEquals(w.size(), f.getValue().get("num").asInt(), weight);
                double sum = 0;
                for (JsonNode b : f.getValue().get("bucket")) {
                    sum += b.asDouble();
                }
                assertEquals(w.size(), sum, 0, weight + " buckets");
                tagsByStep.computeIfAbsent(e.get("step").asLong(), k -> new java.util.TreeSet<>()).add(weight);
            }
        }
        // epochs 0, 2, 4 with histogram_freq 2, each with every weight
        assertEquals(List.of(0L, 2L, 4L), List.copyOf(tagsByStep.keySet()));
        for (java.util.Set<String> tags : tagsByStep.values()) {
            assertEquals(new java.util.TreeSet<>(model.stateDict().keySet()), tags);
        }
    }

    @Test
    void aFlippedBitIsCaughtByTheReader() throws Exception {
        Path copy = dir.resolve("flipped.tfevents");
        byte[] b = Files.readAllBytes(tb.trainFile());
        b[b.length / 2] ^= 0x10;
        Files.write(copy, b);
        JsonNode r = read(copy);
        assertEquals(1, r.get("rc").asInt());
        assertTrue(r.get("stderr").asText().toLowerCase().contains("crc"), r.get("stderr").asText());
    }

    @Test
    void aSecondFitWritesNewFilesAndAFailedFitClosesThem(@org.junit.jupiter.api.io.TempDir Path logs) throws Exception {
        Blobs train = new Blobs(120, 4);
        Model m = Blobs.model();
        TensorBoardCallback cb = new TensorBoardCallback(logs);
        m.fit(train.x, train.y, Blobs.fit(1).callbacks(cb));
        Path first = cb.trainFile();
        History second = m.fit(train.x, train.y, Blobs.fit(2).callbacks(cb)); // fine-tuning: fit again
        assertTrue(!first.equals(cb.trainFile()), "a new file for the second fit");
        List<Double> loss = scalars(read(cb.trainFile()).get("doc").get("events"), "epoch_loss");
        assertEquals(2, loss.size());
        assertEquals((float) (double) second.get("loss").get(1), (float) (double) loss.get(1));
        assertEquals(null, cb.failure());
        // a fit that throws skips onTrainEnd; close() ends the files, and each reads back whole
        Model broken = Blobs.model();
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> broken.fit(train.x, Blobs.badTargets(train.y), Blobs.fit(1).callbacks(cb)));
        assertTrue(e.getMessage() != null);
        cb.close();
        assertEquals(0, read(cb.trainFile()).get("rc").asInt());
    }

    static List<Double> scalars(JsonNode events, String tag) {
        List<Double> out = new java.util.ArrayList<>();
        for (JsonNode e : events) {
            JsonNode s = e.get("scalars");
            if (s != null && s.has(tag)) {
                out.add(s.get(tag).asDouble());
            }
        }
        return out;
    }

    static List<Double> round(List<Double> v) {
        return v.stream().map(x -> Math.round(x * 1e6) / 1e6).toList();
    }
}
