package dev.landfall.compress;

import dev.landfall.Landfall;
import dev.landfall.nn.Activations;
import dev.landfall.nn.FitOptions;
import dev.landfall.nn.History;
import dev.landfall.nn.Losses;
import dev.landfall.nn.Metrics;
import dev.landfall.nn.Model;
import dev.landfall.nn.Optimizers;
import dev.landfall.nn.Sequential;
import dev.landfall.nn.layers.Dense;
import dev.landfall.nn.layers.Input;
import dev.landfall.tensor.DType;
import dev.landfall.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DistillerTest {
    @Test
    void theSoftTermIsTSquaredTimesTheKlOfTheSoftenedDistributions() {
        // one example, two classes: teacher logits (2, 0), student (0, 0), T = 2
        // q = softmax(1, 0) = (e/(e+1), 1/(e+1)); s = (1/2, 1/2); KL = Σ q log(q / s); times T² = 4
        double e = Math.E;
        double q0 = e / (e + 1);
        double q1 = 1 / (e + 1);
        double kl = q0 * Math.log(q0 / 0.5) + q1 * Math.log(q1 / 0.5);
        Tensor t = Tensor.fromArray(new double[] {2, 0}, 1, 2);
        Tensor s = Tensor.fromArray(new double[] {0, 0}, 1, 2);
        assertEquals(4 * kl, Distiller.distillationLoss(t, s, 2).item(), 1e-12);
        // identical logits: nothing to learn
        assertEquals(0, Distiller.distillationLoss(t, t, 2).item(), 1e-12);
    }

    @Test
    void itsGradientMatchesFiniteDifferences() {
        Landfall.setSeed(9);
        Tensor t = Tensor.randn(3, 4).to(DType.FLOAT64);
        double[] s0 = Tensor.randn(3, 4).to(DType.FLOAT64).toDoubleArray();
        Tensor s = Tensor.fromArray(s0.clone(), 3, 4).requiresGrad(true);
        Distiller.distillationLoss(t, s, 2.5).backward();
        double[] grad = s.grad().toDoubleArray();
        double h = 1e-6;
        for (int i = 0; i < s0.length; i++) {
            double[] plus = s0.clone();
            double[] minus = s0.clone();
            plus[i] += h;
            minus[i] -= h;
            double numeric = (Distiller.distillationLoss(t, Tensor.fromArray(plus, 3, 4), 2.5).item()
                    - Distiller.distillationLoss(t, Tensor.fromArray(minus, 3, 4), 2.5).item()) / (2 * h);
            assertEquals(numeric, grad[i], 1e-7 * Math.max(1, Math.abs(numeric)), "element " + i);
        }
    }

    static Model mlp(long seed, int hidden) {
        Landfall.setSeed(seed);
        Model m = Sequential.of(Input.of(10), Dense.of(hidden, Activations.RELU), Dense.of(3, Activations.SOFTMAX));
        m.compile(Optimizers.adam(3e-3), Losses.sparseCategoricalCrossentropy(), Metrics.accuracy());
        return m;
    }

    @Test
    void theStudentLearnsFromTheTeacherAndIsTheModelThatTrains() {
        Landfall.setSeed(1);
        Tensor x = Tensor.randn(512, 10);
        // three classes by the sign pattern of two features
        Tensor y = x.slice(1, 0, 1).gt(0).to(DType.FLOAT32).add(x.slice(1, 1, 2).gt(0.5).to(DType.FLOAT32)).reshape(-1)
                .to(DType.INT32);
        Model teacher = mlp(2, 64);
        teacher.fit(x, y, FitOptions.epochs(20).batchSize(32).verbosity(FitOptions.Verbosity.SILENT));
        Model student = mlp(3, 8);
        Distiller d = new Distiller(teacher, student).temperature(3).alpha(0.1);
        d.compile(Optimizers.adam(3e-3), Losses.sparseCategoricalCrossentropy(), Metrics.accuracy());
        History h = d.fit(x, y, FitOptions.epochs(30).batchSize(32).verbosity(FitOptions.Verbosity.SILENT));
        assertTrue(h.last("loss") < h.get("loss").get(0), "the distillation loss falls: " + h.get("loss"));
        assertTrue(h.last("accuracy") > 0.8, "the student's accuracy " + h.last("accuracy"));
        // the distiller's weights are the student's
        Tensor probe = x.slice(0, 0, 8);
        assertArrayEquals(d.predict(probe).toFloatArray(), student.predict(probe).toFloatArray());
        // evaluation is the student loss alone: the same as the student's own
        assertEquals(student.evaluate(x, y).loss(), d.evaluate(x, y).loss(), 1e-6);
    }

    @Test
    void mismatchedModelsAndSettingsAreRefusedByName() {
        Model teacher = mlp(1, 8);
        Model wide = Sequential.of(Input.of(10), Dense.of(5, Activations.SOFTMAX));
        assertEquals("Distiller: the teacher gives 3 outputs per example and the student 5; they must predict the same "
                + "classes", assertThrows(IllegalArgumentException.class, () -> new Distiller(teacher, wide)).getMessage());
        Distiller d = new Distiller(teacher, mlp(2, 4));
        assertEquals("Distiller: alpha must be in [0, 1], got 1.5", assertThrows(IllegalArgumentException.class,
                () -> d.alpha(1.5)).getMessage());
        assertEquals("Distiller: temperature must be > 0, got 0.0", assertThrows(IllegalArgumentException.class,
                () -> d.temperature(0)).getMessage());
    }
}
