package dev.landfall.nn;

import dev.landfall.data.Datasets;
import dev.landfall.nn.callbacks.Callback;
import dev.landfall.nn.layers.BatchNormalization;
import dev.landfall.nn.layers.CallContext;
import dev.landfall.nn.layers.Dense;
import dev.landfall.nn.layers.Input;
import dev.landfall.nn.layers.Layer;
import dev.landfall.nn.privacy.PrivacyOptions;
import dev.landfall.nn.privacy.PrivacySpent;
import dev.landfall.nn.privacy.RdpAccountant;
import dev.landfall.tensor.DType;
import dev.landfall.tensor.Rng;
import dev.landfall.tensor.Shape;
import dev.landfall.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** DP-SGD inside fit: clipping, the generic route, accounting, the plan and its refusals. */
class PrivateTrainingTest {
    private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    /** Two Gaussian blobs in 4 dimensions, labels 0/1. */
    private static Tensor[] blobs(int n, long seed) {
        Tensor y = Tensor.fromArray(java.util.stream.IntStream.range(0, n).mapToDouble(i -> i % 2).toArray(), n, 1)
                .to(DType.FLOAT32);
        Tensor x = Tensor.normal(Shape.of(n, 4), 0, 1, DType.FLOAT32, Rng.of(seed)).add(y.mul(2.0).sub(1.0).mul(1.5));
        return new Tensor[] {x, y};
    }

    private static Sequential classifier() {
        Sequential m = Sequential.of(Input.of(4), Dense.of(8, Activations.TANH), Dense.of(1, Activations.SIGMOID));
        m.compile(Optimizers.sgd(0.5), Losses.binaryCrossentropy(), Metrics.accuracy());
        return m;
    }

    @Test
    void privateTrainingLearnsAndReportsTheEpsilonTheAccountantGives() {
        Rng.setGlobalSeed(3);
        Tensor[] d = blobs(1000, 1);
        Sequential m = classifier();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        History h = m.fit(Datasets.fromTensors(d[0], d[1]), FitOptions.epochs(4).batchSize(100)
                .verbosity(FitOptions.Verbosity.LINE).output(new PrintStream(printed, true, StandardCharsets.UTF_8))
                .privacy(PrivacyOptions.of(1.0, 1.0).delta(1e-4)));
        String out = printed.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("DP-SGD: noise multiplier 1, clipping norm 1, sampling rate 0.1 (expected batch 100 of 1000 examples), 40 steps"), out);
        assertTrue(out.contains("epsilon"), "the epoch lines show ε: " + out);
        for (int e = 1; e <= 4; e++) {
            double expected = new RdpAccountant(RdpAccountant.ALL_ORDERS).compose(1.0, 0.1, 10L * e).epsilon(1e-4).epsilon();
            assertEquals(expected, h.get("epsilon").get(e - 1), 1e-12, "ε after epoch " + e);
        }
        PrivacySpent spent = m.privacySpent();
        assertEquals(40, spent.steps());
        assertEquals(h.last("epsilon"), spent.epsilon(), 0);
        assertEquals(1e-4, spent.delta());
        assertTrue(m.evaluate(d[0], d[1]).get("accuracy") > 0.9, "DP-SGD still learns separable blobs");
        try {
            java.nio.file.Path file = java.nio.file.Files.createTempDirectory("dp").resolve("m.landfall");
            dev.landfall.nn.io.ModelFile.save(file, m, dev.landfall.nn.io.SaveOptions.defaults());
            assertEquals(spent, dev.landfall.nn.io.ModelFile.load(file).model().privacySpent(), "the file keeps the record");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }

        m.fit(Datasets.fromTensors(d[0], d[1]), FitOptions.epochs(1).batchSize(100).verbosity(FitOptions.Verbosity.SILENT)
                .privacy(PrivacyOptions.of(2.0, 1.0).delta(1e-4)));
        assertEquals(2, m.privacySpent().phases().size(), "a second private fit adds a phase");
        double composed = new RdpAccountant(RdpAccountant.ALL_ORDERS).compose(1.0, 0.1, 40).compose(2.0, 0.1, 10)
                .epsilon(1e-4).epsilon();
        assertEquals(composed, m.privacySpent().epsilon(), 1e-12);

        m.fit(d[0], d[1], FitOptions.epochs(1).verbosity(FitOptions.Verbosity.SILENT));
        assertNull(m.privacySpent(), "ordinary training voids the guarantee");
    }

    @Test
    void aTargetEpsilonSetsTheNoiseAndIsNotExceeded() {
        Tensor[] d = blobs(500, 2);
        Sequential m = classifier();
        History h = m.fit(Datasets.fromTensors(d[0], d[1]), FitOptions.epochs(3).batchSize(50)
                .verbosity(FitOptions.Verbosity.SILENT).output(QUIET).privacy(PrivacyOptions.targetEpsilon(2.0, 1.0)
                        .delta(1e-4)));
        assertTrue(h.last("epsilon") <= 2.0 && h.last("epsilon") > 1.95, "ε " + h.last("epsilon"));

        IllegalArgumentException over = assertThrows(IllegalArgumentException.class, () -> classifier().fit(
                Datasets.fromTensors(d[0], d[1]), FitOptions.epochs(3).batchSize(50).output(QUIET)
                        .privacy(PrivacyOptions.of(0.6, 1.0).targetEpsilon(2.0).delta(1e-4))));
        assertTrue(over.getMessage().contains("more than target_epsilon 2 at"), over.getMessage());
        IllegalArgumentException unreachable = assertThrows(IllegalArgumentException.class, () -> classifier().fit(
                Datasets.fromTensors(d[0], d[1]), FitOptions.epochs(3).batchSize(50).output(QUIET)
                        .privacy(PrivacyOptions.targetEpsilon(1e-6, 1.0).delta(1e-4))));
        assertTrue(unreachable.getMessage().startsWith("privacy: target_epsilon cannot be met"), unreachable.getMessage());
    }

    /** Poisson sampling: each example in each step with probability q, independently, in batches padded to one size. */
    @Test
    void batchesArePoissonSamplesPaddedToOneSize() {
        Rng.setGlobalSeed(17);
        int n = 1000;
        Tensor x = Tensor.arange(n).to(DType.FLOAT32).reshape(n, 1).expand(n, 4).copy();
        Tensor y = Tensor.zeros(n, 1);
        Sequential m = classifier();
        m.ensureBuilt(dev.landfall.data.Tensors.of(x));
        PrivateSteps dp = PrivateSteps.plan(m, Datasets.fromTensors(x, y), 100, 1, PrivacyOptions.of(1, 1).seed(3), QUIET,
                false);
        int[] picked = new int[n];
        int steps = 0;
        long total = 0;
        int atCapacity = 0;
        for (int e = 0; e < 50; e++) {
            var it = dp.epoch(e);
            while (it.hasNext()) {
                dev.landfall.data.Example b = it.next();
                int real = dp.realCount();
                float[] ids = b.features().single().select(1, 0).toFloatArray();
                float[] w = b.sampleWeight().toFloatArray();
                assertTrue(ids.length == Math.max(real, 120), "padded to 100 + 2·sqrt(90) rounded up to 8, or the sample");
                atCapacity += ids.length == 120 ? 1 : 0;
                java.util.Set<Integer> seen = new java.util.HashSet<>();
                for (int i = 0; i < ids.length; i++) {
                    assertEquals(i < real ? 1f : 0f, w[i], "sampled examples weigh 1, the padding 0");
                    if (i < real) {
                        assertTrue(seen.add((int) ids[i]), "an example twice in one batch");
                        picked[(int) ids[i]]++;
                    }
                }
                total += real;
                steps++;
            }
        }
        assertEquals(500, steps);
        assertEquals(100.0, (double) total / steps, 2.0, "the expected batch size");
        assertTrue(atCapacity >= 480, "about 2 % of Poisson samples exceed 2 standard deviations: " + (500 - atCapacity));
        double mean = java.util.Arrays.stream(picked).average().orElseThrow();
        double var = java.util.Arrays.stream(picked).mapToDouble(c -> (c - mean) * (c - mean)).sum() / (n - 1);
        assertEquals(50, mean, 2.0, "each example in 10 % of 500 steps");
        assertEquals(45, var, 8, "binomial(500, 0.1) spread: each example drawn independently");
    }

    /**
     * One example with a huge gradient moves the weights by at most the clipping norm: with q = 1 and almost
     * no noise the update is exactly −lr·Σ_i c_i·g_i / N, each c_i·g_i of norm at most C.
     */
    @Test
    void clippingBoundsEachExamplesContribution() {
        Rng.setGlobalSeed(9);
        double[][] xs = {{1, 0, 2}, {0, 1, -1}, {2, 1, 0}, {1, 1, 1}};
        double[] ys = {1, -1, 0.5, 1e6}; // the last example's gradient is ~1e6 times the others'
        Tensor x = Tensor.fromArray(new double[] {1, 0, 2, 0, 1, -1, 2, 1, 0, 1, 1, 1}, 4, 3);
        Tensor y = Tensor.fromArray(ys, 4, 1);
        Dense dense = (Dense) Dense.of(1).setDtype(DType.FLOAT64);
        Sequential m = Sequential.of(Input.of(Shape.of(3), DType.FLOAT64), dense);
        m.compile(Optimizers.sgd(1.0), Losses.meanSquaredError());
        m.ensureBuilt(dev.landfall.data.Tensors.of(x));
        double[] w0 = dense.trainableWeights().get(0).value().toDoubleArray();
        double b0 = dense.trainableWeights().get(1).value().item();
        double clip = 0.5;
        m.fit(Datasets.fromTensors(x, y), FitOptions.epochs(1).batchSize(4).verbosity(FitOptions.Verbosity.SILENT)
                .output(QUIET).privacy(PrivacyOptions.of(1e-12, clip).delta(0.01)));
        double[] expected = new double[4]; // kernel (3) and bias
        for (int i = 0; i < 4; i++) {
            double pred = b0;
            for (int k = 0; k < 3; k++) {
                pred += xs[i][k] * w0[k];
            }
            double r = 2 * (pred - ys[i]); // d/dpred of (pred − y)²
            double[] g = {r * xs[i][0], r * xs[i][1], r * xs[i][2], r};
            double norm = Math.sqrt(g[0] * g[0] + g[1] * g[1] + g[2] * g[2] + g[3] * g[3]);
            double c = Math.min(1, clip / (norm + 1e-6));
            assertTrue(c * norm <= clip + 1e-9);
            for (int k = 0; k < 4; k++) {
                expected[k] += c * g[k];
            }
        }
        double[] w1 = dense.trainableWeights().get(0).value().toDoubleArray();
        double b1 = dense.trainableWeights().get(1).value().item();
        for (int k = 0; k < 3; k++) {
            assertEquals(w0[k] - expected[k] / 4, w1[k], 1e-9, "kernel " + k);
        }
        assertEquals(b0 - expected[3] / 4, b1, 1e-9, "bias");
        double moved = Math.sqrt(java.util.stream.IntStream.range(0, 3).mapToDouble(k -> (w1[k] - w0[k]) * (w1[k] - w0[k]))
                .sum() + (b1 - b0) * (b1 - b0));
        assertTrue(moved <= clip + 1e-9, "the step moved " + moved + ", more than 4 clipped examples / 4 allow");
    }

    /** A layer with a weight but no tape record: the generic route (a backward pass per example) gives the same step. */
    static final class UntapedDense extends Layer {
        private Weight kernel;

        @Override
        protected void build(Shape in) {
            kernel = addWeight("kernel", Shape.of(in.dim(-1), 2), Initializers.GLOROT_UNIFORM, true, null);
        }

        @Override
        protected Tensor call(Tensor x, CallContext ctx) {
            return x.matmul(kernel.value()).tanh();
        }
    }

    @Test
    void layersWithoutARuleTakeTheGenericRouteWithTheSameResult() {
        Tensor[] d = blobs(64, 4);
        double[] results = new double[2];
        for (int variant = 0; variant < 2; variant++) {
            Rng.setGlobalSeed(21);
            Layer first = variant == 0 ? Dense.of(2, Activations.TANH).withoutBias() : new UntapedDense();
            // an L2 penalty on the second layer: its gradient is added once, after the noise, on both routes
            Sequential m = Sequential.of(Input.of(4), first, Dense.of(1, Activations.SIGMOID)
                    .kernelRegularizer(Regularizers.l2(0.05)));
            m.compile(Optimizers.sgd(0.5), Losses.binaryCrossentropy());
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            m.fit(Datasets.fromTensors(d[0], d[1]), FitOptions.epochs(2).batchSize(16)
                    .verbosity(FitOptions.Verbosity.LINE).output(new PrintStream(printed, true, StandardCharsets.UTF_8))
                    .privacy(PrivacyOptions.of(0.8, 0.3).delta(1e-3).seed(5)));
            results[variant] = m.evaluate(d[0], d[1]).loss();
            String said = printed.toString(StandardCharsets.UTF_8);
            assertEquals(variant == 1, said.contains("DP-SGD: no per-example rule for untaped_dense.kernel; each step takes "
                    + "a backward pass per example (slower)"), said);
        }
        assertEquals(results[0], results[1], 1e-5, "tape and one-by-one backward passes train the same model");
    }

    @Test
    void theRecordCountsEveryStepAndSaysWhereTheWeightsCameFrom() {
        Tensor[] d = blobs(200, 6);
        Sequential m = classifier();
        Callback stop = new Callback() {
            @Override
            public void onTrainBatchEnd(int batch, java.util.Map<String, Double> logs) {
                if (m.privacySpent() != null && batch == 3) {
                    throw new IllegalStateException("stopped in the second epoch");
                }
            }
        };
        assertThrows(IllegalStateException.class, () -> m.fit(Datasets.fromTensors(d[0], d[1]), FitOptions.epochs(3)
                .batchSize(20).verbosity(FitOptions.Verbosity.SILENT).callbacks(stop).output(QUIET)
                .privacy(PrivacyOptions.of(1, 1).delta(1e-3))));
        assertEquals(14, m.privacySpent().steps(), "10 steps of epoch 1 and the 4 of epoch 2 before it stopped");
        assertTrue(!m.privacySpent().afterNonPrivateTraining());

        m.trainOnBatch(d[0].slice(0, 0, 20), d[1].slice(0, 0, 20));
        assertNull(m.privacySpent(), "a step without privacy voids the record");
        m.fit(Datasets.fromTensors(d[0], d[1]), FitOptions.epochs(1).batchSize(20).verbosity(FitOptions.Verbosity.SILENT)
                .output(QUIET).privacy(PrivacyOptions.of(1, 1).delta(1e-3)));
        assertTrue(m.privacySpent().afterNonPrivateTraining());
        assertTrue(m.privacySpent().describe().contains("from weights trained without privacy"),
                m.privacySpent().describe());
    }

    @Test
    void maskedOutputsAreRefused() {
        Sequential m = Sequential.of(Input.of(dev.landfall.tensor.Shape.of(4), DType.INT32),
                dev.landfall.nn.layers.Embedding.of(10, 3).maskZero(true),
                dev.landfall.nn.layers.LSTM.of(2).returnSequences(true), Dense.of(3, Activations.SOFTMAX));
        m.compile(Optimizers.sgd(0.1), Losses.sparseCategoricalCrossentropy());
        Tensor x = Tensor.fromArray(new int[] {1, 2, 0, 0, 3, 4, 5, 0}, 2, 4);
        Tensor y = Tensor.zeros(2, 4);
        dev.landfall.nn.privacy.PrivacyException e = assertThrows(dev.landfall.nn.privacy.PrivacyException.class,
                () -> m.fit(Datasets.fromTensors(x, y), FitOptions.epochs(1).batchSize(2).output(QUIET)
                        .privacy(PrivacyOptions.of(1, 1).delta(1e-3))));
        assertTrue(e.getMessage().contains("carries a mask") && e.getMessage().contains("'dense'"), e.getMessage());
    }

    @Test
    void whatCannotBeTrainedPrivatelyIsRefusedInOneLine() {
        Tensor[] d = blobs(100, 5);
        Sequential bn = Sequential.of(Input.of(4), BatchNormalization.of(), Dense.of(1, Activations.SIGMOID));
        bn.compile(Optimizers.sgd(0.1), Losses.binaryCrossentropy());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bn.fit(
                Datasets.fromTensors(d[0], d[1]), FitOptions.epochs(1).output(QUIET).privacy(PrivacyOptions.of(1, 1))));
        assertTrue(e.getMessage().contains("'batch_normalization' (BatchNormalization)")
                && e.getMessage().contains("LayerNormalization"), e.getMessage());

        IllegalArgumentException batched = assertThrows(IllegalArgumentException.class, () -> classifier().fit(
                Datasets.fromTensors(d[0], d[1]).batch(10), FitOptions.epochs(1).output(QUIET)
                        .privacy(PrivacyOptions.of(1, 1))));
        assertTrue(batched.getMessage().contains("Poisson sampling"), batched.getMessage());

        for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThrows(IllegalArgumentException.class, () -> PrivacyOptions.of(1, bad), "clip " + bad);
        }
        IllegalArgumentException noise = assertThrows(IllegalArgumentException.class, () -> PrivacyOptions.of(0, 1));
        assertEquals("Received an invalid value for noise_multiplier, expected a positive number. Received: "
                + "noise_multiplier=0.0", noise.getMessage());

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        classifier().fit(Datasets.fromTensors(d[0], d[1]), FitOptions.epochs(1).batchSize(10)
                .verbosity(FitOptions.Verbosity.SILENT).output(new PrintStream(printed, true, StandardCharsets.UTF_8))
                .privacy(PrivacyOptions.of(1, 1).delta(0.05)));
        String warning = printed.toString(StandardCharsets.UTF_8);
        assertTrue(warning.contains("privacy: warning: delta 0.05 is not below 1/N = 0.01 (N = 100 examples)"), warning);
        List.of(warning.split("\n")).forEach(line -> assertTrue(line.length() < 300, line));
    }
}
