package dev.landfall.tensor;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Every differentiable op against central differences in FLOAT64 (eps 1e-6, relative error ≤ 1e-6).
 * The scalar checked is {@code Σ f(x)·w} with fixed random weights w, so every output element's
 * gradient matters and a wrong sign or index shows.
 */
class GradientCheckTest {
    static final double EPS = 1e-6;
    static final double TOL = 1e-6;

    static List<OpCases.Case> cases() {
        return OpCases.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void analyticGradientMatchesCentralDifferences(OpCases.Case c) {
        Tensor[] inputs = new Tensor[c.inputs().length];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = c.inputs()[i].copy().requiresGrad(true);
        }
        Tensor out = c.f().apply(inputs);
        Tensor w = Tensor.normal(out.shape(), 0, 1, DType.FLOAT64, Rng.of(99));
        out.mul(w).sum().backward();

        for (int i = 0; i < inputs.length; i++) {
            assertNotNull(inputs[i].grad(), c.name() + ": input " + i + " got no gradient");
            assertEquals(inputs[i].shape(), inputs[i].grad().shape(), c.name() + ": gradient shape of input " + i);
            double[] analytic = inputs[i].grad().toDoubleArray();
            double[] numeric = numericGradient(c, w, i);
            TestSupport.assertClose(numeric, analytic, TOL, c.name() + " input " + i);
        }
    }

    private static double[] numericGradient(OpCases.Case c, Tensor w, int which) {
        Tensor[] base = new Tensor[c.inputs().length];
        for (int i = 0; i < base.length; i++) {
            base[i] = c.inputs()[i].copy();
        }
        double[] data = (double[]) base[which].storage.data();
        double[] grad = new double[data.length];
        try (var g = Tensor.noGrad()) {
            for (int j = 0; j < data.length; j++) {
                double saved = data[j];
                data[j] = saved + EPS;
                double plus = c.f().apply(base).mul(w).sum().item();
                data[j] = saved - EPS;
                double minus = c.f().apply(base).mul(w).sum().item();
                data[j] = saved;
                grad[j] = (plus - minus) / (2 * EPS);
            }
        }
        return grad;
    }

    @org.junit.jupiter.api.Test
    void everyPrimitiveIsCoveredByACase() {
        // Guard: a new primitive must come with a gradient check. Count the distinct primitives the
        // cases reach by recording their graphs.
        java.util.Set<String> seen = new java.util.TreeSet<>();
        for (OpCases.Case c : OpCases.all()) {
            Tensor[] in = new Tensor[c.inputs().length];
            for (int i = 0; i < in.length; i++) {
                in[i] = c.inputs()[i].copy().requiresGrad(true);
            }
            collect(c.f().apply(in).gradFn, seen, java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
        }
        java.util.Set<String> expected = new java.util.TreeSet<>();
        for (Op op : Op.values()) {
            expected.add(op.name());
        }
        expected.remove("CAST"); // FLOAT64 -> FLOAT32 -> FLOAT64 loses precision; checked in AutogradTest
        seen.remove("CAST");
        assertArrayEquals(expected.toArray(), seen.toArray(), "primitives reached by the gradient-check cases");
    }

    private static void collect(Node n, java.util.Set<String> seen, java.util.Set<Node> visited) {
        if (n == null || !visited.add(n)) {
            return;
        }
        seen.add(n.op.name());
        for (Tensor t : n.inputs) {
            if (t != null) {
                collect(t.gradFn, seen, visited);
            }
        }
    }
}
