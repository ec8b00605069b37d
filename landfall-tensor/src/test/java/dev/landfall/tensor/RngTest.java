package dev.landfall.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RngTest {
    @Test
    void valuesArePureFunctionsOfKeyAndIndex() {
        Rng r = Rng.of(42).derive("shuffle").derive(3);
        double a = r.uniform(1000);
        r.uniform(5);
        assertEquals(a, Rng.of(42).derive("shuffle").derive(3).uniform(1000));
        assertNotEquals(a, Rng.of(42).derive("shuffle").derive(4).uniform(1000));
        assertNotEquals(a, Rng.of(42).derive("dropout").derive(3).uniform(1000));
    }

    @Test
    void distributionsHaveTheRightMoments() {
        Rng r = Rng.of(7);
        int n = 200_000;
        double su = 0;
        double sn = 0;
        double sn2 = 0;
        int[] buckets = new int[10];
        for (int i = 0; i < n; i++) {
            double u = r.uniform(i);
            assertTrue(u >= 0 && u < 1);
            su += u;
            double z = r.normal(i);
            sn += z;
            sn2 += z * z;
            buckets[r.nextInt(i, 10)]++;
        }
        assertEquals(0.5, su / n, 0.005);
        assertEquals(0.0, sn / n, 0.01);
        assertEquals(1.0, sn2 / n, 0.01);
        for (int b : buckets) {
            assertEquals(n / 10.0, b, n * 0.005);
        }
    }

    @Test
    void tensorFactoriesUseTheGivenStream() {
        Tensor u = Tensor.uniform(Shape.of(1000), -2, 3, DType.FLOAT64, Rng.of(1));
        assertEquals(Rng.of(1).uniform(17) * 5 - 2, u.toDoubleArray()[17], 1e-12);
        Tensor g = Tensor.normal(Shape.of(5), 10, 2, DType.FLOAT64, Rng.of(2));
        assertEquals(10 + 2 * Rng.of(2).normal(3), g.toDoubleArray()[3], 1e-12);
    }
}
