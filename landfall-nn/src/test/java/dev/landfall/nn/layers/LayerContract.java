package dev.landfall.nn.layers;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.landfall.nn.Weight;
import dev.landfall.tensor.DType;
import dev.landfall.tensor.Rng;
import dev.landfall.tensor.Shape;
import dev.landfall.tensor.Tensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reusable layer contract (Keras's {@code run_layer_test}): output shape, weight count, config
 * round trip through JSON, state-dict round trip, one training step lowers a loss, and a FLOAT64
 * gradient check of the inputs and every weight.
 */
final class LayerContract {
    static final int BATCH = 3;

    /** One layer under test. */
    record Spec(String name, Supplier<Layer> factory, List<Shape> inputs, DType inputDtype, Shape output, int weights,
                boolean training) {
        @Override
        public String toString() {
            return name;
        }
    }

    private LayerContract() {
    }

    static List<Tensor> inputs(Spec s, DType floatType, long seed) {
        List<Tensor> xs = new ArrayList<>();
        for (int i = 0; i < s.inputs().size(); i++) {
            Shape per = s.inputs().get(i);
            int[] dims = new int[per.rank() + 1];
            dims[0] = BATCH;
            System.arraycopy(per.toArray(), 0, dims, 1, per.rank());
            if (s.inputDtype() == DType.INT32) {
                int[] ids = new int[Shape.of(dims).size()];
                for (int j = 0; j < ids.length; j++) {
                    ids[j] = 1 + (int) Math.floorMod(Rng.of(seed + i).bits(j), 9L);
                }
                ids[0] = 0; // one padding id
                xs.add(Tensor.fromArray(ids, dims));
            } else {
                xs.add(Tensor.normal(Shape.of(dims), 0, 1, floatType, Rng.of(seed + i)));
            }
        }
        return xs;
    }

    static CallContext ctx(Spec s) {
        return new CallContext(s.training(), null, Rng.of(123));
    }

    static void check(Spec s) throws Exception {
        Layer layer = s.factory().get().setName("under_test");
        List<Tensor> xs = inputs(s, DType.FLOAT32, 10);
        Tensor y = layer.forward(xs, ctx(s));
        int[] expected = new int[s.output().rank() + 1];
        expected[0] = BATCH;
        System.arraycopy(s.output().toArray(), 0, expected, 1, s.output().rank());
        assertEquals(Shape.of(expected), y.shape(), s.name() + ": output shape");
        assertEquals(s.weights(), layer.weights().size(), s.name() + ": weight count");

        // config round trip through JSON
        ObjectMapper json = new ObjectMapper();
        String text = json.writeValueAsString(layer.getConfig());
        @SuppressWarnings("unchecked")
        Map<String, Object> back = json.readValue(text, Map.class);
        Layer copy = Layers.fromConfig(layer.className(), back);
        assertEquals(text, json.writeValueAsString(copy.getConfig()), s.name() + ": config round trip");

        // state-dict round trip: the copy, given the weights, computes the same outputs
        copy.forward(xs, CallContext.inference());
        Map<String, Tensor> state = new LinkedHashMap<>();
        for (Weight w : layer.weights()) {
            state.put(w.localName(), w.value());
        }
        for (Weight w : copy.weights()) {
            w.assign(state.get(w.localName()));
        }
        try (var g = Tensor.noGrad()) {
            assertArrayEquals(layer.forward(xs, CallContext.inference()).toFloatArray(),
                    copy.forward(xs, CallContext.inference()).toFloatArray(), 0f, s.name() + ": state-dict round trip");
        }

        // one SGD step on a fixed batch lowers the loss
        List<Weight> trainable = layer.trainableWeights();
        if (!trainable.isEmpty()) {
            Tensor target = Tensor.normal(y.shape(), 0, 1, DType.FLOAT32, Rng.of(77));
            Tensor before = layer.forward(xs, ctx(s)).sub(target).square().mean();
            before.backward();
            try (var g = Tensor.noGrad()) {
                for (Weight w : trainable) {
                    w.value().subInPlace(w.value().grad().mul(0.05));
                    w.value().zeroGrad();
                }
            }
            double after = layer.forward(xs, ctx(s)).sub(target).square().mean().item();
            assertTrue(after < before.item(), s.name() + ": one step should lower the loss: " + before.item() + " -> " + after);
        }
        gradientCheck(s);
    }

    /** Central differences in FLOAT64 for the float inputs and every trainable weight. */
    static void gradientCheck(Spec s) {
        Layer layer = s.factory().get().setName("under_test").setDtype(DType.FLOAT64);
        List<Tensor> xs = inputs(s, DType.FLOAT64, 20);
        layer.forward(xs, ctx(s));
        for (Tensor x : xs) {
            if (x.dtype().isFloating()) {
                x.requiresGrad(true);
            }
        }
        Tensor w = Tensor.normal(layer.forward(xs, ctx(s)).shape(), 0, 1, DType.FLOAT64, Rng.of(5));
        layer.forward(xs, ctx(s)).mul(w).sum().backward();
        List<Tensor> params = new ArrayList<>();
        for (Tensor x : xs) {
            if (x.requiresGrad()) {
                params.add(x);
            }
        }
        for (Weight wt : layer.trainableWeights()) {
            params.add(wt.value());
        }
        for (Tensor p : params) {
            double[] analytic = p.grad().toDoubleArray();
            double[] numeric = new double[analytic.length];
            double[] data = p.toDoubleArray();
            for (int j = 0; j < data.length; j++) {
                numeric[j] = (value(layer, s, xs, w, p, data, j, 1e-6) - value(layer, s, xs, w, p, data, j, -1e-6)) / 2e-6;
            }
            double diff = 0;
            double scale = 0;
            for (int j = 0; j < numeric.length; j++) {
                diff = Math.max(diff, Math.abs(analytic[j] - numeric[j]));
                scale = Math.max(scale, Math.max(Math.abs(analytic[j]), Math.abs(numeric[j])));
            }
            // A gradient that is exactly zero in theory (e.g. attention's key bias: softmax ignores a
            // per-query constant) is compared absolutely, against the noise floor of the differences.
            double rel = scale < 1e-8 ? diff : diff / scale;
            assertTrue(rel <= 1e-6, s.name() + ": gradient of " + p.shape() + " has relative error " + rel);
        }
    }

    private static double value(Layer layer, Spec s, List<Tensor> xs, Tensor w, Tensor p, double[] data, int j, double eps) {
        double[] shifted = data.clone();
        shifted[j] += eps;
        try (var g = Tensor.noGrad()) {
            Tensor saved = p.copy();
            p.copyFrom(Tensor.fromArray(shifted, p.shape().toArray()));
            double v = layer.forward(xs, ctx(s)).mul(w).sum().item();
            p.copyFrom(saved);
            return v;
        }
    }
}
