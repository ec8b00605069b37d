package dev.landfall.tensor;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

/** The same ops on FLOAT32 agree with FLOAT64 within 1e-5 relative, forward and backward. */
class PrecisionTest {
    static List<OpCases.Case> cases() {
        return OpCases.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void float32AgreesWithFloat64(OpCases.Case c) {
        Result d = run(c, DType.FLOAT64);
        Result f = run(c, DType.FLOAT32);
        TestSupport.assertClose(d.out, f.out, 1e-5, c.name() + " forward");
        for (int i = 0; i < d.grads.length; i++) {
            TestSupport.assertClose(d.grads[i], f.grads[i], 1e-5, c.name() + " gradient of input " + i);
        }
    }

    private record Result(double[] out, double[][] grads) {
    }

    private static Result run(OpCases.Case c, DType dtype) {
        Tensor[] in = new Tensor[c.inputs().length];
        for (int i = 0; i < in.length; i++) {
            in[i] = c.inputs()[i].to(dtype).copy().requiresGrad(true);
        }
        Tensor out = c.f().apply(in);
        Tensor w = Tensor.normal(out.shape(), 0, 1, DType.FLOAT64, Rng.of(99)).to(dtype);
        out.mul(w).sum().backward();
        double[][] grads = new double[in.length][];
        for (int i = 0; i < in.length; i++) {
            grads[i] = in[i].grad().toDoubleArray();
        }
        return new Result(out.toDoubleArray(), grads);
    }
}
