package dev.landfall.nn;

import dev.landfall.nn.callbacks.CSVLogger;
import dev.landfall.nn.callbacks.Callback;
import dev.landfall.nn.callbacks.EarlyStopping;
import dev.landfall.nn.callbacks.LearningRateScheduler;
import dev.landfall.nn.callbacks.ReduceLROnPlateau;
import dev.landfall.nn.callbacks.TerminateOnNaN;
import dev.landfall.nn.layers.Dense;
import dev.landfall.nn.layers.Input;
import dev.landfall.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CallbacksTest {
    /** Feeds a scripted value as "val_loss" at the end of each epoch. */
    static final class Script extends Callback {
        final double[] values;

        Script(double... values) {
            this.values = values;
        }

        @Override
        public void onEpochEnd(int epoch, Map<String, Double> logs) {
            logs.put("val_loss", values[epoch]);
        }
    }

    static Sequential tiny(double lr) {
        Sequential m = Sequential.of(Input.of(1), Dense.of(1));
        m.compile(Optimizers.sgd(lr), Losses.meanSquaredError());
        return m;
    }

    static FitOptions quiet(int epochs) {
        return FitOptions.epochs(epochs).verbosity(FitOptions.Verbosity.SILENT);
    }

    @Test
    void earlyStoppingStopsAfterPatienceAndRestoresTheBestWeights() {
        Sequential m = tiny(0.1);
        List<float[]> weightsPerEpoch = new ArrayList<>();
        Callback recorder = new Callback() {
            @Override
            public void onEpochEnd(int epoch, Map<String, Double> logs) {
                weightsPerEpoch.add(m.stateDict().get("dense.kernel").toFloatArray());
            }
        };
        EarlyStopping es = EarlyStopping.of("val_loss", 2, true);
        History h = m.fit(Tensor.ones(4, 1), Tensor.full(3.0, 4, 1),
                quiet(10).callbacks(new Script(5, 3, 4, 4, 1, 0), recorder, es));
        assertEquals(4, h.epochs().size(), "stops at the second epoch without improvement");
        assertEquals(3, es.stoppedEpoch());
        assertEquals(1, es.bestEpoch());
        assertArrayEquals(weightsPerEpoch.get(1), m.stateDict().get("dense.kernel").toFloatArray(), 0f);
    }

    @Test
    void reduceLrOnPlateauCutsTheRate() {
        Sequential m = tiny(0.1);
        m.fit(Tensor.ones(4, 1), Tensor.ones(4, 1), quiet(5).callbacks(new Script(1, 1, 1, 1, 1),
                ReduceLROnPlateau.of("val_loss", 0.5, 2)));
        // plateau from epoch 1: reduced after epochs 2 and 4
        assertEquals(0.025, m.optimizer().currentLearningRate(), 1e-12);
    }

    @Test
    void learningRateSchedulerSetsTheRateEachEpoch() {
        Sequential m = tiny(0.1);
        List<Double> seen = new ArrayList<>();
        m.fit(Tensor.ones(4, 1), Tensor.ones(4, 1), quiet(3).callbacks(new LearningRateScheduler((e, lr) -> 0.1 / (e + 1)),
                new Callback() {
                    @Override
                    public void onEpochEnd(int epoch, Map<String, Double> logs) {
                        seen.add(model.optimizer().currentLearningRate());
                    }
                }));
        assertEquals(List.of(0.1, 0.05, 0.1 / 3), seen);
    }

    @Test
    void terminateOnNanNamesEpochAndBatch() {
        Sequential m = tiny(1e30);
        TerminateOnNaN t = new TerminateOnNaN();
        History h = m.fit(Tensor.full(1e20, 8, 1), Tensor.ones(8, 1), quiet(5).batchSize(2).callbacks(t));
        assertTrue(t.message() != null && t.message().matches("TerminateOnNaN: invalid loss .* at epoch 1, batch \\d+; training stopped"),
                String.valueOf(t.message()));
        assertTrue(h.epochs().size() <= 1);
    }

    @Test
    void csvLoggerWritesOneRowPerEpoch(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("log.csv");
        tiny(0.1).fit(Tensor.ones(4, 1), Tensor.ones(4, 1), quiet(3).callbacks(CSVLogger.of(file)));
        List<String> lines = Files.readAllLines(file);
        assertEquals(4, lines.size());
        assertEquals("epoch,loss", lines.get(0));
        assertTrue(lines.get(3).startsWith("2,"), lines.get(3));
    }

    @Test
    void plainProgressPrintsOneLinePerEpoch() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        Sequential m = tiny(0.1);
        m.compile(Optimizers.sgd(0.1), Losses.meanSquaredError(), Metrics.meanAbsoluteError());
        m.fit(Tensor.ones(4, 1), Tensor.ones(4, 1), FitOptions.epochs(2).verbosity(FitOptions.Verbosity.LINE)
                .output(new PrintStream(buf, true)));
        String[] lines = buf.toString().split("\n");
        assertEquals(2, lines.length, buf.toString());
        assertTrue(lines[1].matches("Epoch 2/2 - \\d+ms - loss: \\d+\\.\\d{4} - mean_absolute_error: \\d+\\.\\d{4}"), lines[1]);
    }

    @Test
    void progressBarShowsStepsEtaAndMetrics() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        tiny(0.1).fit(Tensor.ones(8, 1), Tensor.ones(8, 1), FitOptions.epochs(1).batchSize(2)
                .verbosity(FitOptions.Verbosity.BAR).output(new PrintStream(buf, true)));
        String out = buf.toString();
        assertTrue(out.startsWith("Epoch 1/1\n"), out);
        assertTrue(out.contains("\r1/4 ━━━━━                ETA "), out);
        assertTrue(out.contains("\r4/4 ━━━━━━━━━━━━━━━━━━━━ "), out);
        assertTrue(out.contains(" - loss: "), out);
    }
}
