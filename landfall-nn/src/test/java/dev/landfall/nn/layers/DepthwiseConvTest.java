package dev.landfall.nn.layers;

import dev.landfall.tensor.DType;
import dev.landfall.tensor.Functional;
import dev.landfall.tensor.Padding;
import dev.landfall.tensor.Rng;
import dev.landfall.tensor.Shape;
import dev.landfall.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * A depthwise convolution is a full conv2d whose kernel only links channel c to outputs c·m … c·m + m − 1
 * (Keras's order), and a separable one is that followed by a 1×1 convolution: both checked against conv2d.
 */
class DepthwiseConvTest {
    @Test
    void depthwiseAndSeparableEqualConv2dWithTheEquivalentKernels() {
        int c = 3;
        int m = 2;
        Tensor x = Tensor.normal(Shape.of(2, 5, 6, c), 0, 1, DType.FLOAT64, Rng.of(1));
        DepthwiseConv2D d = DepthwiseConv2D.of(3).depthMultiplier(m).padding("same");
        d.strides(2, 1);
        d.setName("d").setDtype(DType.FLOAT64);
        d.build(List.of(Shape.of(5, 6, c)));
        double[] dk = d.weights().get(0).value().toDoubleArray(); // (3, 3, c, m)
        double[] full = new double[3 * 3 * c * c * m];            // (3, 3, c, c·m)
        for (int p = 0; p < 9; p++) {
            for (int ch = 0; ch < c; ch++) {
                for (int j = 0; j < m; j++) {
                    full[(p * c + ch) * c * m + ch * m + j] = dk[(p * c + ch) * m + j];
                }
            }
        }
        Tensor fullKernel = Tensor.fromArray(full, 3, 3, c, c * m);
        Tensor expected = Functional.conv2d(x, fullKernel, new int[] {2, 1}, Padding.SAME, new int[] {1, 1});
        assertArrayEquals(expected.toDoubleArray(), d.forward(x).toDoubleArray(), 1e-12);

        SeparableConv2D s = SeparableConv2D.of(4, 3);
        s.depthMultiplier(m);
        s.setName("s").setDtype(DType.FLOAT64);
        s.build(List.of(Shape.of(5, 6, c)));
        Tensor depthwiseKernel = s.weights().get(0).value();
        Tensor pointwise = s.weights().get(1).value();
        Tensor viaConv = Functional.conv2d(DepthwiseConv2D.depthwise(x, depthwiseKernel, new int[] {1, 1}, "valid"),
                pointwise, new int[] {1, 1}, Padding.VALID, new int[] {1, 1});
        assertArrayEquals(viaConv.toDoubleArray(), s.forward(x).toDoubleArray(), 1e-12);
    }
}
