package dev.landfall.nn.layers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.landfall.tensor.DType;
import dev.landfall.tensor.Shape;
import dev.landfall.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * LSTM, GRU (reset_after) and SimpleRNN against PyTorch 1.13's LSTM, GRU and RNN on fixed weights: every
 * step's output and the gradients of the input and every weight, within 1e-9 relative in float64. The values
 * come from {@code src/test/python/recurrent_golden.py}, run once with Debian's python3-torch; its formula for
 * each tensor is repeated here.
 */
class RecurrentGoldenTest {
    private static JsonNode golden() throws IOException {
        try (InputStream in = RecurrentGoldenTest.class.getResourceAsStream("/golden/recurrent.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    /** Value k of a tensor: {@code scale·sin(rate·k + s)}, as the script fills it. */
    private static Tensor filled(Shape shape, double s, double scale, double rate) {
        double[] v = new double[(int) shape.size()];
        for (int k = 0; k < v.length; k++) {
            v[k] = scale * Math.sin(rate * k + s);
        }
        return Tensor.fromArray(v, shape.toArray());
    }

    @ParameterizedTest
    @ValueSource(strings = {"lstm", "gru", "rnn"})
    void matchesPyTorch(String kind) throws IOException {
        JsonNode g = golden();
        int batch = g.get("batch").asInt();
        int steps = g.get("steps").asInt();
        int features = g.get("features").asInt();
        int units = g.get("units").asInt();
        Recurrent layer = switch (kind) {
            case "lstm" -> LSTM.of(units);
            case "gru" -> GRU.of(units);
            default -> SimpleRNN.of(units);
        };
        layer.returnSequences(true).setName(kind).setDtype(DType.FLOAT64);
        layer.build(List.of(Shape.of(steps, features)));
        double[] seeds = {0.1, 0.2, 0.3};
        for (int w = 0; w < 3; w++) {
            layer.weights().get(w).assign(filled(layer.weights().get(w).shape(), seeds[w], 0.5, 0.37));
        }
        Tensor x = filled(Shape.of(batch, steps, features), 1.3, 1.0, 0.71).requiresGrad(true);
        Tensor out = layer.forward(x);
        double[] cos = new double[(int) out.size()];
        for (int k = 0; k < cos.length; k++) {
            cos[k] = Math.cos(0.53 * k);
        }
        out.mul(Tensor.fromArray(cos, out.shape().toArray())).sum().backward();
        JsonNode expected = g.get(kind);
        assertClose(expected.get("output"), out.toDoubleArray(), kind + " output");
        assertClose(expected.get("grad_input"), x.grad().toDoubleArray(), kind + " input gradient");
        String[] names = {"grad_kernel", "grad_recurrent_kernel", "grad_bias"};
        for (int w = 0; w < 3; w++) {
            assertClose(expected.get(names[w]), layer.weights().get(w).value().grad().toDoubleArray(), kind + " " + names[w]);
        }
    }

    private static void assertClose(JsonNode expected, double[] actual, String what) {
        assertEquals(expected.size(), actual.length, what + ": length");
        double scale = 0;
        double diff = 0;
        for (int k = 0; k < actual.length; k++) {
            scale = Math.max(scale, Math.abs(expected.get(k).asDouble()));
            diff = Math.max(diff, Math.abs(expected.get(k).asDouble() - actual[k]));
        }
        assertTrue(scale > 0, what + ": all zeros");
        assertTrue(diff <= 1e-9 * scale, what + ": max difference " + diff + " at scale " + scale);
    }
}
