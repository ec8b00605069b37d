package dev.landfall.nn.optimizers;

import dev.landfall.nn.Optimizers;
import dev.landfall.nn.Weight;
import dev.landfall.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The first steps of each optimizer on a fixed problem against values worked out by hand, scalar by
 * scalar, from Keras's update rules and, with the PyTorch option, from PyTorch's.
 */
class OptimizerTest {
    static final double[] W0 = {1.0, -2.0};
    static final double[][] GRADS = {{0.5, -1.0}, {0.1, 0.3}, {-0.2, 0.05}};

    private static double[] run(Optimizer opt) {
        Weight w = new Weight("kernel", Tensor.fromArray(W0.clone()), true, null);
        for (double[] g : GRADS) {
            opt.apply(List.of(Tensor.fromArray(g.clone())), List.of(w));
        }
        return w.value().toDoubleArray();
    }

    @Test
    void sgdPlainAndWithMomentum() {
        double lr = 0.1;
        double[] plain = W0.clone();
        for (double[] g : GRADS) {
            for (int i = 0; i < 2; i++) {
                plain[i] -= lr * g[i];
            }
        }
        assertArrayEquals(plain, run(Optimizers.sgd(lr)), 1e-15);

        // Keras: v = m*v - lr*g; w += v   (nesterov: w += m*v - lr*g)
        double m = 0.9;
        for (boolean nesterov : new boolean[] {false, true}) {
            double[] w = W0.clone();
            double[] v = new double[2];
            for (double[] g : GRADS) {
                for (int i = 0; i < 2; i++) {
                    v[i] = m * v[i] - lr * g[i];
                    w[i] += nesterov ? m * v[i] - lr * g[i] : v[i];
                }
            }
            assertArrayEquals(w, run(Optimizers.sgd(lr, m, nesterov)), 1e-15, "keras nesterov=" + nesterov);
            // PyTorch: b = m*b + g; w -= lr*b   (nesterov: w -= lr*(g + m*b))
            double[] wt = W0.clone();
            double[] b = new double[2];
            for (double[] g : GRADS) {
                for (int i = 0; i < 2; i++) {
                    b[i] = m * b[i] + g[i];
                    wt[i] -= lr * (nesterov ? g[i] + m * b[i] : b[i]);
                }
            }
            assertArrayEquals(wt, run(Optimizers.sgd(lr, m, nesterov).pytorchStyle()), 1e-15, "torch nesterov=" + nesterov);
        }
    }

    @Test
    void adamKerasAndPytorch() {
        double lr = 0.01;
        double b1 = 0.9;
        double b2 = 0.999;
        // Keras: eps 1e-7 added to sqrt(v) before the bias-corrected step size
        double[] w = W0.clone();
        double[] m = new double[2];
        double[] v = new double[2];
        for (int t = 1; t <= GRADS.length; t++) {
            double alpha = lr * Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t));
            for (int i = 0; i < 2; i++) {
                double g = GRADS[t - 1][i];
                m[i] += (g - m[i]) * (1 - b1);
                v[i] += (g * g - v[i]) * (1 - b2);
                w[i] -= alpha * m[i] / (Math.sqrt(v[i]) + 1e-7);
            }
        }
        assertArrayEquals(w, run(Optimizers.adam(lr)), 1e-14);
        // PyTorch: eps 1e-8 added after bias correction
        double[] wt = W0.clone();
        m = new double[2];
        v = new double[2];
        for (int t = 1; t <= GRADS.length; t++) {
            for (int i = 0; i < 2; i++) {
                double g = GRADS[t - 1][i];
                m[i] = b1 * m[i] + (1 - b1) * g;
                v[i] = b2 * v[i] + (1 - b2) * g * g;
                double mHat = m[i] / (1 - Math.pow(b1, t));
                double vHat = v[i] / (1 - Math.pow(b2, t));
                wt[i] -= lr * mHat / (Math.sqrt(vHat) + 1e-8);
            }
        }
        assertArrayEquals(wt, run(Optimizers.adam(lr).pytorchStyle()), 1e-14);
    }

    @Test
    void amsgradKeepsTheLargestSecondMoment() {
        double lr = 0.01;
        double[] w = W0.clone();
        double[] m = new double[2];
        double[] v = new double[2];
        double[] vHat = new double[2];
        for (int t = 1; t <= GRADS.length; t++) {
            double alpha = lr * Math.sqrt(1 - Math.pow(0.999, t)) / (1 - Math.pow(0.9, t));
            for (int i = 0; i < 2; i++) {
                double g = GRADS[t - 1][i];
                m[i] += (g - m[i]) * 0.1;
                v[i] += (g * g - v[i]) * 0.001;
                vHat[i] = Math.max(vHat[i], v[i]);
                w[i] -= alpha * m[i] / (Math.sqrt(vHat[i]) + 1e-7);
            }
        }
        assertArrayEquals(w, run(new Adam(lr, 0.9, 0.999, 1e-7, true)), 1e-14);
    }

    @Test
    void adamwDecaysBeforeTheAdamStep() {
        double lr = 0.01;
        for (boolean torch : new boolean[] {false, true}) {
            double wd = torch ? 0.01 : 0.004;
            double eps = torch ? 1e-8 : 1e-7;
            double[] w = W0.clone();
            double[] m = new double[2];
            double[] v = new double[2];
            for (int t = 1; t <= GRADS.length; t++) {
                for (int i = 0; i < 2; i++) {
                    double g = GRADS[t - 1][i];
                    w[i] -= w[i] * wd * lr;
                    m[i] = 0.9 * m[i] + 0.1 * g;
                    v[i] = 0.999 * v[i] + 0.001 * g * g;
                    if (torch) {
                        w[i] -= lr * (m[i] / (1 - Math.pow(0.9, t))) / (Math.sqrt(v[i] / (1 - Math.pow(0.999, t))) + eps);
                    } else {
                        double alpha = lr * Math.sqrt(1 - Math.pow(0.999, t)) / (1 - Math.pow(0.9, t));
                        w[i] -= alpha * m[i] / (Math.sqrt(v[i]) + eps);
                    }
                }
            }
            Optimizer opt = torch ? Optimizers.adamw(lr).pytorchStyle() : Optimizers.adamw(lr);
            assertArrayEquals(w, run(opt), 1e-14, "pytorch=" + torch);
        }
    }

    @Test
    void rmspropKerasAndPytorch() {
        double lr = 0.01;
        double[] w = W0.clone();
        double[] v = new double[2];
        for (double[] g : GRADS) {
            for (int i = 0; i < 2; i++) {
                v[i] = 0.9 * v[i] + 0.1 * g[i] * g[i];
                w[i] -= lr * g[i] / Math.sqrt(v[i] + 1e-7);
            }
        }
        assertArrayEquals(w, run(Optimizers.rmsprop(lr)), 1e-14);
        double[] wt = W0.clone();
        v = new double[2];
        for (double[] g : GRADS) {
            for (int i = 0; i < 2; i++) {
                v[i] = 0.99 * v[i] + 0.01 * g[i] * g[i];
                wt[i] -= lr * g[i] / (Math.sqrt(v[i]) + 1e-8);
            }
        }
        assertArrayEquals(wt, run(Optimizers.rmsprop(lr).pytorchStyle()), 1e-14, "pytorchStyle sets rho 0.99");
    }

    @Test
    void adagradKerasAndPytorch() {
        double lr = 0.1;
        double[] w = W0.clone();
        double[] acc = {0.1, 0.1};
        for (double[] g : GRADS) {
            for (int i = 0; i < 2; i++) {
                acc[i] += g[i] * g[i];
                w[i] -= lr * g[i] / Math.sqrt(acc[i] + 1e-7);
            }
        }
        assertArrayEquals(w, run(Optimizers.adagrad(lr)), 1e-14);
        double[] wt = W0.clone();
        double[] sum = new double[2];
        for (double[] g : GRADS) {
            for (int i = 0; i < 2; i++) {
                sum[i] += g[i] * g[i];
                wt[i] -= lr * g[i] / (Math.sqrt(sum[i]) + 1e-10);
            }
        }
        assertArrayEquals(wt, run(Optimizers.adagrad(lr).pytorchStyle()), 1e-14);
    }

    @Test
    void clippingByNormValueAndGlobalNorm() {
        Weight a = new Weight("a", Tensor.fromArray(new double[] {0, 0}), true, null);
        Weight b = new Weight("b", Tensor.fromArray(new double[] {0}), true, null);
        Optimizers.sgd(1.0).clipnorm(1.0).apply(List.of(Tensor.fromArray(new double[] {3, 4})), List.of(a));
        assertArrayEquals(new double[] {-0.6, -0.8}, a.value().toDoubleArray(), 1e-15);
        Optimizers.sgd(1.0).clipvalue(0.5).apply(List.of(Tensor.fromArray(new double[] {3, -0.1})), List.of(a));
        assertArrayEquals(new double[] {-1.1, -0.7}, a.value().toDoubleArray(), 1e-15);
        Optimizers.sgd(1.0).globalClipnorm(5.0).apply(
                List.of(Tensor.fromArray(new double[] {6, 0}), Tensor.fromArray(new double[] {8})), List.of(a, b));
        assertArrayEquals(new double[] {-4.1, -0.7}, a.value().toDoubleArray(), 1e-15);
        assertArrayEquals(new double[] {-4.0}, b.value().toDoubleArray(), 1e-15);
    }

    @Test
    void schedulesFollowKerasFormulas() {
        LearningRateSchedule exp = LearningRateSchedules.exponentialDecay(0.1, 10, 0.5, false);
        assertEquals(0.1 * Math.pow(0.5, 0.5), exp.at(5), 1e-15);
        LearningRateSchedule step = LearningRateSchedules.stepDecay(0.1, 10, 0.5);
        assertEquals(0.1, step.at(9), 1e-15);
        assertEquals(0.05, step.at(10), 1e-15);
        LearningRateSchedule pw = LearningRateSchedules.piecewiseConstant(new long[] {5, 10}, new double[] {1, 0.5, 0.1});
        assertEquals(1, pw.at(5));
        assertEquals(0.5, pw.at(6));
        assertEquals(0.1, pw.at(11));
        LearningRateSchedule cos = LearningRateSchedules.cosineDecay(0.0, 100, 0.1, 1.0, 10);
        assertEquals(0.5, cos.at(5), 1e-15);                         // linear warm-up from 0 to 1
        assertEquals(1.0, cos.at(10), 1e-15);
        assertEquals(0.9 * 0.5 * (1 + Math.cos(Math.PI * 0.5)) + 0.1, cos.at(60), 1e-15);
        assertEquals(0.1, cos.at(500), 1e-15);
        Optimizer opt = Optimizers.sgd(1).learningRate(step);
        Weight w = new Weight("w", Tensor.fromArray(new double[] {0}), true, null);
        for (int i = 0; i < 11; i++) {
            opt.apply(List.of(Tensor.fromArray(new double[] {1})), List.of(w));
        }
        assertEquals(-(10 * 0.1 + 0.05), w.value().item(), 1e-12, "the step count drives the schedule");
    }

    @Test
    void stateDictRoundTripsTheSlots() {
        Weight w = new Weight("k", Tensor.fromArray(new double[] {1, 2}), true, null);
        Optimizer a = Optimizers.adam(0.1);
        a.apply(List.of(Tensor.fromArray(new double[] {1, -1})), List.of(w));
        Weight resumed = new Weight("k", w.value().copy(), true, null);
        Optimizer b = Optimizers.adam(0.1);
        b.loadStateDict(a.stateDict(), List.of(resumed));
        assertEquals(1, b.iterations());
        a.apply(List.of(Tensor.fromArray(new double[] {0.5, 0.5})), List.of(w));
        b.apply(List.of(Tensor.fromArray(new double[] {0.5, 0.5})), List.of(resumed));
        assertArrayEquals(w.value().toDoubleArray(), resumed.value().toDoubleArray(), 0,
                "a resumed optimizer continues exactly where the saved one was");
    }

    @Test
    void onlyOneClippingOptionAsInKeras() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Optimizers.sgd().clipnorm(1).clipvalue(1));
        assertEquals("Only one of clipnorm, clipvalue and global_clipnorm can be set; received clipvalue after another one",
                e.getMessage());
    }

    @Test
    void badArgumentsAreNamed() {
        assertThrows(IllegalArgumentException.class, () -> Optimizers.sgd(0.1, 1.5, false));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Optimizers.sgd(0.1).apply(
                List.of(Tensor.ones(3)), List.of(new Weight("w", Tensor.ones(2), true, null))));
        assertEquals("apply: the gradient for w has shape [3] but the weight has [2]", e.getMessage());
    }
}
